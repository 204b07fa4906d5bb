// The collection console: plain JavaScript over the queue API (/api/v1), no build step.
// Every value from the API is put in the page with textContent, never as HTML.
(() => {
  'use strict';
  const I18N = window.FK_I18N;
  const API = '/api/v1';
  const $ = (id) => document.getElementById(id);

  const state = {
    token: sessionStorage.getItem('fk-token') || '',
    lang: localStorage.getItem('fk-lang') || 'zh',
    me: null,
    teams: [],
    team: '',
    view: 'queue',
    alerts: [],
    selected: null,
    detail: null,
    context: null,
    board: null,
    live: false,
    lastEventId: '',
    stream: null,
  };

  const t = (key) => I18N[state.lang][key] ?? key;
  const tr = (group, key) => (I18N[state.lang][group] || {})[key] ?? key;
  const locale = () => (state.lang === 'zh' ? 'zh-CN' : 'en-US');
  const money = (v) => (v === undefined || v === null ? '—' : Number(v).toLocaleString(locale(), { minimumFractionDigits: 0, maximumFractionDigits: 2 }));
  const when = (iso) => (iso ? new Date(iso).toLocaleString(locale(), { hour12: false }) : '—');
  const duration = (seconds) => {
    const m = Math.floor(seconds / 60);
    if (m < 60) return `${m}m`;
    const h = Math.floor(m / 60);
    return h < 48 ? `${h}h ${m % 60}m` : `${Math.floor(h / 24)}d ${h % 24}h`;
  };
  const canWork = () => state.me && state.me.role !== 'risk_ops';
  const canSupervise = () => state.me && state.me.role !== 'agent';

  /** A DOM element: el('td', { class: 'x', dataset: { id } }, 'text', child…). */
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') node.className = v;
      // Through the CSSOM: the console's Content-Security-Policy forbids style attributes.
      else if (k === 'style') node.style.cssText = v;
      else if (k === 'dataset') Object.assign(node.dataset, v);
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === undefined || c === null || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function toast(text, ok = true) {
    const box = $('toast');
    box.textContent = text;
    box.className = `toast ${ok ? 'ok' : 'bad'}`;
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { box.hidden = true; }, 3500);
  }

  async function api(method, path, body) {
    const headers = { authorization: `Bearer ${state.token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(API + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (res.status === 204) return null;
    const data = await res.json().catch(() => ({}));
    if (!res.ok) {
      const error = new Error(data.message || `HTTP ${res.status}`);
      error.status = res.status;
      error.body = data;
      throw error;
    }
    return data;
  }

  // ---- labels -------------------------------------------------------------------------------

  function applyLabels() {
    document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t('title');
    for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
    $('lang').textContent = t('language');
    renderWho();
    renderTeams();
    renderLive();
    renderQueue();
    renderDetail();
    renderBoard();
  }

  function renderWho() {
    $('whoami').textContent = state.me ? `${state.me.id} · ${tr('roles', state.me.role)}` : '';
  }

  function renderLive() {
    const live = $('live');
    live.textContent = state.me ? (state.live ? `● ${t('live')}` : t('offline')) : '';
    live.className = `live ${state.live ? 'on' : 'off'}`;
  }

  function teamLabel(id) {
    const team = state.teams.find((x) => x.id === id);
    return team ? team.label[state.lang] : id;
  }

  function renderTeams() {
    const select = $('team');
    select.replaceChildren(...state.teams.filter((x) => x.canRead).map((x) => el('option', { value: x.id, selected: x.id === state.team }, x.label[state.lang])));
  }

  // ---- sign in ------------------------------------------------------------------------------

  async function signIn(token) {
    state.token = token;
    try {
      state.me = await api('GET', '/me');
    } catch (error) {
      state.token = '';
      sessionStorage.removeItem('fk-token');
      $('signin-error').hidden = false;
      return;
    }
    sessionStorage.setItem('fk-token', token);
    state.teams = (await api('GET', '/teams')).teams;
    state.team = (state.teams.find((x) => x.canRead) || {}).id || '';
    $('signin').hidden = true;
    $('app').hidden = false;
    $('signout').hidden = false;
    document.querySelector('[data-view="board"]').hidden = !canSupervise();
    $('claim-next').hidden = !canWork();
    applyLabels();
    await refresh();
    connect();
  }

  function signOut() {
    sessionStorage.removeItem('fk-token');
    location.reload();
  }

  // ---- live updates (Server-Sent Events over fetch, so the token stays in a header) ----------

  async function connect() {
    const controller = new AbortController();
    state.stream = controller;
    try {
      const headers = { authorization: `Bearer ${state.token}`, accept: 'text/event-stream' };
      if (state.lastEventId) headers['last-event-id'] = state.lastEventId;
      const res = await fetch(`${API}/events`, { headers, signal: controller.signal });
      if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          handleEvent(buffer.slice(0, cut));
          buffer = buffer.slice(cut + 2);
        }
      }
    } catch (error) {
      if (controller.signal.aborted) return;
    }
    state.live = false;
    renderLive();
    setTimeout(connect, 2000);
  }

  function handleEvent(block) {
    let type = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) type = line.slice(7);
      else if (line.startsWith('data: ')) data += line.slice(6);
      else if (line.startsWith('id: ')) state.lastEventId = line.slice(4);
    }
    if (type === 'ready') {
      state.live = true;
      renderLive();
      scheduleRefresh();
      return;
    }
    if (type !== 'change') return;
    const change = JSON.parse(data);
    if (change.team === state.team || change.fromTeam === state.team) scheduleRefresh(change.alertId === state.selected);
    else if (change.alertId === state.selected) scheduleRefresh(true);
  }

  let refreshTimer = null;
  let refreshDetailToo = false;
  function scheduleRefresh(detailToo = false) {
    refreshDetailToo = refreshDetailToo || detailToo;
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      const d = refreshDetailToo;
      refreshDetailToo = false;
      refresh(d).catch(() => undefined);
    }, 120);
  }

  // Leases run out (15 minutes by default) so a vanished agent holds nothing; while the page is
  // open, the alerts this agent holds are renewed before they lapse.
  async function renewLeases() {
    if (!state.me || !canWork()) return;
    const soon = Date.now() + 5 * 60_000;
    for (const a of state.alerts) {
      if (a.state === 'claimed' && a.assignee === state.me.id && a.leaseUntil && Date.parse(a.leaseUntil) < soon) {
        await api('POST', `/alerts/${encodeURIComponent(a.alertId)}/claim`).catch(() => undefined);
      }
    }
  }
  setInterval(() => { renewLeases(); }, 60_000);

  // ---- queue --------------------------------------------------------------------------------

  async function refresh(detailToo = false) {
    if (!state.team) return;
    const list = await api('GET', `/queues/${state.team}/alerts?state=active`);
    // An agent sees the open queue and their own claims; alerts others work vanish from it.
    state.alerts = canSupervise() ? list.alerts : list.alerts.filter((a) => a.state === 'open' || a.assignee === state.me.id);
    renderQueue();
    if (state.view === 'board') await loadBoard();
    if (detailToo && state.selected) await select(state.selected, false);
  }

  function severityChip(s) {
    return el('span', { class: `chip sev-${s}` }, tr('severities', s));
  }

  function renderQueue() {
    const body = $('queue-rows');
    if (!body) return;
    body.replaceChildren(...state.alerts.map((a) => el('tr', {
      class: `${a.alertId === state.selected ? 'selected' : ''} ${a.slaBreached ? 'late' : ''}`,
      dataset: { testid: 'queue-row', alertId: a.alertId, state: a.state },
      onclick: () => select(a.alertId),
    },
      el('td', { class: 'num' }, money(a.priority)),
      el('td', {}, severityChip(a.severity)),
      el('td', {}, tr('signals', a.signal), a.evidenceCount > 1 ? el('span', { class: 'muted' }, ` ×${a.evidenceCount}`) : null),
      el('td', { class: 'mono' }, a.loanId || a.enterpriseId || '—'),
      el('td', { class: 'num' }, a.daysPastDue ?? '—'),
      el('td', { class: 'num' }, money(a.expectedLoss)),
      el('td', { class: 'num' }, duration(a.ageSeconds)),
      el('td', {}, a.escalated ? el('span', { class: 'chip warn' }, t('escalated')) : a.slaBreached ? el('span', { class: 'chip bad' }, t('slaBreached')) : t('slaOk')),
      el('td', {}, a.state === 'claimed' ? (a.assignee === state.me?.id ? el('span', { class: 'chip mine' }, t('claimedByYou')) : `${tr('states', a.state)} · ${a.assignee}`) : tr('states', a.state)),
    )));
    $('queue-empty').hidden = state.alerts.length > 0;
    $('queue-count').textContent = `${state.alerts.length} · ${teamLabel(state.team)}`;
  }

  async function select(alertId, loadContext = true) {
    state.selected = alertId;
    try {
      const [detail, context] = await Promise.all([
        api('GET', `/alerts/${encodeURIComponent(alertId)}`),
        loadContext || !state.context ? api('GET', `/alerts/${encodeURIComponent(alertId)}/context`) : Promise.resolve(state.context),
      ]);
      state.detail = detail;
      state.context = context;
    } catch (error) {
      state.detail = null;
      if (error.status === 404 || error.status === 403) state.selected = null;
    }
    renderQueue();
    renderDetail();
  }

  async function act(label, fn) {
    try {
      await fn();
      toast(`${label} · ${t('done')}`);
    } catch (error) {
      toast(`${label} · ${t('failed')}: ${error.message}`, false);
    }
    await refresh(true);
  }

  // ---- detail -------------------------------------------------------------------------------

  function section(title, ...content) {
    return el('section', { class: 'block' }, el('h3', {}, title), ...content);
  }

  function table(headers, rows) {
    if (rows.length === 0) return el('p', { class: 'muted' }, t('none'));
    return el('table', { class: 'grid small' }, el('thead', {}, el('tr', {}, headers.map((h) => el('th', {}, h)))), el('tbody', {}, rows.map((r) => el('tr', {}, r.map((c) => el('td', {}, c))))));
  }

  function resolveForm(a) {
    const today = new Date(Date.now() + 7 * 86400_000).toISOString().slice(0, 10);
    const outcome = el('select', { name: 'outcome', 'data-testid': 'outcome' }, Object.keys(I18N.en.outcomes).map((o) => el('option', { value: o }, tr('outcomes', o))));
    const promiseDate = el('input', { type: 'date', name: 'promiseDate', value: today, 'data-testid': 'promise-date' });
    const promiseAmount = el('input', { type: 'number', name: 'promiseAmount', min: '0', step: '0.01', 'data-testid': 'promise-amount' });
    const paidAmount = el('input', { type: 'number', name: 'paidAmount', min: '0', step: '0.01', 'data-testid': 'paid-amount' });
    const note = el('textarea', { name: 'note', rows: '2', 'data-testid': 'note' });
    const promiseRow = el('div', { class: 'row' }, el('label', {}, t('promiseDate'), promiseDate), el('label', {}, t('promiseAmount'), promiseAmount));
    const paidRow = el('div', { class: 'row', hidden: true }, el('label', {}, t('paidAmount'), paidAmount));
    outcome.addEventListener('change', () => {
      promiseRow.hidden = outcome.value !== 'promise_to_pay';
      paidRow.hidden = outcome.value !== 'paid';
    });
    return el('form', {
      class: 'form', 'data-testid': 'resolve-form',
      onsubmit: (e) => {
        e.preventDefault();
        const body = { outcome: outcome.value };
        if (outcome.value === 'promise_to_pay') Object.assign(body, { promiseDate: promiseDate.value, promiseAmount: Number(promiseAmount.value) });
        if (outcome.value === 'paid') body.paidAmount = Number(paidAmount.value);
        if (note.value.trim()) body.note = note.value.trim();
        act(t('resolve'), () => api('POST', `/alerts/${encodeURIComponent(a.alertId)}/resolve`, body));
      },
    }, el('label', {}, t('outcome'), outcome), promiseRow, paidRow, el('label', {}, t('note'), note), el('button', { type: 'submit', class: 'primary', 'data-testid': 'resolve-submit' }, t('resolve')));
  }

  function reassignForm(a, compact = false) {
    const toTeam = el('select', { name: 'toTeam', 'data-testid': 'reassign-team' }, state.teams.map((x) => el('option', { value: x.id, selected: x.id === a.team }, x.label[state.lang])));
    const toAgent = el('input', { name: 'toAgent', placeholder: t('toAgent'), 'data-testid': 'reassign-agent' });
    const reason = el('input', { name: 'reason', placeholder: t('reason'), required: true, 'data-testid': 'reassign-reason' });
    return el('form', {
      class: compact ? 'inline' : 'form', 'data-testid': 'reassign-form',
      onsubmit: (e) => {
        e.preventDefault();
        const body = { toTeam: toTeam.value, reason: reason.value.trim() };
        if (toAgent.value.trim()) body.toAgent = toAgent.value.trim();
        act(t('reassign'), () => api('POST', `/alerts/${encodeURIComponent(a.alertId)}/reassign`, body));
      },
    }, compact ? null : el('label', {}, t('toTeam')), toTeam, toAgent, reason, el('button', { type: 'submit', 'data-testid': 'reassign-submit' }, t('reassign')));
  }

  function renderDetail() {
    const box = $('detail');
    if (!box) return;
    const a = state.detail;
    if (!a) {
      box.replaceChildren(el('p', { class: 'muted' }, t('selectAlert')));
      return;
    }
    const mine = a.state === 'claimed' && a.assignee === state.me.id;
    const actions = [];
    if (canWork() && a.state === 'open') actions.push(el('button', { type: 'button', class: 'primary', 'data-testid': 'claim', onclick: () => act(t('claim'), () => api('POST', `/alerts/${encodeURIComponent(a.alertId)}/claim`)) }, t('claim')));
    if (mine) {
      actions.push(el('button', { type: 'button', 'data-testid': 'release', onclick: () => act(t('release'), () => api('POST', `/alerts/${encodeURIComponent(a.alertId)}/release`)) }, t('release')));
      const minutes = el('input', { type: 'number', min: '1', value: '60', class: 'short', 'data-testid': 'snooze-minutes' });
      actions.push(el('span', { class: 'inline' }, minutes, el('button', { type: 'button', 'data-testid': 'snooze', onclick: () => act(t('snooze'), () => api('POST', `/alerts/${encodeURIComponent(a.alertId)}/snooze`, { minutes: Number(minutes.value) })) }, t('snooze'))));
    }
    const commentText = el('input', { placeholder: t('addComment'), 'data-testid': 'comment-text' });
    const commentForm = el('form', { class: 'inline', onsubmit: (e) => {
      e.preventDefault();
      if (!commentText.value.trim()) return;
      act(t('comment'), () => api('POST', `/alerts/${encodeURIComponent(a.alertId)}/comments`, { text: commentText.value.trim() }));
    } }, commentText, el('button', { type: 'submit', 'data-testid': 'comment-submit' }, t('comment')));

    const c = state.context || { repayments: [], transactions: [], graphLinks: [], thirdPartyEvents: [] };
    box.replaceChildren(
      el('div', { class: 'head' },
        el('h2', { 'data-testid': 'detail-title' }, tr('signals', a.signal), ' ', severityChip(a.severity)),
        el('div', { class: 'muted mono', 'data-testid': 'detail-id' }, a.alertId),
        el('div', { class: 'facts' },
          fact(t('state'), a.state === 'claimed' ? `${tr('states', a.state)} · ${a.assignee}` : tr('states', a.state), 'detail-state'),
          fact(t('team'), teamLabel(a.team)),
          fact(t('loan'), a.loanId || '—'),
          fact(t('enterprise'), a.enterpriseId || '—'),
          fact(t('dpd'), a.daysPastDue ?? '—'),
          fact(t('exposure'), money(a.exposure)),
          fact(t('expectedLoss'), money(a.expectedLoss)),
          fact(t('sla'), `${when(a.slaDeadline)}${a.slaBreached ? ` · ${t('slaBreached')}` : ''}`),
          a.leaseUntil ? fact(t('leaseUntil'), when(a.leaseUntil)) : null,
        ),
      ),
      section(t('why'), el('ul', { class: 'why', 'data-testid': 'why' }, a.why.map((w) => el('li', {}, el('code', {}, w.code), ' ', w.description)))),
      a.resolution
        ? section(t('resolved'), el('p', { 'data-testid': 'resolution' }, tr('outcomes', a.resolution.outcome),
          a.resolution.promiseDate ? ` · ${a.resolution.promiseDate}` : '', a.resolution.promiseAmount ? ` · ${money(a.resolution.promiseAmount)}` : '',
          a.resolution.paidAmount ? ` · ${money(a.resolution.paidAmount)}` : '', ` · ${t('resolvedBy')} ${a.resolution.agentId}`))
        : section(t('actions'), el('div', { class: 'actions' }, actions), mine ? resolveForm(a) : null, canSupervise() ? reassignForm(a) : null),
      section(t('evidence'), table([t('signal'), t('severity'), t('dpd'), t('why')], a.evidence.map((e) => [tr('signals', e.signal), tr('severities', e.severity), e.daysPastDue ?? '—', e.why.map((w) => w.description).join('; ')]))),
      section(t('comments'), el('ul', { class: 'comments', 'data-testid': 'comments' }, a.comments.map((x) => el('li', {}, el('b', {}, x.authorId), ` ${when(x.at)} — `, x.text))), commentForm),
      section(t('repayments'), table([t('kind'), t('installment'), t('dpd'), t('amountPaid'), t('time')], c.repayments.map((r) => [tr('kinds', r.kind), r.installmentNo ?? '', r.daysPastDue, money(r.amountPaid ?? r.amountDue), when(r.eventTime)]))),
      section(t('transactions'), table([t('kind'), t('amount'), t('channel'), t('time')], c.transactions.map((x) => [tr('directions', x.direction), money(x.amount), x.channel, when(x.eventTime)]))),
      section(t('graphLinks'), table([t('kind'), t('party'), t('about'), ''], c.graphLinks.map((g) => [tr('relations', g.relation), el('span', { class: 'mono' }, g.party), g.detail, g.active ? '' : '×']))),
      section(t('thirdParty'), table([t('kind'), t('facts'), t('time')], c.thirdPartyEvents.map((e) => [tr('kinds', e.kind), Object.entries(e.facts).map(([k, v]) => `${k}: ${v}`).join(', '), when(e.eventTime)]))),
    );
  }

  function fact(label, value, testid) {
    return el('div', { class: 'fact' }, el('span', { class: 'label' }, label), el('span', { 'data-testid': testid }, value));
  }

  // ---- supervisor board ---------------------------------------------------------------------

  async function loadBoard() {
    if (!canSupervise() || !state.team) return;
    state.board = await api('GET', `/queues/${state.team}/board`);
    renderBoard();
  }

  function renderBoard() {
    const box = $('board');
    const b = state.board;
    if (!box || !b) return;
    const max = Math.max(1, ...b.ageing.map((x) => x.count));
    box.replaceChildren(
      el('h2', {}, `${t('board')} · ${teamLabel(b.team)}`),
      el('div', { class: 'counts', 'data-testid': 'board-counts' }, ['open', 'claimed', 'snoozed', 'escalated', 'slaBreached'].map((k) => el('div', { class: `count ${k === 'slaBreached' && b.counts[k] > 0 ? 'bad' : ''}`, dataset: { testid: `count-${k}` } }, el('strong', {}, b.counts[k]), el('span', {}, t(k === 'slaBreached' ? 'slaBreaches' : k))))),
      el('div', { class: 'split2' },
        section(t('agentLoad'), b.agents.length === 0 ? el('p', { class: 'muted' }, t('none')) : el('table', { class: 'grid small' },
          el('thead', {}, el('tr', {}, [t('agent'), t('claimed'), t('oldestClaim')].map((h) => el('th', {}, h)))),
          el('tbody', {}, b.agents.map((x) => el('tr', { dataset: { testid: 'agent-load-row' } }, el('td', {}, x.agentId), el('td', { class: 'num' }, x.claimed), el('td', {}, duration(x.oldestClaimSeconds))))))),
        section(t('ageing'), el('div', { class: 'bars' }, b.ageing.map((x) => el('div', { class: 'bar-row' }, el('span', { class: 'bar-label' }, tr('buckets', x.bucket)), el('span', { class: 'bar-track' }, el('span', { class: 'bar-fill', style: `width:${Math.round((x.count / max) * 100)}%` })), el('span', { class: 'num' }, x.count))))),
      ),
      section(t('slaBreaches'), b.breaches.length === 0 ? el('p', { class: 'muted' }, t('none')) : el('table', { class: 'grid small', 'data-testid': 'breaches' },
        el('thead', {}, el('tr', {}, [t('severity'), t('signal'), t('loan'), t('age'), t('state'), t('reassign')].map((h) => el('th', {}, h)))),
        el('tbody', {}, b.breaches.map((a) => el('tr', { dataset: { testid: 'breach-row', alertId: a.alertId } },
          el('td', {}, severityChip(a.severity)), el('td', {}, tr('signals', a.signal)), el('td', { class: 'mono' }, a.loanId || '—'), el('td', {}, duration(a.ageSeconds)),
          el('td', {}, a.assignee ? `${tr('states', a.state)} · ${a.assignee}` : tr('states', a.state)), el('td', {}, reassignForm(a, true)))))),
      ),
    );
  }

  // ---- wiring -------------------------------------------------------------------------------

  function showView(view) {
    state.view = view;
    for (const b of document.querySelectorAll('[data-view]')) b.classList.toggle('active', b.dataset.view === view);
    $('view-queue').hidden = view !== 'queue';
    $('view-board').hidden = view !== 'board';
    if (view === 'board') loadBoard().catch((e) => toast(e.message, false));
  }

  document.addEventListener('DOMContentLoaded', () => {
    applyLabels();
    $('signin-form').addEventListener('submit', (e) => {
      e.preventDefault();
      $('signin-error').hidden = true;
      signIn($('token').value.trim());
    });
    $('signout').addEventListener('click', signOut);
    $('lang').addEventListener('click', () => {
      state.lang = state.lang === 'zh' ? 'en' : 'zh';
      localStorage.setItem('fk-lang', state.lang);
      applyLabels();
    });
    $('team').addEventListener('change', (e) => {
      state.team = e.target.value;
      state.selected = null;
      state.detail = null;
      renderDetail();
      refresh().catch((err) => toast(err.message, false));
    });
    for (const b of document.querySelectorAll('[data-view]')) b.addEventListener('click', () => showView(b.dataset.view));
    $('claim-next').addEventListener('click', () => act(t('claimNext'), async () => {
      const claimed = await api('POST', `/queues/${state.team}/next`);
      if (!claimed) throw new Error(t('emptyQueue'));
      state.selected = claimed.alertId;
    }));
    if (state.token) signIn(state.token);
  });
})();
