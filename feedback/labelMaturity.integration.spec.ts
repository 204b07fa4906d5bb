/**
 * Label maturity in the feedback views (migrations/0008_feedback_views.sql), on chdb: a 90-day
 * default label makes a loan "good" only once 90 days have passed without a default.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseClient } from '../pipelines/clickhouse/types.ts';
import { exportTraining } from './exportTraining.ts';
import { application, closeTestClickHouse, daysAgo, decision, label, loanOpened, openTestClickHouse, score, writeBook, DAY_MS } from './testing/book.ts';

let ch: ClickHouseClient;
const now = Date.now();

/** One booked (or declined) application decided `days` ago, with an optional default `defaultAfter` days after the decision. */
function loan(id: string, days: number, o: { defaultAfter?: number; booked?: boolean; fraudScore?: number } = {}) {
  const decided = daysAgo(days, now);
  const app = application(id, decided);
  const events: Array<{ topic: string; event: { eventId: string; eventTime: string; schemaVersion: number } }> = [{ topic: 'applications', event: app }];
  if (o.booked !== false) events.push({ topic: 'repayments', event: loanOpened(`loan-${id}`, id, new Date(decided.getTime() + DAY_MS)) });
  if (o.defaultAfter !== undefined) {
    const occurred = new Date(decided.getTime() + o.defaultAfter * DAY_MS);
    events.push({ topic: 'labels', event: label(`def-${id}`, 'default', { loanId: `loan-${id}`, applicationId: id }, occurred, new Date(Math.min(now, occurred.getTime() + 2 * DAY_MS))) });
  }
  return {
    events,
    decision: decision(id, decided, o.booked === false ? 'auto_reject' : 'suggest_pass'),
    score: score(app, 'applications', { features: { 'enterprise.app_count_30d': days }, models: { application_fraud: o.fraudScore ?? 0.1 } }),
  };
}

const book = {
  recent: loan('APP-30D', 30),
  recentDefault: loan('APP-30D-DEFAULT', 30, { defaultAfter: 20 }),
  matured: loan('APP-100D', 100),
  lateDefault: loan('APP-120D-LATE', 120, { defaultAfter: 100 }),
  declined: loan('APP-100D-DECLINED', 100, { booked: false }),
};

beforeAll(async () => {
  ch = await openTestClickHouse('fengkong_label_maturity');
  const parts = Object.values(book);
  await writeBook(ch, { events: parts.flatMap((p) => p.events), decisions: parts.map((p) => p.decision), scores: parts.map((p) => p.score) });
});

afterAll(async () => {
  await closeTestClickHouse(ch);
});

async function labelsOf(): Promise<Record<string, { default_label: string; matured: boolean | number }>> {
  const rows = await ch.query<{ application_id: string; default_label: string; matured: boolean | number }>('SELECT application_id, default_label, matured FROM decision_outcomes');
  return Object.fromEntries(rows.map((r) => [r.application_id, { default_label: r.default_label, matured: r.matured }]));
}

describe('decision_outcomes: the 90-day default label', () => {
  it('counts a loan decided 30 days ago without a default as neither good nor bad', async () => {
    const labels = await labelsOf();
    expect(labels['APP-30D']?.default_label).toBe('immature');
    expect(Boolean(labels['APP-30D']?.matured)).toBe(false);
    const [counts] = await ch.query<{ good: number; bad: number }>("SELECT countIf(default_label = 'good') AS good, countIf(default_label = 'bad') AS bad FROM decision_outcomes WHERE application_id = 'APP-30D'");
    expect(counts).toEqual({ good: 0, bad: 0 });
  });

  it('counts a loan as good once 90 days have passed without a default', async () => {
    expect((await labelsOf())['APP-100D']).toEqual({ default_label: 'good', matured: expect.anything() });
    expect(Boolean((await labelsOf())['APP-100D']?.matured)).toBe(true);
  });

  it('counts a default within the window as bad as soon as it is known, even before the window ends', async () => {
    expect((await labelsOf())['APP-30D-DEFAULT']?.default_label).toBe('bad');
  });

  it('counts a default after the window as good for the 90-day label', async () => {
    expect((await labelsOf())['APP-120D-LATE']?.default_label).toBe('good');
  });

  it('marks declined applications unbooked: no default can be observed for them', async () => {
    expect((await labelsOf())['APP-100D-DECLINED']?.default_label).toBe('unbooked');
  });
});

describe('model_score_outcomes and export-training', () => {
  it('leaves the immature score out of the training set and labels the matured ones', async () => {
    // application_fraud: fraud within 90 days (model_targets); no fraud label in this book, so
    // rows older than 90 days are good and the 30-day-old ones immature.
    const rows = await ch.query<{ score_id: string; label: string; y: number | null }>("SELECT score_id, label, y FROM model_score_outcomes WHERE model = 'application_fraud' ORDER BY score_id");
    const byId = Object.fromEntries(rows.map((r) => [r.score_id, r]));
    expect(byId['score:app-evt-APP-30D']).toMatchObject({ label: 'immature', y: null });
    expect(byId['score:app-evt-APP-100D']).toMatchObject({ label: 'good', y: 0 });

    const dir = mkdtempSync(join(tmpdir(), 'fk-export-'));
    try {
      const out = join(dir, 'application_fraud.csv');
      const result = await exportTraining(ch, { model: 'application_fraud', from: daysAgo(200, now), to: new Date(now + DAY_MS), out });
      expect(result).toMatchObject({ rows: 3, bads: 0, goods: 3, immature: 2, labelKind: 'fraud_confirmed', windowDays: 90 });
      const lines = readFileSync(out, 'utf8').trim().split('\n');
      expect(lines[0]).toBe('row_id,event_time,label,enterprise.app_count_30d');
      expect(lines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual(['score:app-evt-APP-100D', 'score:app-evt-APP-100D-DECLINED', 'score:app-evt-APP-120D-LATE']);
      // The feature value is the snapshot the scorer saw (here: the age in days we stored).
      expect(lines.find((l) => l.startsWith('score:app-evt-APP-120D-LATE,'))?.split(',')[3]).toBe('120');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
