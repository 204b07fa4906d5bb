import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { connectUrl, type RedisPort } from '../features/redisPort.ts';
import { ChangeFeed } from '../queues/changeFeed.ts';
import { routeAlert } from '../queues/route.ts';
import { makeAlert, testStore, type TestStore } from '../queues/testing/fixtures.ts';
import type { QueueChange } from '../queues/types.ts';
import { parseEntries } from '../queues/changeEntry.ts';
import { UserDirectory } from './auth/users.ts';
import { buildQueueApi } from './server.ts';

const TOKENS = {
  agent1: 'agent-one-token-0123456789abcdef',
  agent2: 'agent-two-token-0123456789abcdef',
  lateAgent: 'late-agent-token-0123456789abcdef',
  supervisor: 'supervisor-token-0123456789abcdef',
  ops: 'risk-ops-token-0123456789abcdef00',
};

function users(): UserDirectory {
  const d = new UserDirectory();
  d.loadEnv(
    [
      `agent-1:agent:early_collection:${TOKENS.agent1}`,
      `agent-2:agent:early_collection:${TOKENS.agent2}`,
      `agent-9:agent:late_collection:${TOKENS.lateAgent}`,
      `sup-1:supervisor:early_collection+late_collection:${TOKENS.supervisor}`,
      `ops-1:risk_ops:*:${TOKENS.ops}`,
    ].join(','),
    ['early_collection', 'late_collection', 'pre_delinquency', 'legal', 'fraud_investigation', 'manual_review'],
  );
  return d;
}

let t: TestStore;
let app: FastifyInstance;
let feed: ChangeFeed | undefined;
let feedRedis: RedisPort | undefined;

afterEach(async () => {
  await app?.close();
  await feed?.stop();
  await feedRedis?.close();
  feed = undefined;
  feedRedis = undefined;
  await t?.close();
});

