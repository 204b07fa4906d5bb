/**
 * Backtest on a small book stored in chdb: a candidate rule set with one rule removed loses
 * exactly that rule's alerts, and precision and recall match a hand computation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRuleSetOrThrow } from '../detectors/rules/load.ts';
import type { ClickHouseClient } from '../pipelines/clickhouse/types.ts';
import { backtest, type BacktestReport } from './backtest.ts';
import { application, closeTestClickHouse, daysAgo, label, openTestClickHouse, score, writeBook, DAY_MS } from './testing/book.ts';

const LIVE = `
ruleSet: fixture
version: "1"
mode: active
appliesTo: [applications]
rules:
  - id: app.face_low
    description: Face does not match the ID photo
    when: event.identity.faceMatchScore < 0.6
    severity: critical
    points: 100
    action: reject
    reasonCode: FACE_MATCH_LOW
  - id: app.shared_phone
    description: Phone shared with other applicants
    when: graph.sharedPhoneApplicants >= 2
    severity: high
    points: 40
    action: review
    reasonCode: GRAPH_SHARED_PHONE
  - id: app.fraud_model_high
    description: Fraud model score high
    when: models.application_fraud >= 0.8
    severity: high
    points: 50
    action: review
    reasonCode: FRAUD_MODEL_HIGH
  - id: app.big_amount
    description: Large request (shadow, never acts)
    when: event.requestedAmount > 1000000
    severity: low
    points: 5
    action: review
    reasonCode: BIG_AMOUNT
    mode: shadow
  - id: app.guarantee_circle
    description: In a guarantee circle (stored as 1 in the snapshot, read as true)
    when: graph.guaranteeCircle
    severity: medium
    points: 10
    action: none
    reasonCode: GUARANTEE_CIRCLE
`;
/** The live set without app.shared_phone. */
const CANDIDATE = LIVE.replace('version: "1"', 'version: "2"').replace(/  - id: app\.shared_phone[\s\S]*?reasonCode: GRAPH_SHARED_PHONE\n/, '');

/**
 * The book, by hand. Matured applications are 120 days old (past the 90-day window), two are
 * 10 days old (immature unless bad).
 *   id   face  shared  model  amount   fraud   live alerts                 candidate alerts
 *   A1   0.50  0       0.10   0.8m     yes     face_low                    face_low
 *   A2   0.90  3       0.20   0.8m     yes     shared_phone                -
 *   A3   0.90  2       0.90   0.8m     no      shared_phone, fraud_model   fraud_model
 *   A4   0.90  0       0.85   0.8m     yes     fraud_model                 fraud_model
 *   A5   0.90  4       0.10   0.8m     no      shared_phone                -
 *   A6   0.90  0       0.10   0.8m     yes     -                           -
 *   A7   0.90  0       0.10   2.0m     no      - (big_amount is shadow)    -
 *   A8   0.95  0       0.30   0.8m     no, 10 days old: immature
 *   A9   0.90  3       0.10   0.8m     no, 10 days old: immature, flagged by shared_phone
 * Live, matured: flagged A1 A2 A3 A4 A5; TP A1 A2 A4 = 3, FP A3 A5 = 2, FN A6 = 1
 *   → precision 3/5, recall 3/4; alerts 7 (A3 has two), flagged events 6 (with A9).
 * Candidate: flagged A1 A3 A4; TP A1 A4 = 2, FP A3 = 1, FN A2 A6 = 2 → precision 2/3, recall 1/2.
 */
const ROWS = [
  { id: 'A1', face: 0.5, shared: 0, model: 0.1, fraud: true, age: 120 },
  { id: 'A2', face: 0.9, shared: 3, model: 0.2, fraud: true, age: 120 },
  { id: 'A3', face: 0.9, shared: 2, model: 0.9, fraud: false, age: 120 },
  { id: 'A4', face: 0.9, shared: 0, model: 0.85, fraud: true, age: 120 },
  { id: 'A5', face: 0.9, shared: 4, model: 0.1, fraud: false, age: 120 },
  { id: 'A6', face: 0.9, shared: 0, model: 0.1, fraud: true, age: 120 },
  { id: 'A7', face: 0.9, shared: 0, model: 0.1, fraud: false, age: 120, amount: 2_000_000, circle: 1 },
  { id: 'A8', face: 0.95, shared: 0, model: 0.3, fraud: false, age: 10 },
  { id: 'A9', face: 0.9, shared: 3, model: 0.1, fraud: false, age: 10 },
] as const;

