/**
 * A small, deterministic loan book as the decision log would hold it: pseudonymised input
 * events, scores (champion and challenger models, rule hits with shadow rules, the feature
 * snapshot with `graph.*` signals), decisions, alerts, late labels, collection outcomes, dead
 * letters — every record in its contract's shape
 * (schemas/topics/), so it goes through the same `ClickHouseDecisionLog` and row mappers as the
 * pipeline's output.
 *
 * The dashboards' check now loads the simulator through the real pipeline (loadSimulatedData.ts);
 * this book remains for the model report test (syntheticBook.ts), which needs a challenger model
 * the committed models do not have. Scores separate
 * bad from good (so AUC and KS mean something), drift slowly over time (so PSI is not zero),
 * and labels arrive late (so the most recent months are immature).
 *
 * Personal fields are synthetic `pii_<32 hex>` tokens: nothing personal, raw or not, is made.
 */
import { createHash } from 'node:crypto';
import type { DecisionLogBatch } from '../../../pipelines/clickhouse/decisionLog.ts';
import { makeUscc } from '../../../schemas/identifiers.ts';
import type { EventOf, TopicName } from '../../../schemas/topics.ts';
import type { CollectionOutcome } from '../../../schemas/topics/collectionOutcome.ts';
import type { OutcomeLabel } from '../../../schemas/topics/label.ts';
import type { Alert, DeadLetter, Decision, DecisionTier, Score } from '../../../schemas/topics/outputs.ts';
import { Rng } from '../../../simulator/rng.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

export interface SyntheticWorldOptions {
  readonly seed?: number;
  /** Days of history ending at `end` (default 200: enough for 90-day labels to mature). */
  readonly days?: number;
  /** Last instant of the book (default: now, floored to the minute). */
  readonly end?: Date;
  /** Applications per day (default 30). */
  readonly applicationsPerDay?: number;
  /** Most transactions per day (default 90; they are most of the rows, and chdb inserts ~10k rows/s). */
  readonly transactionsPerDay?: number;
}

export interface SyntheticWorld {
  readonly from: Date;
  readonly to: Date;
  /** One decision-log batch per day, in time order. */
  readonly batches: DecisionLogBatch[];
  readonly counts: Readonly<Record<string, number>>;
}

/** Rule-set versions of the book: the older one ran until 60 days before the end. */
export const SYNTHETIC_RULE_SETS = { old: 'default@2026-10-01.1', current: 'default@2026-11-25.1' } as const;
export const SYNTHETIC_MODELS = {
  applicationFraud: { name: 'application_fraud', champion: '1.0.0', challenger: '1.1.0' },
  transactionFraud: { name: 'transaction_fraud', champion: '1.0.0' },
  defaultPd: { name: 'default_pd', champion: '1.0.0' },
} as const;
const REGIONS = ['SH', 'JS', 'ZJ', 'GD', 'BJ'] as const;
const TEAM_OF_REGION: Record<(typeof REGIONS)[number], string> = { SH: 'east', JS: 'east', ZJ: 'east', GD: 'south', BJ: 'north' };
const PRODUCTS = ['working_capital', 'invoice_financing', 'term_loan'] as const;
const CHANNELS = ['app', 'web', 'branch', 'partner_api'] as const;
const TOPIC_PARTITIONS = 3;

/** A synthetic pseudonym token, shaped like the Pseudonymiser's (`pii_<32 hex>`). */
const token = (...parts: Array<string | number>): string => `pii_${createHash('sha256').update(parts.join('/')).digest('hex').slice(0, 32)}`;
const iso = (ms: number): string => new Date(ms).toISOString();
const isoDate = (ms: number): string => iso(ms).slice(0, 10);
const clamp01 = (x: number): number => Math.min(0.999, Math.max(0.001, x));
const round = (x: number, digits = 4): number => Math.round(x * 10 ** digits) / 10 ** digits;

interface Enterprise {
  readonly index: number;
  readonly id: string;
  readonly region: (typeof REGIONS)[number];
  readonly risk: number;
  readonly ring: number | null;
  readonly phone: string;
  readonly device: string;
  readonly address: string;
}

interface Stored {
  readonly topic: TopicName;
  readonly event: { eventId: string; eventTime: string; schemaVersion: 1 };
}

interface Pending {
  inputs: Stored[];
  scores: Score[];
  decisions: Decision[];
  alerts: Alert[];
  deadLetters: DeadLetter[];
}

