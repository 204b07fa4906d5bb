/**
 * Every row of a public file ends up accounted for in ClickHouse after a replay through the real
 * pipeline: rows in = importer dead letters + pipeline dead letters + scored rows, exactly, with
 * the files in ../shared/data (never copied into the repository).
 *
 * Embedded mode: the SBA case-study file and the PaySim head file whole; the UCI file and
 * SBAnational cut to their first ROW_LIMIT rows (each set replays through its own runtime, and
 * those two would take minutes whole; the row limit is the only difference). A few PaySim records
 * are broken on the way in, so the pipeline's own dead letters are part of the sum, not zero by
 * construction. Kafka mode: the SBA case study through the Kafka-protocol mock broker, Redis and
 * chdb. Each runtime serves the set's public models (models/public/<set>/), and every scored row
 * must carry their scores: champion and, for SBA, the with-Term challenger. For SBA, each
 * application's stored lender default record must be what was known by its day (the replay sends
 * one day at a time).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../lib/config.ts';
import { createLogger } from '../lib/logger.ts';
import { PUBLIC_FILES } from '../importers/publicData.ts';
import { buildRuntime } from '../pipelines/runtime.ts';
import { RunningSummary } from '../pipelines/summary.ts';
import { INPUT_TOPICS, OUTPUT_TOPICS, dlqTopicOf } from '../schemas/topics.ts';
import { createMockTopics } from '../services/kafka.ts';
import { startRedis } from '../services/redis.ts';
import { loadPublicSet, PUBLIC_SETS, type LoadedSet, type PublicSetName } from '../training/public/sets.ts';
import { publicModelsDir } from '../training/public/train.ts';
import { replayLoadedSet, rowAccounting, testScores, type ReplayOptions, type ReplayResult } from './publicReplay.ts';

/** Rows read from the UCI and SBAnational files (documented in docs/public-data.md). */
const ROW_LIMIT = 1_500;
/** Every CORRUPT_EVERY-th PaySim record is cut in half on the way in (no longer JSON). */
const CORRUPT_EVERY = 997;
const LATENESS_HOURS = '43800';

interface Case {
  readonly name: PublicSetName;
  readonly file?: string;
  readonly rowLimit?: number;
  readonly corrupt?: boolean;
}

const CASES: readonly Case[] = [
  { name: 'sbacase' },
  { name: 'paysim', file: PUBLIC_FILES.paysimHead, corrupt: true },
  { name: 'uci', rowLimit: ROW_LIMIT },
  { name: 'sba', rowLimit: ROW_LIMIT },
];

const cutInHalf: NonNullable<ReplayOptions['corrupt']> = (json, i) => (i % CORRUPT_EVERY === CORRUPT_EVERY - 1 ? Buffer.from(json.slice(0, json.length >> 1)) : null);

/** The accounting checks shared by both modes. */
async function expectAccounted(clickhouse: Parameters<typeof rowAccounting>[0], loaded: LoadedSet, result: ReplayResult): Promise<void> {
  const { set } = loaded;
  const corrupted = result.corrupted[set.rowTopic] ?? 0;
  const counts = await rowAccounting(clickhouse, loaded);
  const perRow = loaded.events.filter((e) => e.topic === set.rowTopic).length / loaded.mappedRows;
  // Rows in = importer dead letters + mapped rows, and the importer's dead letters are in ClickHouse.
  expect(counts.importDeadLetters).toBe(loaded.importDeadLetters.length);
  expect(counts.importDeadLetters + loaded.mappedRows).toBe(loaded.rows);
  // Every row-topic record the pipeline got is either a score or a pipeline dead letter.
  expect(counts.pipelineDeadLetters).toBe(corrupted);
  expect(counts.scoredEvents + counts.pipelineDeadLetters).toBe(loaded.mappedRows * perRow);
  if (perRow === 1) {
    // One scored event per row: the sum of the issue, exactly.
    expect(counts.importDeadLetters + counts.pipelineDeadLetters + counts.scoredEvents).toBe(loaded.rows);
  } else {
    // UCI: seven monthly events per client; a client counts once its last statement is scored.
    expect(corrupted).toBe(0);
    expect(counts.importDeadLetters + counts.scoredUnits).toBe(loaded.rows);
  }
  expect(counts.scoredUnits).toBe(loaded.units.length - corrupted);
  expect(counts.labels).toBe(loaded.events.filter((e) => e.topic === 'labels').length - (result.corrupted.labels ?? 0));
}