async function setup(options: { rateLimitPerMinute?: number; sse?: boolean } = {}): Promise<void> {
  t = await testStore(inject('redisUrl'));
  if (options.sse) {
    feedRedis = await connectUrl(inject('redisUrl'), () => undefined);
    feed = new ChangeFeed({ redis: feedRedis, keys: t.store.keys, blockMs: 100 });
    await feed.start();
  }
  app = await buildQueueApi({ store: t.store, users: users(), ...(feed ? { feed } : {}), ...(options.rateLimitPerMinute ? { rateLimitPerMinute: options.rateLimitPerMinute } : {}) });
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function enqueue(overrides: Parameters<typeof makeAlert>[0] = {}) {
  const alert = makeAlert(overrides);
  await t.store.enqueue({ alert }, routeAlert({ alert }, t.config));
  return alert;
}

async function changes(): Promise<QueueChange[]> {
  const raw = (await t.redis.send(t.store.keys.changes(), ['XRANGE', t.store.keys.changes(), '-', '+'])) as Array<[string, string[]]>;
  return parseEntries(raw);
}

describe('authentication and roles', () => {
  it('answers 401 without a token or with an unknown one, and audits the refusal', async () => {
    await setup();
    const none = await app.inject({ method: 'GET', url: '/api/v1/queues/early_collection/alerts' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.json()).toMatchObject({ error: 'fengkong:unauthenticated' });
    const wrong = await app.inject({ method: 'GET', url: '/api/v1/queues/early_collection/alerts', headers: auth('not-a-valid-token-at-all-0000000') });
    expect(wrong.statusCode).toBe(401);
    const denied = (await changes()).filter((c) => c.action === 'denied');
    expect(denied.map((c) => [c.actor.id, c.details?.status])).toEqual([['anonymous', 401], ['anonymous', 401]]);
  });

  it('forbids an agent to read another team\u2019s queue or alert (403)', async () => {
    await setup();
    const late = await enqueue({ daysPastDue: 50 });
    const queue = await app.inject({ method: 'GET', url: '/api/v1/queues/late_collection/alerts', headers: auth(TOKENS.agent1) });
    expect(queue.statusCode).toBe(403);
    expect(queue.json()).toMatchObject({ error: 'fengkong:forbidden' });
    const alert = await app.inject({ method: 'GET', url: `/api/v1/alerts/${late.alertId}`, headers: auth(TOKENS.agent1) });
    expect(alert.statusCode).toBe(403);
    const own = await app.inject({ method: 'GET', url: '/api/v1/queues/late_collection/alerts', headers: auth(TOKENS.lateAgent) });
    expect(own.statusCode).toBe(200);
    expect(own.json().alerts.map((a: { alertId: string }) => a.alertId)).toEqual([late.alertId]);
    const denied = (await changes()).filter((c) => c.action === 'denied');
    expect(denied.map((c) => [c.actor.id, c.team, c.details?.status])).toEqual([['agent-1', 'late_collection', 403], ['agent-1', '', 403]]);
  });

  it('forbids an agent to reassign (403) and lets a supervisor', async () => {
    await setup();
    const a = await enqueue({ daysPastDue: 10 });
    const body = { toTeam: 'legal', reason: 'guarantor in court' };
    const byAgent = await app.inject({ method: 'POST', url: `/api/v1/alerts/${a.alertId}/reassign`, headers: auth(TOKENS.agent1), payload: body });
    expect(byAgent.statusCode).toBe(403);
    expect((await t.store.get(a.alertId))?.team).toBe('early_collection');
    const bySupervisor = await app.inject({ method: 'POST', url: `/api/v1/alerts/${a.alertId}/reassign`, headers: auth(TOKENS.supervisor), payload: body });
    expect(bySupervisor.statusCode).toBe(200);
    expect(bySupervisor.json()).toMatchObject({ team: 'legal', state: 'open' });
    const b = await enqueue({ daysPastDue: 10 });
    const toAgent = await app.inject({ method: 'POST', url: `/api/v1/alerts/${b.alertId}/reassign`, headers: auth(TOKENS.supervisor), payload: { toTeam: 'early_collection', toAgent: 'agent-2', reason: 'knows the owner' } });
    expect(toAgent.json()).toMatchObject({ team: 'early_collection', state: 'claimed', assignee: 'agent-2' });
  });

  it('lets risk ops read every team but not work alerts', async () => {
    await setup();
    const a = await enqueue({ daysPastDue: 100 });
    expect((await app.inject({ method: 'GET', url: '/api/v1/queues/legal/alerts', headers: auth(TOKENS.ops) })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: `/api/v1/alerts/${a.alertId}/claim`, headers: auth(TOKENS.ops) })).statusCode).toBe(403);
  });

  it('limits requests per user (429)', async () => {
    await setup({ rateLimitPerMinute: 3 });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await app.inject({ method: 'GET', url: '/api/v1/me', headers: auth(TOKENS.agent1) })).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    // Another user has their own budget.
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers: auth(TOKENS.agent2) })).statusCode).toBe(200);
  });
});

