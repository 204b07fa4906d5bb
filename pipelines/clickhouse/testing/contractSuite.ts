/**
 * Behaviour every ClickHouse backend must show (chdb embedded, a 24.x+ server): migrations
 * apply and re-run cleanly, a re-inserted batch leaves no duplicates, payload text round-trips
 * exactly, and the materialized views count each score once. Run by the *.integration.spec.ts
 * files against each backend.
 */
import { cpSync, mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Score } from '../../../schemas/topics/outputs.ts';
import { BatchWriter } from '../batchWriter.ts';
import { MIGRATIONS_DIR, migrate, planMigrations, loadMigrations } from '../migrations.ts';
import { eventRow, scoreRow } from '../rows.ts';
import type { ClickHouseClient } from '../types.ts';

/** Text that breaks naive escaping: quotes, backslashes, newlines, tabs, NUL, Chinese, emoji. */
export const AWKWARD_TEXT = `他说："还款'已逾期'" \\ C:\\path\\n 第二行\n\t制表\u0000末尾 😀 \\u0041 '; DROP TABLE events; --`;

export function sampleScore(id: string, overrides: Partial<Score> = {}): Score {
  return {
    eventId: `score-evt-${id}`,
    schemaVersion: 1,
    eventTime: '2026-03-01T08:00:00.000Z',
    scoreId: `score-${id}`,
    inputEventId: `in-${id}`,
    inputTopic: 'transactions',
    entityType: 'enterprise',
    entityId: 'pii_0123456789abcdef0123456789abcdef',
    status: 'ok',
    riskScore: 420,
    models: [
      { model: 'txn_fraud', version: 'v3', role: 'champion', score: 0.25, status: 'ok' },
      { model: 'txn_fraud', version: 'v4', role: 'challenger', score: null, status: 'error', error: 'timeout' },
    ],
    ruleHits: [
      { ruleId: 'R001', ruleSetVersion: '2026.03.1', reasonCode: 'NIGHT_TRANSFER', severity: 'medium', points: 40, action: 'review', shadow: false },
      { ruleId: 'R900', ruleSetVersion: '2026.03.1', reasonCode: 'NEW_RULE', severity: 'low', points: 10, action: 'none', shadow: true },
    ],
    features: { amount_1h: 12000.5, txn_count_24h: 7, device_age_days: null },
    reasons: [{ code: 'NIGHT_TRANSFER', description: '夜间大额转账 "night"', value: 12000.5, threshold: 10000 }],
    ...overrides,
  };
}