let ch: ClickHouseClient;
let report: BacktestReport;
const now = Date.now();
const eventId = (id: string): string => `app-evt-${id}`;

beforeAll(async () => {
  ch = await openTestClickHouse('fengkong_backtest');
  const events: Array<{ topic: string; event: { eventId: string; eventTime: string; schemaVersion: number } }> = [];
  const scores = [];
  for (const r of ROWS) {
    const at = daysAgo(r.age, now);
    const base = application(r.id, at, { requestedAmount: 'amount' in r ? r.amount : 800_000 });
    const app = { ...base, identity: { ...base.identity, faceMatchScore: r.face } };
    events.push({ topic: 'applications', event: app });
    scores.push(score(app, 'applications', { features: { 'graph.sharedPhoneApplicants': r.shared, 'graph.guaranteeCircle': 'circle' in r ? r.circle : 0 }, models: { application_fraud: r.model } }));
    if (r.fraud) events.push({ topic: 'labels', event: label(`fraud-${r.id}`, 'fraud_confirmed', { applicationId: r.id }, at, new Date(at.getTime() + 30 * DAY_MS)) });
  }
  await writeBook(ch, { events, scores });
  report = await backtest(ch, {
    from: daysAgo(200, now),
    to: new Date(now + DAY_MS),
    live: loadRuleSetOrThrow(LIVE, 'live.yaml'),
    candidate: loadRuleSetOrThrow(CANDIDATE, 'candidate.yaml'),
  });
});

afterAll(async () => {
  await closeTestClickHouse(ch);
});

describe('backtest with one rule removed', () => {
  it('replays every stored event with its outcome', () => {
    expect(report.events).toBe(ROWS.length);
    expect(report.labelled).toEqual({ bad: 4, good: 3, immature: 2 });
  });

  it('misses exactly the removed rule\'s alerts and adds none', () => {
    expect(report.missing).toEqual([{ ruleId: 'app.shared_phone', eventIds: ['A2', 'A3', 'A5', 'A9'].map(eventId) }]);
    expect(report.added).toEqual([]);
    expect(report.errors).toEqual([]);
  });

  it('reports the live set\'s volume, precision and recall as computed by hand', () => {
    expect(report.live).toMatchObject({ ruleSet: 'fixture@1', alerts: 7, flaggedEvents: 6, tp: 3, fp: 2, fn: 1 });
    expect(report.live.precision).toBeCloseTo(3 / 5, 12);
    expect(report.live.recall).toBeCloseTo(3 / 4, 12);
  });

  it('reports the candidate\'s volume, precision and recall as computed by hand', () => {
    expect(report.candidate).toMatchObject({ ruleSet: 'fixture@2', alerts: 3, flaggedEvents: 3, tp: 2, fp: 1, fn: 2 });
    expect(report.candidate.precision).toBeCloseTo(2 / 3, 12);
    expect(report.candidate.recall).toBeCloseTo(1 / 2, 12);
  });

  it('breaks the live alerts down per rule, shadow rules never counting', () => {
    const byRule = Object.fromEntries(report.live.byRule.map((b) => [b.ruleId, { alerts: b.alerts, tp: b.tp, fp: b.fp }]));
    expect(byRule).toEqual({
      'app.shared_phone': { alerts: 4, tp: 1, fp: 2 },
      'app.fraud_model_high': { alerts: 2, tp: 1, fp: 1 },
      'app.face_low': { alerts: 1, tp: 1, fp: 0 },
    });
  });
});