type RuleHit = Score['ruleHits'][number];
type ModelScore = Score['models'][number];

function hit(ruleId: string, reasonCode: string, severity: RuleHit['severity'], points: number, action: string, ruleSetVersion: string, shadow = false): RuleHit {
  return { ruleId, ruleSetVersion, reasonCode, severity, points, action, shadow };
}

/** Builds the book. Deterministic for the same options (and `end`). */
export function syntheticWorld(options: SyntheticWorldOptions = {}): SyntheticWorld {
  const seed = options.seed ?? 20_261_125;
  const days = options.days ?? 200;
  const endMs = Math.floor((options.end ?? new Date()).getTime() / MINUTE) * MINUTE;
  const startMs = endMs - days * DAY;
  const perDay = options.applicationsPerDay ?? 30;
  const rng = Rng.from(seed, 'synthetic-world');
  const byDay = new Map<number, Pending>();
  const dayOf = (ms: number): Pending => {
    const d = Math.floor((ms - startMs) / DAY);
    let p = byDay.get(d);
    if (!p) {
      p = { inputs: [], scores: [], decisions: [], alerts: [], deadLetters: [] };
      byDay.set(d, p);
    }
    return p;
  };
  const inRange = (ms: number): boolean => ms >= startMs && ms <= endMs;
  const counts: Record<string, number> = {};
  const count = (k: string): void => {
    counts[k] = (counts[k] ?? 0) + 1;
  };
  const emit = <T extends TopicName>(topic: T, event: EventOf<T>): boolean => {
    const e = event as unknown as Stored['event'];
    const ms = Date.parse(e.eventTime);
    if (!inRange(ms)) return false;
    dayOf(ms).inputs.push({ topic, event: e });
    count(topic);
    return true;
  };
  const ruleSetAt = (ms: number): string => (ms < endMs - 60 * DAY ? SYNTHETIC_RULE_SETS.old : SYNTHETIC_RULE_SETS.current);
  /** Slow drift of every score upwards over the book (for PSI). */
  const drift = (ms: number): number => 0.08 * ((ms - startMs) / (endMs - startMs));

  // ── Enterprises: a few fraud rings share a phone and a device ──────────────────────────
  const enterprises: Enterprise[] = [];
  const rings = 12;
  for (let i = 0; i < 360; i++) {
    const r = rng.derive('enterprise', i);
    const ring = i < rings * 5 ? Math.floor(i / 5) : null;
    enterprises.push({
      index: i,
      id: makeUscc(`91310115MA${String(100000 + i).padStart(7, '0')}`),
      region: r.pick(REGIONS),
      risk: ring !== null ? r.range(0.3, 0.7) : r.float() ** 2,
      ring,
      phone: ring !== null ? token('ring-phone', ring) : token('phone', i),
      device: ring !== null ? token('ring-device', ring) : `dev-${seed}-${i}`,
      address: ring !== null ? `深圳市南山区科技园 ${ring} 号` : `上海市浦东新区张江路 ${i} 号`,
    });
  }

  // ── Applications, decisions, loans, repayments, labels, alerts, collections ────────────
  let appSeq = 0;
  let alertSeq = 0;
  const activeLoans: Array<{ id: string; ent: Enterprise; openedMs: number; endMs: number; defaultMs: number | null; principal: number }> = [];

  const alertFor = (ms: number, signal: Alert['signal'], severity: Alert['severity'], sourceEventId: string, ids: { loanId?: string; enterpriseId?: string; applicationId?: string }, why: Alert['why'], extra: Partial<Alert> = {}): Alert => {
    alertSeq++;
    const a: Alert = {
      eventId: `alert-evt-${alertSeq}`, schemaVersion: 1, eventTime: iso(ms), source: 'fengkong-scorer',
      alertId: `alert-${seed}-${alertSeq}`, signal, severity, ...ids, sourceEventId, why, raisedAt: iso(ms + 2000), ...extra,
    };
    return a;
  };

  /** Collection work on an alert: who worked it, when, and how it ended. */
  const workAlert = (alert: Alert, ent: Enterprise, r: Rng): void => {
    const raised = Date.parse(alert.raisedAt);
    if (!r.chance(0.85)) return; // still in the queue
    const team = TEAM_OF_REGION[ent.region];
    const firstMs = raised + r.range(0.5, alert.severity === 'critical' ? 10 : 40) * HOUR;
    const outcome = r.weighted<CollectionOutcome['outcome']>([['promise_to_pay', 40], ['paid', 22], ['unreachable', 20], ['dispute', 6], ['false_alarm', 12]]);
    const base = { schemaVersion: 1 as const, source: 'collections-app', alertId: alert.alertId, ...(alert.loanId ? { loanId: alert.loanId } : {}), ...(alert.enterpriseId ? { enterpriseId: alert.enterpriseId } : {}), team, agentId: `agent-${team}-${r.int(1, 6)}` };
    emit('collection-outcomes', { ...base, eventId: `co-evt-${alert.alertId}-1`, eventTime: iso(firstMs), outcomeId: `co-${alert.alertId}-1`, outcome,
      ...(outcome === 'promise_to_pay' ? { promiseDate: isoDate(firstMs + 7 * DAY), promiseAmount: round(r.range(5_000, 80_000), 2) } : {}),
      ...(outcome === 'paid' ? { paidAmount: round(r.range(5_000, 80_000), 2) } : {}),
      note: outcome === 'unreachable' ? '电话无人接听' : '' });
    if (outcome === 'promise_to_pay' && r.chance(0.6)) {
      const laterMs = firstMs + r.range(2, 9) * DAY;
      emit('collection-outcomes', { ...base, eventId: `co-evt-${alert.alertId}-2`, eventTime: iso(laterMs), outcomeId: `co-${alert.alertId}-2`, outcome: 'paid', paidAmount: round(r.range(5_000, 80_000), 2) });
    }
  };

  for (let d = 0; d < days; d++) {
    const dayMs = startMs + d * DAY;
    const rd = rng.derive('day', d);
    const apps = perDay + rd.int(-5, 5);
    for (let k = 0; k < apps; k++) {
      appSeq++;
      const r = rng.derive('application', appSeq);
      const ent = r.chance(0.15) ? (enterprises[r.int(0, rings * 5 - 1)] as Enterprise) : r.pick(enterprises);
      const ms = dayMs + r.int(0, DAY - 1);
      if (ms > endMs) continue;
      const fraudulent = ent.ring !== null ? r.chance(0.5) : r.chance(0.03);
      const willDefault = !fraudulent && r.chance(0.04 + 0.25 * ent.risk);
      const applicationId = `app-${seed}-${appSeq}`;
      const product = r.pick(PRODUCTS);
      const requestedAmount = round(r.range(100_000, 3_000_000), 0);
      const appEvent: EventOf<'applications'> = {
        eventId: `app-evt-${seed}-${appSeq}`, schemaVersion: 1, eventTime: iso(ms), source: 'loan-origination',
        applicationId, enterpriseId: ent.id, enterpriseName: `合成企业 ${ent.index} 有限公司`,
        applicant: { name: token('name', ent.index), idNumber: token('id', ent.index), phone: ent.phone, role: 'legal_rep' },
        declaredCompanyPhone: ent.phone, address: ent.address, product, requestedAmount, requestedTermMonths: 12,
        channel: r.pick(CHANNELS), deviceId: ent.device, ip: `10.${ent.index % 200}.${r.int(0, 3)}.${r.int(1, 254)}`,
        identity: { faceMatchScore: round(fraudulent ? r.range(0.4, 0.95) : r.range(0.8, 1)), livenessPassed: !fraudulent || r.chance(0.8), smsVerified: r.chance(0.97), captchaPassed: r.chance(0.98), idDocumentValid: !fraudulent || r.chance(0.9) },
        bureauScore: r.chance(0.1) ? null : Math.round(450 + (1 - ent.risk) * 400 * r.range(0.8, 1.1)),
        enterprise: { region: ent.region, isNewBusiness: r.chance(0.2), employees: r.int(5, 300) },
      };
      emit('applications', appEvent);
      const rsv = ruleSetAt(ms);
      const fraudScore = clamp01((fraudulent ? r.range(0.35, 1) : r.float() ** 3 * 0.7) + drift(ms));
      const challengerScore = clamp01((fraudulent ? r.range(0.45, 1) : r.float() ** 3 * 0.6) + drift(ms));
      const pd = clamp01((willDefault ? r.range(0.08, 0.6) : r.float() ** 2 * 0.3) + drift(ms) / 2);
      const shared = ent.ring !== null ? r.int(2, 5) : r.chance(0.1) ? 1 : 0;
      const listHit = fraudulent && r.chance(0.25);
      const models: ModelScore[] = [
        { model: SYNTHETIC_MODELS.applicationFraud.name, version: SYNTHETIC_MODELS.applicationFraud.champion, role: 'champion', score: round(fraudScore), status: 'ok' },
        // Every 8th challenger run fails, so any day of 8+ applications has degraded scores.
        appSeq % 8 === 0
          ? { model: SYNTHETIC_MODELS.applicationFraud.name, version: SYNTHETIC_MODELS.applicationFraud.challenger, role: 'challenger', score: null, status: 'error', error: 'model run timed out' }
          : { model: SYNTHETIC_MODELS.applicationFraud.name, version: SYNTHETIC_MODELS.applicationFraud.challenger, role: 'challenger', score: round(challengerScore), status: 'ok' },
        { model: SYNTHETIC_MODELS.defaultPd.name, version: SYNTHETIC_MODELS.defaultPd.champion, role: 'champion', score: round(pd), status: 'ok' },
      ];
      const hits: RuleHit[] = [];
      if (fraudScore >= 0.8) hits.push(hit('app.fraud_model_high', 'FRAUD_MODEL_HIGH', 'critical', 80, 'reject', rsv));
      if (shared >= 2) hits.push(hit('app.graph_shared_phone', 'GRAPH_SHARED_PHONE', 'high', 40, 'review', rsv));
      if (listHit) hits.push(hit('app.blacklist_hit', 'BLACKLIST_HIT', 'critical', 100, 'reject', rsv));
      if (!appEvent.identity.smsVerified || !appEvent.identity.captchaPassed) hits.push(hit('app.sms_or_captcha_failed', 'CONTACT_NOT_VERIFIED', 'medium', 20, 'review', rsv));
      if (appEvent.enterprise?.isNewBusiness && requestedAmount > 1_000_000) hits.push(hit('app.new_business_large_amount', 'NEW_BUSINESS_LARGE_AMOUNT', 'medium', 15, 'review', rsv, true));
      const points = hits.filter((h) => !h.shadow).reduce((s, h) => s + h.points, 0);
      const riskScore = Math.min(1000, Math.round(Math.max(fraudScore, pd) * 1000 * 0.6) + points);
      const reasons: Score['reasons'] = hits.filter((h) => !h.shadow).map((h) => ({ code: h.reasonCode, description: h.ruleId, value: h.ruleId }));
      if (reasons.length === 0) reasons.push({ code: 'MODEL_LOW_RISK', description: 'model scores low', value: round(fraudScore) });
      dayOf(ms).scores.push({
        eventId: `score:${appEvent.eventId}`, schemaVersion: 1, eventTime: appEvent.eventTime, source: 'fengkong-scorer',
        scoreId: `score:${appEvent.eventId}`, inputEventId: appEvent.eventId, inputTopic: 'applications', entityType: 'application', entityId: applicationId,
        status: models.some((m) => m.status === 'error') ? 'degraded' : 'ok', riskScore, models, ruleHits: hits,
        features: {
          'enterprise.app_count_30d': r.int(0, 4) + (ent.ring !== null ? 3 : 0),
          'enterprise.inflow_sum_30d': round(r.range(50_000, 2_000_000) * (1 - ent.risk / 2), 0),
          'enterprise.distinct_devices_30d': r.int(1, 3),
          'enterprise.hours_since_last_app': r.chance(0.3) ? null : round(r.range(1, 2000), 1),
          'graph.sharedPhoneApplicants': shared,
          'graph.sharedDeviceApplicants': ent.ring !== null ? r.int(1, 4) : 0,
          'graph.linkedGroupSize': ent.ring !== null ? r.int(4, 9) : r.int(1, 2),
          'graph.linkedFlaggedCount': ent.ring !== null ? r.int(0, 3) : 0,
          'graph.guaranteeCircle': r.chance(0.03) ? 1 : 0,
          'lists.device_black': listHit ? 1 : 0,
        },
        reasons,
      });
      count('scores');
      const tier: DecisionTier = hits.some((h) => !h.shadow && h.action === 'reject') ? 'auto_reject'
        : pd > 0.35 ? 'suggest_reject'
        : hits.some((h) => !h.shadow && h.action === 'review') ? 'manual_review'
        : pd > 0.2 ? 'careful_review'
        : pd < 0.06 ? 'auto_approve' : 'suggest_pass';
      const decision: Decision = {
        eventId: `dec-evt-${seed}-${appSeq}`, schemaVersion: 1, eventTime: appEvent.eventTime, source: 'fengkong-scorer',
        decisionId: `dec-${seed}-${appSeq}`, applicationId, enterpriseId: ent.id, product, tier,
        admissionPassed: tier !== 'auto_reject', creditScore: Math.round(850 - pd * 600), probabilityOfDefault: round(pd), fraudScore: round(fraudScore),
        suggestedLimit: tier === 'auto_reject' || tier === 'suggest_reject' ? 0 : Math.round(requestedAmount * (1 - pd)), suggestedAnnualRate: round(0.04 + pd * 0.2),
        ruleSetVersion: rsv, modelVersions: { application_fraud: '1.0.0', default_pd: '1.0.0' }, reasons, final: true,
      };
      dayOf(ms).decisions.push(decision);
      count('decisions');
      if (fraudScore >= 0.9) {
        dayOf(ms).alerts.push(alertFor(ms, 'application_fraud', 'high', appEvent.eventId, { applicationId, enterpriseId: ent.id }, [{ code: 'FRAUD_MODEL_HIGH', description: '申请欺诈模型分数高', value: round(fraudScore) }], { probabilityOfDefault: round(pd) }));
        count('alerts');
      }
      if (fraudulent) {
        const knownMs = ms + r.range(20, 60) * DAY;
        emit('labels', { eventId: `lbl-evt-app-${appSeq}`, schemaVersion: 1, eventTime: iso(knownMs), source: 'fraud-investigation', labelId: `lbl-app-${appSeq}`, kind: 'fraud_confirmed', fraudType: ent.ring !== null ? 'ring' : 'application', applicationId, enterpriseId: ent.id, occurredAt: iso(ms) } satisfies OutcomeLabel);
      }
      const approved = tier === 'auto_approve' || tier === 'suggest_pass' || ((tier === 'manual_review' || tier === 'careful_review') && r.chance(0.5));
      if (!approved) continue;
      // A loan: opened, monthly installments, maybe missed payments, a cure or a default.
      const loanId = `loan-${seed}-${appSeq}`;
      const openedMs = ms + r.range(1, 3) * DAY;
      const principal = Math.round(requestedAmount * 0.9);
      const defaultMs = willDefault || (fraudulent && r.chance(0.6)) ? openedMs + r.range(35, 140) * DAY : null;
      emit('repayments', { eventId: `rep-evt-${loanId}-open`, schemaVersion: 1, eventTime: iso(openedMs), source: 'core-banking', loanId, enterpriseId: ent.id, kind: 'loan_opened', daysPastDue: 0, principal, termMonths: 12, annualRate: decision.suggestedAnnualRate, applicationId, product, outstandingPrincipal: principal });
      activeLoans.push({ id: loanId, ent, openedMs, endMs: openedMs + 365 * DAY, defaultMs, principal });
      if (defaultMs !== null) {
        emit('labels', { eventId: `lbl-evt-def-${appSeq}`, schemaVersion: 1, eventTime: iso(defaultMs + r.range(3, 15) * DAY), source: 'credit-risk', labelId: `lbl-def-${appSeq}`, kind: 'default', loanId, applicationId, enterpriseId: ent.id, occurredAt: iso(defaultMs) } satisfies OutcomeLabel);
      }
    }
  }

  // Repayment schedule of every loan, scored (default_pd) with post-loan rule hits and alerts.
  for (const loan of activeLoans) {
    const r = rng.derive('loan', loan.id);
    const cureAfterMiss = loan.defaultMs === null && r.chance(0.25);
    const missMonth = cureAfterMiss ? r.int(1, 6) : -1;
    for (let m = 1; m <= 12; m++) {
      const dueMs = loan.openedMs + m * 30 * DAY;
      if (dueMs > endMs) break;
      if (loan.defaultMs !== null && dueMs > loan.defaultMs + 30 * DAY) break;
      const missed = (loan.defaultMs !== null && dueMs >= loan.defaultMs - 90 * DAY) || m === missMonth;
      const dpd = loan.defaultMs !== null && missed ? Math.max(1, Math.round((dueMs - (loan.defaultMs - 90 * DAY)) / DAY)) : missed ? 1 : 0;
      const kind = missed ? (dpd >= 30 ? 'dpd_update' : 'missed') : 'paid';
      const ev: EventOf<'repayments'> = {
        eventId: `rep-evt-${loan.id}-${m}`, schemaVersion: 1, eventTime: iso(dueMs + r.range(0, 20) * HOUR), source: 'core-banking',
        loanId: loan.id, enterpriseId: loan.ent.id, kind, installmentNo: m, dueDate: isoDate(dueMs), amountDue: Math.round(loan.principal / 12),
        ...(kind === 'paid' ? { amountPaid: Math.round(loan.principal / 12) } : {}), daysPastDue: dpd,
      };
      if (!emit('repayments', ev)) continue;
      const evMs = Date.parse(ev.eventTime);
      const rsv = ruleSetAt(evMs);
      const pd = clamp01((loan.defaultMs !== null ? 0.15 + 0.5 * (missed ? 1 : r.float()) : r.float() ** 3 * 0.2) + drift(evMs) / 2);
      const hits: RuleHit[] = [];
      if (kind === 'missed') hits.push(hit('pl.missed_payment', 'MISSED_PAYMENT', 'high', 40, 'alert', rsv));
      if (kind === 'dpd_update') hits.push(hit('pl.dpd_30', 'DPD_30_PLUS', 'high', 50, 'alert', rsv));
      if (pd >= 0.2) hits.push(hit('pl.high_pd', 'HIGH_DEFAULT_PROBABILITY', 'high', 40, 'alert', rsv));
      dayOf(evMs).scores.push({
        eventId: `score:${ev.eventId}`, schemaVersion: 1, eventTime: ev.eventTime, source: 'fengkong-scorer', scoreId: `score:${ev.eventId}`,
        inputEventId: ev.eventId, inputTopic: 'repayments', entityType: 'loan', entityId: loan.id, status: 'ok',
        riskScore: Math.min(1000, Math.round(pd * 600) + hits.reduce((s, h) => s + h.points, 0)),
        models: [{ model: SYNTHETIC_MODELS.defaultPd.name, version: SYNTHETIC_MODELS.defaultPd.champion, role: 'champion', score: round(pd), status: 'ok' }],
        ruleHits: hits,
        features: { 'loan.days_past_due': dpd, 'loan.partial_count_all': 0, 'loan.missed_count_all': missed ? 1 : 0, 'enterprise.inflow_trend_7d_90d': round(missed ? r.range(0.1, 0.6) : r.range(0.6, 1.4), 3) },
        reasons: hits.map((h) => ({ code: h.reasonCode, description: h.ruleId, value: dpd })),
      });
      count('scores');
      if (missed) {
        const signal = kind === 'missed' ? 'missed_payment' : 'dpd_transition';
        const alert = alertFor(evMs, signal, dpd >= 60 ? 'critical' : 'high', ev.eventId, { loanId: loan.id, enterpriseId: loan.ent.id }, [{ code: kind === 'missed' ? 'MISSED_PAYMENT' : 'DPD_30_PLUS', description: kind === 'missed' ? '本期未还款' : '逾期超过 30 天', value: dpd }], { daysPastDue: dpd, exposure: loan.principal, probabilityOfDefault: round(pd) });
        dayOf(evMs).alerts.push(alert);
        count('alerts');
        workAlert(alert, loan.ent, r.derive('work', m));
        if (m === missMonth) {
          // The cure: paid back to current a few days later.
          emit('repayments', { eventId: `rep-evt-${loan.id}-${m}-cure`, schemaVersion: 1, eventTime: iso(evMs + r.range(3, 15) * DAY), source: 'core-banking', loanId: loan.id, enterpriseId: loan.ent.id, kind: 'paid', installmentNo: m, amountPaid: Math.round(loan.principal / 12), daysPastDue: 0 });
        }
      }
    }
  }

  // Transactions on accounts of borrowers: transaction-fraud model, fraud labels, alerts.
  let txnSeq = 0;
  for (let d = 0; d < days; d++) {
    const dayMs = startMs + d * DAY;
    const open = activeLoans.filter((l) => l.openedMs <= dayMs && l.endMs > dayMs);
    if (open.length === 0) continue;
    const rd = rng.derive('txn-day', d);
    const n = Math.min(options.transactionsPerDay ?? 90, 10 + open.length);
    for (let k = 0; k < n; k++) {
      txnSeq++;
      const r = rd.derive(k);
      const loan = r.pick(open);
      const ms = dayMs + r.int(0, DAY - 1);
      if (ms > endMs) continue;
      const fraud = r.chance(loan.ent.ring !== null ? 0.05 : 0.008);
      const direction = fraud || r.chance(0.5) ? 'out' : 'in';
      const amount = round(fraud ? r.range(80_000, 900_000) : r.range(500, 200_000), 2);
      const ev: EventOf<'transactions'> = {
        eventId: `txn-evt-${seed}-${txnSeq}`, schemaVersion: 1, eventTime: iso(ms), source: 'core-banking', transactionId: `txn-${seed}-${txnSeq}`,
        accountId: token('account', loan.ent.index), enterpriseId: loan.ent.id, loanId: loan.id, direction, amount,
        channel: r.pick(['transfer', 'mobile', 'card', 'merchant_payment'] as const), balanceAfter: round(r.range(1_000, 2_000_000), 2),
      };
      emit('transactions', ev);
      const rsv = ruleSetAt(ms);
      const score = clamp01((fraud ? r.range(0.5, 1) : r.float() ** 4 * 0.8) + drift(ms));
      const passThrough = round(r.chance(0.05) ? r.range(0.95, 1) : r.range(0, 0.9), 3);
      const inflow24h = round(r.range(10_000, 400_000), 0);
      const hits: RuleHit[] = [];
      if (score >= 0.9) hits.push(hit('pl.transaction_fraud_model', 'TXN_FRAUD_MODEL_HIGH', 'high', 50, 'alert', rsv));
      if (passThrough >= 0.95 && inflow24h >= 100_000) hits.push(hit('pl.pass_through', 'PASS_THROUGH', 'medium', 20, 'review', rsv, true));
      const trend = round(r.chance(0.03) ? r.range(0, 0.3) : r.range(0.5, 1.5), 3);
      if (trend <= 0.3) hits.push(hit('pl.inflow_collapse', 'INFLOW_COLLAPSE', 'medium', 25, 'alert', rsv));
      dayOf(ms).scores.push({
        eventId: `score:${ev.eventId}`, schemaVersion: 1, eventTime: ev.eventTime, source: 'fengkong-scorer', scoreId: `score:${ev.eventId}`,
        inputEventId: ev.eventId, inputTopic: 'transactions', entityType: 'enterprise', entityId: loan.ent.id, status: 'ok',
        riskScore: Math.min(1000, Math.round(score * 700) + hits.filter((h) => !h.shadow).reduce((s, h) => s + h.points, 0)),
        models: [{ model: SYNTHETIC_MODELS.transactionFraud.name, version: SYNTHETIC_MODELS.transactionFraud.champion, role: 'champion', score: round(score), status: 'ok' }],
        ruleHits: hits,
        features: { 'account.pass_through_ratio_24h': passThrough, 'account.inflow_sum_24h': inflow24h, 'enterprise.inflow_trend_7d_90d': trend, 'enterprise.txn_amount_max_24h': amount },
        reasons: hits.filter((h) => !h.shadow).map((h) => ({ code: h.reasonCode, description: h.ruleId, value: round(score) })),
      });
      count('scores');
      for (const h of hits.filter((x) => !x.shadow && x.action === 'alert')) {
        const signal = h.ruleId === 'pl.inflow_collapse' ? 'inflow_collapse' : 'transaction_fraud';
        const alert = alertFor(ms, signal, h.severity === 'high' ? 'high' : 'medium', ev.eventId, { loanId: loan.id, enterpriseId: loan.ent.id }, [{ code: h.reasonCode, description: h.ruleId, value: signal === 'inflow_collapse' ? trend : round(score) }], { exposure: loan.principal });
        dayOf(ms).alerts.push(alert);
        count('alerts');
        workAlert(alert, loan.ent, r.derive('work'));
      }
      if (fraud) {
        emit('labels', { eventId: `lbl-evt-txn-${txnSeq}`, schemaVersion: 1, eventTime: iso(ms + r.range(3, 30) * DAY), source: 'fraud-investigation', labelId: `lbl-txn-${txnSeq}`, kind: 'fraud_confirmed', fraudType: 'transaction', refEventId: ev.eventId, loanId: loan.id, enterpriseId: loan.ent.id, occurredAt: iso(ms) } satisfies OutcomeLabel);
      }
    }

    // Enterprise updates: lawsuits, listings and bureau drops raise alerts.
    for (let k = 0; k < 3; k++) {
      const r = rd.derive('update', k);
      const loan = r.pick(open);
      const ms = dayMs + r.int(0, DAY - 1);
      if (ms > endMs) continue;
      const eventId = `eu-evt-${seed}-${d}-${k}`;
      const rsv = ruleSetAt(ms);
      const which = r.weighted([['lawsuit', 4], ['bureau', 4], ['listing', 1]] as const);
      const base = { eventId, schemaVersion: 1 as const, eventTime: iso(ms), source: 'third-party', enterpriseId: loan.ent.id, provider: 'qichacha' };
      let signal: Alert['signal'];
      let rule: RuleHit;
      if (which === 'lawsuit') {
        emit('enterprise-updates', { ...base, kind: 'litigation_filed', caseId: `case-${d}-${k}`, role: 'defendant', caseType: 'contract_dispute', claimAmount: round(r.range(50_000, 2_000_000), 0) });
        signal = 'new_lawsuit';
        rule = hit('pl.new_lawsuit', 'NEW_LAWSUIT', 'medium', 25, 'alert', rsv);
      } else if (which === 'bureau') {
        const previousScore = r.int(600, 800);
        emit('enterprise-updates', { ...base, kind: 'bureau_score_change', previousScore, newScore: previousScore - r.int(50, 120) });
        signal = 'bureau_score_drop';
        rule = hit('pl.bureau_drop', 'BUREAU_SCORE_DROP', 'medium', 25, 'alert', rsv);
      } else {
        emit('enterprise-updates', { ...base, kind: 'dishonest_debtor_listed', caseId: `enf-${d}-${k}`, amount: round(r.range(10_000, 500_000), 0) });
        signal = 'new_listing';
        rule = hit('pl.new_listing', 'NEW_LISTING', 'critical', 80, 'alert', rsv);
      }
      dayOf(ms).scores.push({
        eventId: `score:${eventId}`, schemaVersion: 1, eventTime: iso(ms), source: 'fengkong-scorer', scoreId: `score:${eventId}`, inputEventId: eventId,
        inputTopic: 'enterprise-updates', entityType: 'enterprise', entityId: loan.ent.id, status: 'ok', riskScore: rule.points * 4, models: [], ruleHits: [rule],
        features: { 'enterprise.lawsuits_365d': r.int(0, 4) }, reasons: [{ code: rule.reasonCode, description: rule.ruleId }],
      });
      count('scores');
      const alert = alertFor(ms, signal, rule.severity === 'critical' ? 'critical' : 'medium', eventId, { loanId: loan.id, enterpriseId: loan.ent.id }, [{ code: rule.reasonCode, description: rule.ruleId }], { exposure: loan.principal });
      dayOf(ms).alerts.push(alert);
      count('alerts');
      workAlert(alert, loan.ent, r.derive('work'));
    }

    // Dead letters: records that failed validation or decoding.
    for (let k = 0; k < 2 + rd.int(0, 3); k++) {
      const r = rd.derive('dlq', k);
      const ms = dayMs + r.int(0, DAY - 1);
      if (ms > endMs) continue;
      const topic = r.pick(['applications', 'transactions', 'repayments', 'enterprise-updates'] as const);
      const [stage, errorClass, reason, field] = r.pick([
        ['validate', 'ContractViolation', 'must be >= 0', '/amount'],
        ['validate', 'ContractViolation', 'must match format "uscc"', '/enterpriseId'],
        ['decode', 'DecodeError', 'Unexpected token } in JSON at position 120', ''],
        ['validate', 'ContractViolation', "must have required property 'loanId'", '/loanId'],
      ] as const);
      const original = Buffer.from(`{"broken":${k}}`);
      const offset = String(1000 + d * 10 + k);
      dayOf(ms).deadLetters.push({
        eventId: `dlq:${topic}:${k % TOPIC_PARTITIONS}:${offset}`, schemaVersion: 1, eventTime: iso(ms), source: 'fengkong-scorer', originalTopic: topic,
        partition: k % TOPIC_PARTITIONS, offset, stage, errorClass, errorCode: 'fengkong:invalid-event', ...(field ? { field } : {}), reason,
        originalBase64: original.toString('base64'), originalTruncated: false, originalSize: original.length,
      });
      count('dead_letters');
    }
  }

  const batches: DecisionLogBatch[] = [...byDay.keys()].sort((a, b) => a - b).map((d) => {
    const p = byDay.get(d) as Pending;
    const offsets = new Map<string, number>();
    return {
      events: p.inputs.map((i) => {
        const n = (offsets.get(i.topic) ?? 0) + 1;
        offsets.set(i.topic, n);
        return { topic: i.topic, partition: n % TOPIC_PARTITIONS, offset: String(d * 100_000 + n), event: i.event };
      }),
      scores: p.scores,
      decisions: p.decisions,
      alerts: p.alerts,
      deadLetters: p.deadLetters,
    };
  });
  return { from: new Date(startMs), to: new Date(endMs), batches, counts };
}