export function describeClickHouseContract(name: string, open: () => Promise<ClickHouseClient>, cleanup?: (client: ClickHouseClient) => Promise<void>): void {
  describe(`ClickHouse contract: ${name}`, () => {
    let ch: ClickHouseClient;

    beforeAll(async () => {
      ch = await open();
      await migrate(ch);
    });

    afterAll(async () => {
      if (!ch) return;
      await cleanup?.(ch);
      await ch.close();
    });

    it('applies the migrations once: a second run applies nothing and every table exists', async () => {
      const again = await migrate(ch);
      expect(again.appliedNow).toEqual([]);
      expect(again.pending).toEqual([]);
      const files = await loadMigrations();
      expect(again.applied.map((a) => a.name)).toEqual(files.map((f) => f.name));
      const tables = await ch.query<{ name: string }>('SELECT name FROM system.tables WHERE database = {db:String} ORDER BY name', { db: ch.database });
      const names = tables.map((t) => t.name);
      for (const t of ['events', 'scores', 'decisions', 'alerts', 'labels', 'collection_outcomes', 'dead_letters', 'pipeline_metrics', 'rule_hits_daily', 'rule_hits_daily_mv', 'model_scores_daily', 'scores_daily', 'schema_migrations']) {
        expect(names).toContain(t);
      }
    });

    it('refuses to run when an applied migration file was changed, naming it', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'fk-migrations-'));
      cpSync(MIGRATIONS_DIR, dir, { recursive: true });
      const file = join(dir, '0002_scores.sql');
      writeFileSync(file, readFileSync(file, 'utf8') + '\n-- edited after it was applied\n');
      await expect(planMigrations(ch, await loadMigrations(dir))).rejects.toThrow(/0002_scores\.sql was changed after it was applied/);
    });

    it('round-trips payload text exactly (quotes, backslashes, newlines, NUL, Chinese, emoji)', async () => {
      const event = { eventId: 'rt-1', schemaVersion: 1, eventTime: '2026-03-02T01:02:03.456Z', source: 'test', note: AWKWARD_TEXT };
      await ch.insert('events', [eventRow({ topic: 'applications', partition: 3, offset: '9007199254740993', key: AWKWARD_TEXT, event })]);
      const [row] = await ch.query<{ payload: string; entity_key: string; kafka_offset: string; t: string }>(
        "SELECT payload, entity_key, toString(kafka_offset) AS kafka_offset, toString(event_time) AS t FROM events FINAL WHERE event_id = {id:String}",
        { id: 'rt-1' },
      );
      expect(row?.entity_key).toBe(AWKWARD_TEXT);
      expect(JSON.parse(row?.payload ?? '{}')).toEqual(event);
      expect(row?.kafka_offset).toBe('9007199254740993');
      expect(row?.t).toBe('2026-03-02 01:02:03.456');
    });

    it('stores a lone UTF-16 surrogate (which ClickHouse would reject) as U+FFFD instead of failing the batch', async () => {
      const event = { eventId: 'rt-2', schemaVersion: 1, eventTime: '2026-03-02T01:02:03.456Z' };
      await ch.insert('events', [eventRow({ topic: 'applications', partition: 0, offset: '1', key: 'broken \uD83D text', event })]);
      const rows = await ch.query<{ entity_key: string }>("SELECT entity_key FROM events FINAL WHERE event_id = 'rt-2'");
      expect(rows).toEqual([{ entity_key: 'broken \uFFFD text' }]);
    });

    it('drops a re-inserted batch with the same dedup token, and FINAL collapses a redelivered row', async () => {
      const batch = [1, 2, 3].map((i) => eventRow({ topic: 'repayments', partition: 0, offset: String(i), key: 'loan-1', event: { eventId: `dup-${i}`, schemaVersion: 1, eventTime: '2026-03-03T00:00:00.000Z' } }));
      const count = async (final: boolean) =>
        (await ch.query<{ n: number }>(`SELECT count() AS n FROM events ${final ? 'FINAL' : ''} WHERE event_id LIKE 'dup-%'`))[0]?.n;
      await ch.insert('events', batch, { dedupToken: 'contract-batch-1' });
      await ch.insert('events', batch, { dedupToken: 'contract-batch-1' }); // a retry after a lost acknowledgement
      expect(await count(false)).toBe(3); // dropped by insert deduplication: not even stored twice
      await ch.insert('events', batch.slice(1), { dedupToken: 'contract-batch-2' }); // redelivery in another batch
      expect(await count(true)).toBe(3); // collapsed by ReplacingMergeTree on read
    });

    it('writes scores through the batch writer once even when the batch is written twice, and the views count each score once', async () => {
      const scores = [sampleScore('a'), sampleScore('b'), sampleScore('c', { ruleHits: [] }), sampleScore('d')];
      const writer = new BatchWriter(ch, { table: 'scores' });
      await writer.add(scores.map((s) => scoreRow(s)));
      await writer.flush();
      const again = new BatchWriter(ch, { table: 'scores' }); // a restarted process rebuilding the same batch
      await again.add(scores.map((s) => scoreRow(s)));
      await again.flush();
      await again.add(scores.slice(0, 1).map((s) => scoreRow(s))); // and redelivering one of them in another batch
      await again.close();

      const stored = await ch.query<{ score_id: string; features: Record<string, number | null>; 'models.score': Array<number | null>; reasons: string }>(
        "SELECT score_id, features, models.score, reasons FROM scores FINAL WHERE score_id IN ('score-a', 'score-b', 'score-c', 'score-d') ORDER BY score_id",
      );
      expect(stored.map((s) => s.score_id)).toEqual(['score-a', 'score-b', 'score-c', 'score-d']);
      expect(stored[0]?.features).toEqual({ amount_1h: 12000.5, txn_count_24h: 7, device_age_days: null });
      expect(stored[0]?.['models.score']).toEqual([0.25, null]);
      expect(JSON.parse(stored[0]?.reasons ?? '[]')).toEqual(scores[0]?.reasons);

      const hits = await ch.query<{ rule_id: string; shadow: boolean; hits: number }>(
        "SELECT rule_id, shadow, uniqExactMerge(hits) AS hits FROM rule_hits_daily WHERE rule_id IN ('R001', 'R900') GROUP BY rule_id, shadow ORDER BY rule_id",
      );
      expect(hits).toEqual([
        { rule_id: 'R001', shadow: false, hits: 3 },
        { rule_id: 'R900', shadow: true, hits: 3 },
      ]);
      const models = await ch.query<{ version: string; scores: number; errors: number }>(
        "SELECT version, uniqExactMerge(scores) AS scores, sum(errors) AS errors FROM model_scores_daily WHERE model = 'txn_fraud' GROUP BY version ORDER BY version",
      );
      expect(models.map((m) => [m.version, m.scores])).toEqual([['v3', 4], ['v4', 4]]);
    });
  });
}