describe('validation', () => {
  async function claimed() {
    const a = await enqueue();
    await t.store.claim('early_collection', a.alertId, { id: 'agent-1', role: 'agent' });
    return a;
  }
  const resolve = (alertId: string, payload: unknown) =>
    app.inject({ method: 'POST', url: `/api/v1/alerts/${alertId}/resolve`, headers: { ...auth(TOKENS.agent1), 'content-type': 'application/json' }, payload: JSON.stringify(payload) });

  it('answers 400 naming the field of a malformed resolution', async () => {
    await setup();
    const a = await claimed();
    const cases: Array<[unknown, string]> = [
      [{ outcome: 'promise_to_pay', promiseAmount: 1000 }, 'body.promiseDate'],
      [{ outcome: 'promise_to_pay', promiseDate: '2026-03-05', promiseAmount: 'lots' }, 'body.promiseAmount'],
      [{ outcome: 'promise_to_pay', promiseDate: '5 March', promiseAmount: 1000 }, 'body.promiseDate'],
      [{ outcome: 'paid' }, 'body.paidAmount'],
      [{ outcome: 'went_fishing' }, 'body.outcome'],
      [{ outcome: 'unreachable', mood: 'grumpy' }, 'body.mood'],
      [{ outcome: 'promise_to_pay', promiseDate: '2026-02-01', promiseAmount: 1000 }, 'body.promiseDate'],
      // A credit verdict decides a credit review, not a collections alert.
      [{ outcome: 'credit_approved' }, 'body.outcome'],
    ];
    for (const [payload, field] of cases) {
      const res = await resolve(a.alertId, payload);
      expect({ payload, status: res.statusCode, field: res.json().field }).toEqual({ payload, status: 400, field });
      expect(res.json().message).toContain(field);
    }
    expect((await t.store.get(a.alertId))?.state).toBe('claimed');
  });

  it('answers 400 naming the field of other malformed bodies and of broken JSON', async () => {
    await setup();
    const a = await claimed();
    const post = (path: string, payload: string) => app.inject({ method: 'POST', url: `/api/v1/alerts/${a.alertId}/${path}`, headers: { ...auth(TOKENS.supervisor), 'content-type': 'application/json' }, payload });
    expect((await post('comments', JSON.stringify({ text: '' }))).json().field).toBe('body.text');
    expect((await post('snooze', JSON.stringify({ reason: 'later' }))).json().field).toBe('body.until');
    expect((await post('snooze', JSON.stringify({ minutes: 60 * 24 * 30 }))).json().field).toBe('body.minutes');
    expect((await post('reassign', JSON.stringify({ toTeam: 'nowhere', reason: 'x' }))).json().field).toBe('body.toTeam');
    expect((await post('reassign', JSON.stringify({ toTeam: 'legal' }))).json().field).toBe('body.reason');
    expect((await post('reassign', JSON.stringify({ toTeam: 'late_collection', toAgent: 'nobody', reason: 'x' }))).json().field).toBe('body.toAgent');
    expect((await post('reassign', JSON.stringify({ toTeam: 'late_collection', toAgent: 'agent-1', reason: 'x' }))).json().message).toContain('agent-1 does not work alerts of team late_collection');
    const broken = await post('comments', '{"text": ');
    expect([broken.statusCode, broken.json().field]).toEqual([400, 'body']);
    const badId = await app.inject({ method: 'GET', url: '/api/v1/alerts/has%20space', headers: auth(TOKENS.agent1) });
    expect([badId.statusCode, badId.json().field]).toEqual([400, 'params.alertId']);
  });
});