/** Every held-out score row carries each model version of the set, with a probability. */
async function expectModelScores(clickhouse: Parameters<typeof testScores>[0], loaded: LoadedSet, corrupted: number): Promise<void> {
  const rows = await testScores(clickhouse, loaded.set);
  const versions = loaded.set.models.map((m) => m.version).sort();
  const byUnit = new Map<string, string[]>();
  for (const r of rows) {
    expect(r.model).toBe(loaded.set.modelDir);
    expect(r.score).toBeGreaterThanOrEqual(0);
    expect(r.score).toBeLessThanOrEqual(1);
    byUnit.set(r.unitId, [...(byUnit.get(r.unitId) ?? []), r.version]);
  }
  const testUnits = loaded.units.filter((u) => u.split === 'test').length;
  expect(byUnit.size).toBeGreaterThan(0);
  expect(byUnit.size).toBeGreaterThanOrEqual(testUnits - corrupted);
  for (const v of byUnit.values()) expect(v.sort()).toEqual(versions);
}

/**
 * The originator's default record each scored application saw (stored with its score) is what
 * was known by its day: at least the originator's defaults dated on earlier days, at most those
 * of its own day too (events of one day may meet in either order). Fails when the replay lets
 * the labels topic lag behind or run ahead of the applications.
 */
async function expectDefaultsKnownByDay(clickhouse: Parameters<typeof rowAccounting>[0], loaded: LoadedSet): Promise<void> {
  const labelDays = new Map<string, string[]>();
  for (const e of loaded.events) {
    if (e.topic !== 'labels') continue;
    const label = e.event as { kind: string; originatorId?: string; eventTime: string };
    if (label.kind === 'default' && label.originatorId) labelDays.set(label.originatorId, [...(labelDays.get(label.originatorId) ?? []), label.eventTime.slice(0, 10)]);
  }
  const stored = new Map((await clickhouse.query<{ id: string; seen: number | null }>(
    "SELECT input_event_id AS id, features['originator.defaults_all'] AS seen FROM scores FINAL WHERE topic = 'applications'",
  )).map((r) => [r.id, r.seen === null ? null : Number(r.seen)]));
  let withHistory = 0;
  for (const e of loaded.events) {
    if (e.topic !== 'applications') continue;
    const app = e.event as { eventId: string; eventTime: string; originatorId?: string };
    if (!app.originatorId) continue;
    const day = app.eventTime.slice(0, 10);
    const days = labelDays.get(app.originatorId) ?? [];
    const before = days.filter((d) => d < day).length;
    const sameDay = days.filter((d) => d === day).length;
    const seen = stored.get(app.eventId);
    expect(seen, `${app.eventId}: defaults of ${app.originatorId} known by ${day}`).toBeGreaterThanOrEqual(before);
    expect(seen).toBeLessThanOrEqual(before + sameDay);
    if (before > 0) withHistory++;
  }
  expect(withHistory).toBeGreaterThan(0);
}

