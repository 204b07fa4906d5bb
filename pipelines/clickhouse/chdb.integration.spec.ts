/**
 * The ClickHouse contract on chdb (embedded ClickHouse 26.x), in a throw-away data directory.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CollectionOutcome } from '../../schemas/topics/collectionOutcome.ts';
import type { OutcomeLabel } from '../../schemas/topics/label.ts';
import type { Alert, DeadLetter, Decision } from '../../schemas/topics/outputs.ts';
import { ChdbClickHouse } from './chdbClient.ts';
import { ClickHouseDecisionLog } from './decisionLog.ts';
import { ClickHouseQueryError } from './errors.ts';
import { migrate } from './migrations.ts';
import { AWKWARD_TEXT, describeClickHouseContract, sampleScore } from './testing/contractSuite.ts';

const dir = mkdtempSync(join(tmpdir(), 'fk-chdb-'));

describeClickHouseContract('chdb', async () => new ChdbClickHouse({ path: dir, database: 'fengkong_test' }));

describe('ChdbClickHouse', () => {
  it('reports a bad statement as a non-retriable ClickHouseQueryError with its code', async () => {
    const ch = new ChdbClickHouse({ path: dir, database: 'fengkong_test' });
    try {
      const error = await ch.query('SELECT * FROM no_such_table').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ClickHouseQueryError);
      expect((error as ClickHouseQueryError).clickhouseCode).toBe(60);
      expect((error as ClickHouseQueryError).retriable).toBe(false);
    } finally {
      await ch.close();
    }
  });

  it('shares one session per data directory and database, and keeps it open until the last client closes', async () => {
    const a = new ChdbClickHouse({ path: dir, database: 'fengkong_share' });
    const b = new ChdbClickHouse({ path: dir, database: 'fengkong_share' });
    await a.close();
    const rows = await b.query<{ db: string }>('SELECT currentDatabase() AS db');
    expect(rows).toEqual([{ db: 'fengkong_share' }]);
    await b.close();
    await expect(b.query('SELECT 1')).rejects.toThrow(/closed/);
  });
});

describe('ClickHouseDecisionLog', () => {
  const t = '2026-04-01T10:00:00.000Z';
  const label: OutcomeLabel = { eventId: 'lbl-evt-1', schemaVersion: 1, eventTime: t, labelId: 'lbl-1', kind: 'fraud_confirmed', fraudType: 'transaction', refEventId: 'in-a', occurredAt: t };
  const outcome: CollectionOutcome = { eventId: 'co-evt-1', schemaVersion: 1, eventTime: t, outcomeId: 'co-1', alertId: 'al-1', team: 'east', agentId: 'agent-7', outcome: 'promise_to_pay', promiseDate: '2026-04-10', promiseAmount: 1234.567, note: AWKWARD_TEXT };
  const decision: Decision = {
    eventId: 'dec-evt-1', schemaVersion: 1, eventTime: t, decisionId: 'dec-1', applicationId: 'app-1', enterpriseId: '91350100M000100Y43', product: 'working_capital',
    tier: 'manual_review', admissionPassed: true, creditScore: 612, probabilityOfDefault: 0.08, fraudScore: 0.1, suggestedLimit: 500000, suggestedAnnualRate: 0.065,
    ruleSetVersion: '2026.04.1', modelVersions: { pd: 'v2' }, reasons: [{ code: 'THIN_FILE', description: '征信记录少' }], final: false,
  };
  const alert: Alert = { eventId: 'al-evt-1', schemaVersion: 1, eventTime: t, alertId: 'al-1', signal: 'missed_payment', severity: 'high', loanId: 'loan-1', daysPastDue: 3, exposure: 100000, sourceEventId: 'rep-1', why: [{ code: 'MISSED', description: 'missed instalment', value: 3 }], raisedAt: t };
  const dead: DeadLetter = { eventId: 'dlq:transactions:0:42', schemaVersion: 1, eventTime: t, originalTopic: 'transactions', partition: 0, offset: '42', stage: 'validate', errorClass: 'NonRetriableEventError', errorCode: 'fengkong:invalid-event', field: '/amount', reason: 'must be >= 0', originalBase64: Buffer.from('{"amount":-1}').toString('base64'), originalTruncated: false, originalSize: 13 };

  it('writes every table of a processor batch once, even when the processor retries the write', async () => {
    const ch = new ChdbClickHouse({ path: dir, database: 'fengkong_decision_log' });
    try {
      await migrate(ch);
      const log = new ClickHouseDecisionLog(ch);
      const batch = {
        events: [
          { topic: 'labels', partition: 0, offset: '7', event: label },
          { topic: 'collection-outcomes', partition: 1, offset: '8', event: outcome },
        ],
        scores: [sampleScore('dl')],
        decisions: [decision],
        alerts: [alert],
        deadLetters: [dead],
      };
      await log.write(batch);
      await log.write(batch); // a retry by the processor after e.g. the Kafka send failed
      await log.close();
      const counts = await ch.query<{ t: string; n: number }>(`
        SELECT 'events' AS t, count() AS n FROM events UNION ALL SELECT 'labels', count() FROM labels
        UNION ALL SELECT 'collection_outcomes', count() FROM collection_outcomes UNION ALL SELECT 'scores', count() FROM scores
        UNION ALL SELECT 'decisions', count() FROM decisions UNION ALL SELECT 'alerts', count() FROM alerts
        UNION ALL SELECT 'dead_letters', count() FROM dead_letters`);
      expect(Object.fromEntries(counts.map((c) => [c.t, c.n]))).toEqual({ events: 2, labels: 1, collection_outcomes: 1, scores: 1, decisions: 1, alerts: 1, dead_letters: 1 });
      const [co] = await ch.query<{ note: string; promise_amount: number; entity_key: string }>(
        "SELECT note, promise_amount, (SELECT entity_key FROM events WHERE topic = 'collection-outcomes') AS entity_key FROM collection_outcomes FINAL",
      );
      expect(co).toEqual({ note: AWKWARD_TEXT, promise_amount: 1234.57, entity_key: 'al-1' });
    } finally {
      await ch.close();
    }
  });
});