describe('working the queue', () => {
  it('returns an alert whose lease expired to the queue', async () => {
    await setup();
    const a = await enqueue();
    const claim = await app.inject({ method: 'POST', url: '/api/v1/queues/early_collection/next', headers: auth(TOKENS.agent1) });
    expect(claim.statusCode).toBe(200);
    expect(claim.json()).toMatchObject({ alertId: a.alertId, alert: { state: 'claimed', assignee: 'agent-1' } });
    const openNow = async () => (await app.inject({ method: 'GET', url: '/api/v1/queues/early_collection/alerts?state=open', headers: auth(TOKENS.agent2) })).json().alerts.map((x: { alertId: string }) => x.alertId);
    expect(await openNow()).toEqual([]);
    expect((await app.inject({ method: 'POST', url: `/api/v1/alerts/${a.alertId}/claim`, headers: auth(TOKENS.agent2) })).statusCode).toBe(409);
    t.clock.advance(t.config.lease.seconds * 1000 + 1);
    await t.store.sweepAll();
    expect(await openNow()).toEqual([a.alertId]);
    const second = await app.inject({ method: 'POST', url: `/api/v1/alerts/${a.alertId}/claim`, headers: auth(TOKENS.agent2) });
    expect(second.json()).toMatchObject({ alert: { assignee: 'agent-2' } });
    const late = await app.inject({ method: 'POST', url: `/api/v1/alerts/${a.alertId}/resolve`, headers: auth(TOKENS.agent1), payload: { outcome: 'unreachable' } });
    expect([late.statusCode, late.json().reason]).toEqual([409, 'not_holder']);
  });

  it('claims, comments and resolves as promise to pay; the outcome and every action are in the change stream', async () => {
    await setup();
    const a = await enqueue();
    await app.inject({ method: 'POST', url: `/api/v1/alerts/${a.alertId}/claim`, headers: auth(TOKENS.agent1) });
    const comment = await app.inject({ method: 'POST', url: `/api/v1/alerts/${a.alertId}/comments`, headers: auth(TOKENS.agent1), payload: { text: 'Owner says salary day is the 10th; reached on 138 1234 5678' } });
    expect(comment.statusCode).toBe(200);
    const res = await app.inject({ method: 'POST', url: `/api/v1/alerts/${a.alertId}/resolve`, headers: auth(TOKENS.agent1), payload: { outcome: 'promise_to_pay', promiseDate: '2026-03-10', promiseAmount: 50_000, note: 'Will pay on the 10th' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ state: 'resolved', outcome: 'promise_to_pay', resolution: { agentId: 'agent-1', promiseDate: '2026-03-10', promiseAmount: 50_000 } });
    expect(res.json().comments[0].text).toBe('Owner says salary day is the 10th; reached on [redacted …5678]');
    const list = await changes();
    expect(list.map((c) => c.action)).toEqual(['enqueued', 'claimed', 'commented', 'resolved']);
    const resolved = list[3] as QueueChange;
    expect(resolved.actor).toMatchObject({ id: 'agent-1', role: 'agent' });
    expect(resolved.actor.requestId).toBeTruthy();
    expect(JSON.parse(resolved.alert?.outcome ?? '{}')).toMatchObject({ alertId: a.alertId, loanId: a.loanId, outcome: 'promise_to_pay', team: 'early_collection' });
  });

  it('shows a supervisor the team board with load per agent and SLA breaches', async () => {
    await setup();
    const a = await enqueue();
    await enqueue();
    await t.store.claim('early_collection', a.alertId, { id: 'agent-1', role: 'agent' });
    t.clock.advance(t.config.teams.early_collection!.slaMinutes * 60_000 + 1);
    const board = await app.inject({ method: 'GET', url: '/api/v1/queues/early_collection/board', headers: auth(TOKENS.supervisor) });
    expect(board.statusCode).toBe(200);
    expect(board.json()).toMatchObject({ counts: { open: 1, claimed: 1, slaBreached: 2 }, agents: [{ agentId: 'agent-1', claimed: 1 }] });
    expect(board.json().ageing.find((b: { bucket: string }) => b.bucket === '4h_24h').count).toBe(2);
    expect((await app.inject({ method: 'GET', url: '/api/v1/queues/early_collection/board', headers: auth(TOKENS.agent1) })).statusCode).toBe(403);
  });

  it('publishes the OpenAPI document at /documentation', async () => {
    await setup();
    const doc = (await app.inject({ method: 'GET', url: '/documentation/json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/queues/{team}/alerts', '/api/v1/queues/{team}/next', '/api/v1/alerts/{alertId}/resolve', '/api/v1/events']));
    const ref = String(doc.paths['/api/v1/alerts/{alertId}/resolve'].post.requestBody.content['application/json'].schema.$ref);
    const resolution = doc.components.schemas[ref.replace('#/components/schemas/', '')];
    expect(JSON.stringify(resolution)).toContain('promiseDate');
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const ui = await app.inject({ method: 'GET', url: '/documentation/' });
    expect([ui.statusCode, ui.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
  });
});

describe('server-sent events', () => {
  it('streams the changes of the teams a user may read', async () => {
    await setup({ sse: true });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const open = async (token: string) => {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/events`, { headers: auth(token) });
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      return res.body!.getReader();
    };
    const early = await open(TOKENS.agent1);
    const late = await open(TOKENS.lateAgent);
    const read = async (reader: ReadableStreamDefaultReader<Uint8Array>, until: (text: string) => boolean) => {
      let text = '';
      while (!until(text)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      return text;
    };
    await read(early, (s) => s.includes('event: ready'));
    await read(late, (s) => s.includes('event: ready'));
    const a = await enqueue({ daysPastDue: 3 });
    const b = await enqueue({ daysPastDue: 60 });
    const earlyText = await read(early, (s) => s.includes('"action":"enqueued"'));
    const lateText = await read(late, (s) => s.includes('"action":"enqueued"'));
    expect(earlyText).toContain(a.alertId);
    expect(earlyText).not.toContain(b.alertId);
    expect(lateText).toContain(b.alertId);
    expect(lateText).not.toContain(a.alertId);
    await early.cancel();
    await late.cancel();
  });
});