describe('public data replayed through the embedded pipeline', () => {
  it.each(CASES)('$name: rows in = importer dead letters + pipeline dead letters + scored rows', async (c) => {
    const loaded = await loadPublicSet(PUBLIC_SETS[c.name], { ...(c.file ? { file: c.file } : {}), ...(c.rowLimit ? { rowLimit: c.rowLimit } : {}) });
    if (c.rowLimit) expect(loaded.rows).toBe(c.rowLimit);
    const dataDir = await mkdtemp(join(tmpdir(), `fk-public-${c.name}-`));
    const summary = new RunningSummary();
    const config = loadConfig({ FENGKONG_DATA_DIR: dataDir, LOG_LEVEL: 'silent', METRICS_PORT: '0', FENGKONG_FEATURE_LATENESS_HOURS: LATENESS_HOURS });
    const runtime = await buildRuntime(config, { logger: createLogger('silent'), modelsDir: publicModelsDir(c.name), onBatch: (b) => summary.add(b) });
    try {
      expect(runtime.models.runner(loaded.set.modelDir), `models/public/${c.name} must hold the set's models (npm run train -- public)`).toBeDefined();
      await runtime.processor.start();
      const result = await replayLoadedSet(runtime, summary, loaded, { ...(c.corrupt ? { corrupt: cutInHalf } : {}), timeoutMs: 540_000 });
      await runtime.processor.stop();
      const corrupted = result.corrupted[loaded.set.rowTopic] ?? 0;
      if (c.corrupt) expect(corrupted).toBeGreaterThan(5);
      expect(summary.deadLetters).toBe(Object.values(result.corrupted).reduce((a, b) => a + (b ?? 0), 0));
      await expectAccounted(runtime.clickhouse, loaded, result);
      await expectModelScores(runtime.clickhouse, loaded, corrupted);
      if (loaded.set.dataset === 'sba') await expectDefaultsKnownByDay(runtime.clickhouse, loaded);
      if (c.corrupt) {
        const reasons = await runtime.clickhouse.query<{ reason: string }>("SELECT reason FROM dead_letters FINAL WHERE stage != 'import'");
        for (const r of reasons) expect(r.reason).toMatch(/JSON/);
      }
    } finally {
      await runtime.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 600_000);
});

describe('public data replayed through Kafka', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
  });

  it('SBAcase through the Kafka-protocol broker, Redis and chdb: every row accounted for', async () => {
    const brokers = inject('kafkaBrokers');
    const prefix = `public${Date.now()}.`;
    await createMockTopics(brokers, [...INPUT_TOPICS.map((t) => prefix + t), ...INPUT_TOPICS.map((t) => prefix + dlqTopicOf(t)), ...OUTPUT_TOPICS.map((t) => prefix + t)]);
    const redis = await startRedis();
    cleanup.push(() => redis.stop());
    const dataDir = await mkdtemp(join(tmpdir(), 'fk-public-kafka-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));

    const loaded = await loadPublicSet(PUBLIC_SETS.sbacase);
    const summary = new RunningSummary();
    const config = loadConfig({
      KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: prefix, KAFKA_GROUP_ID: `${prefix}group`, KAFKA_SESSION_TIMEOUT_MS: '6000',
      REDIS_URL: redis.url, FENGKONG_DATA_DIR: dataDir, FENGKONG_PII_KEY: 'public-replay-test-pseudonymisation-key', LOG_LEVEL: 'silent', METRICS_PORT: '0',
      FENGKONG_FEATURE_LATENESS_HOURS: LATENESS_HOURS,
    });
    const runtime = await buildRuntime(config, { logger: createLogger('silent'), modelsDir: publicModelsDir('sbacase'), onBatch: (b) => summary.add(b), sessionTimeoutMs: 6000 });
    cleanup.push(() => runtime.close());
    expect(runtime.mode).toBe('servers');
    await runtime.processor.start();
    // All at once: this test counts rows; a round trip per event-time day through the broker
    // would take minutes (the day-by-day replay is checked in embedded mode above).
    const result = await replayLoadedSet(runtime, summary, loaded, { topicPrefix: prefix, alignment: 'none', timeoutMs: 240_000 });
    await runtime.processor.stop();
    expect(summary.deadLetters).toBe(0);
    await expectAccounted(runtime.clickhouse, loaded, result);
    await expectModelScores(runtime.clickhouse, loaded, 0);
  }, 300_000);
});
