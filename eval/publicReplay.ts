/**
 * A public data set through a running pipeline, and what ClickHouse then says about it:
 *   - `replayLoadedSet`: produces the imported events (event-time order) to the runtime's input
 *     topics, waits until the processor has durably handled every one, and stores the importer's
 *     dead letters and the set's units (unit id, scored event, split) in ClickHouse beside them,
 *     so every source row is accounted for in one place;
 *   - `rowAccounting`: rows in = importer dead letters + pipeline dead letters + scored rows, read
 *     back from ClickHouse;
 *   - `testScores`: the held-out units' scores per model version, joined in SQL with the `labels`
 *     the pipeline stored and the split table.
 * Used by `npm run eval -- public` (eval/public.ts) and the replay tests.
 */
import { TOPICS, type TopicName } from '../schemas/topics.ts';
import { sendPaced, type ReplayPace, type TimedRecord } from '../pipelines/pacedReplay.ts';
import { deadLetterRow } from '../pipelines/clickhouse/rows.ts';
import type { ClickHouseClient } from '../pipelines/clickhouse/types.ts';
import type { Runtime } from '../pipelines/runtime.ts';
import type { RunningSummary } from '../pipelines/summary.ts';
import type { LoadedSet, PublicSet } from '../training/public/sets.ts';

/** Records per producer call. */
const SEND_BATCH = 1000;
/** ClickHouse table of the evaluated units (created in the evaluation's own database). */
export const UNITS_TABLE = 'public_eval_units';

export interface ReplayOptions {
  /** Prefix of the input topics (KAFKA_TOPIC_PREFIX in Kafka mode). */
  readonly topicPrefix?: string;
  /**
   * Replaces the bytes of some events (a test's malformed records): return the bytes to send
   * instead, or null to send the event as imported.
   */
  readonly corrupt?: (json: string, index: number) => Buffer | null;
  /**
   * `day` (default): one event-time day at a time, the next once the processor has handled the
   * day before, so label-fed features see what was known by each day (pipelines/pacedReplay.ts).
   * `none`: all at once (faster; for tests that check counts only).
   */
  readonly alignment?: ReplayPace;
  /** Give up waiting for the processor after this long (default 30 minutes). */
  readonly timeoutMs?: number;
  readonly onProgress?: (handled: number, total: number) => void;
}

export interface ReplayResult {
  /** Records produced, per input topic. */
  readonly produced: Partial<Record<TopicName, number>>;
  /** Records replaced by `corrupt`, per topic. */
  readonly corrupted: Partial<Record<TopicName, number>>;
  readonly total: number;
}

const keyOf = (topic: TopicName, event: unknown): string => (TOPICS[topic].key as (e: unknown) => string)(event);

/** Replays the set into a started runtime and waits until the processor has handled all of it (summary counts it). */
export async function replayLoadedSet(runtime: Runtime, summary: RunningSummary, loaded: LoadedSet, options: ReplayOptions = {}): Promise<ReplayResult> {
  const prefix = options.topicPrefix ?? '';
  const produced: Partial<Record<TopicName, number>> = {};
  const corrupted: Partial<Record<TopicName, number>> = {};
  const start = summary.events;
  const total = loaded.events.length;
  // loaded.events are in event-time order already (loadPublicSet).
  const records: TimedRecord[] = loaded.events.map((e, index) => {
    const bad = options.corrupt?.(e.json, index) ?? null;
    if (bad) corrupted[e.topic] = (corrupted[e.topic] ?? 0) + 1;
    produced[e.topic] = (produced[e.topic] ?? 0) + 1;
    return { topic: prefix + e.topic, key: keyOf(e.topic, e.event), value: bad ?? Buffer.from(e.json), eventTime: e.event.eventTime };
  });
  await sendPaced(runtime.producer, records, {
    pace: options.alignment ?? 'day',
    caughtUp: (sent) => {
      options.onProgress?.(summary.events - start, total);
      return summary.events - start >= sent;
    },
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    sendBatch: SEND_BATCH,
  });
  options.onProgress?.(summary.events - start, total);
  await storeImportRecords(runtime.clickhouse, loaded);
  return { produced, corrupted, total };
}

/** The importer's dead letters into `dead_letters` (stage `import`) and the units into the units table. */
export async function storeImportRecords(clickhouse: ClickHouseClient, loaded: LoadedSet): Promise<void> {
  if (loaded.importDeadLetters.length > 0) await clickhouse.insert('dead_letters', loaded.importDeadLetters.map(deadLetterRow));
  await clickhouse.command(
    `CREATE TABLE IF NOT EXISTS ${UNITS_TABLE} (set LowCardinality(String), unit_id String, row_event_id String, split LowCardinality(String))
     ENGINE = ReplacingMergeTree ORDER BY (set, row_event_id)`,
  );
  const rows = loaded.units.map((u) => ({ set: loaded.set.name, unit_id: u.unitId, row_event_id: u.rowEventId, split: u.split }));
  for (let i = 0; i < rows.length; i += 50_000) await clickhouse.insert(UNITS_TABLE, rows.slice(i, i + 50_000));
}

export interface RowAccounting {
  /** Data rows read from the file. */
  readonly rows: number;
  /** Dead letters with stage `import` in ClickHouse for this file's id prefix. */
  readonly importDeadLetters: number;
  /** Dead letters the pipeline wrote for records of the set's row topic. */
  readonly pipelineDeadLetters: number;
  /** Row-topic events of the set with a score row (each counted once). */
  readonly scoredEvents: number;
  /** Units whose scored event has a score row. */
  readonly scoredUnits: number;
  /** Labels of the set the pipeline stored. */
  readonly labels: number;
}

/** What ClickHouse holds for a replayed set (read after the processor stopped or caught up). */
export async function rowAccounting(clickhouse: ClickHouseClient, loaded: LoadedSet): Promise<RowAccounting> {
  const { set } = loaded;
  const prefix = idPrefixOf(loaded);
  const one = async (sql: string, params: Record<string, string>): Promise<number> => {
    const [row] = await clickhouse.query<{ n: number | string }>(sql, params);
    return Number(row?.n ?? 0);
  };
  const params = { topic: set.rowTopic, prefix, set: set.name };
  return {
    rows: loaded.rows,
    importDeadLetters: await one(`SELECT count() AS n FROM dead_letters FINAL WHERE stage = 'import' AND startsWith(event_id, {prefix:String})`, params),
    pipelineDeadLetters: await one(`SELECT count() AS n FROM dead_letters FINAL WHERE stage != 'import' AND original_topic = {topic:String}`, params),
    scoredEvents: await one(`SELECT count() AS n FROM scores FINAL WHERE topic = {topic:String} AND startsWith(input_event_id, {prefix:String})`, params),
    scoredUnits: await one(
      `SELECT count() AS n FROM ${UNITS_TABLE} FINAL WHERE set = {set:String}
         AND row_event_id IN (SELECT input_event_id FROM scores FINAL WHERE topic = {topic:String})`,
      params,
    ),
    labels: await one(`SELECT count() AS n FROM labels FINAL WHERE startsWith(label_id, {prefix:String})`, params),
  };
}

/** The id prefix the importer minted for this file (every event id and dead-letter id starts with it). */
function idPrefixOf(loaded: LoadedSet): string {
  const first = loaded.units[0]?.rowEventId ?? loaded.importDeadLetters[0]?.eventId;
  if (!first) throw new Error(`${loaded.set.name}: nothing was imported from ${loaded.file}`);
  // `<dataset>.<file stem>:` — the stem may itself contain dots, never a colon.
  return first.slice(0, first.indexOf(':') + 1);
}

/** One held-out unit's score by one model version. */
export interface ScoredUnit {
  readonly unitId: string;
  readonly model: string;
  readonly version: string;
  readonly role: string;
  readonly score: number;
  readonly label: boolean;
}

const LABEL_COLUMN: Readonly<Record<PublicSet['labelKey'], string>> = {
  refEventId: 'ref_event_id',
  applicationId: 'application_id',
  loanId: 'loan_id',
};

/**
 * Scores of the set's test units, every model version the pipeline recorded (champion and
 * challenger), each with its label from the `labels` table: in SQL, not from the import.
 */
export async function testScores(clickhouse: ClickHouseClient, set: PublicSet): Promise<ScoredUnit[]> {
  const rows = await clickhouse.query<{ unit_id: string; model: string; version: string; role: string; score: number; label: number }>(
    `SELECT u.unit_id AS unit_id, m.1 AS model, m.2 AS version, m.3 AS role, m.4 AS score,
            u.unit_id IN (SELECT ${LABEL_COLUMN[set.labelKey]} FROM labels FINAL WHERE kind = {kind:String}) AS label
     FROM (SELECT input_event_id, models.model AS mm, models.version AS mv, models.role AS mr, models.score AS ms
           FROM scores FINAL WHERE topic = {topic:String}) AS s
     ARRAY JOIN arrayZip(s.mm, s.mv, s.mr, s.ms) AS m
     INNER JOIN (SELECT unit_id, row_event_id FROM ${UNITS_TABLE} FINAL WHERE set = {set:String} AND split = 'test') AS u
       ON u.row_event_id = s.input_event_id
     WHERE m.4 IS NOT NULL
     ORDER BY unit_id, version`,
    { kind: set.labelKind, topic: set.rowTopic, set: set.name },
  );
  return rows.map((r) => ({ unitId: r.unit_id, model: r.model, version: r.version, role: r.role, score: Number(r.score), label: Number(r.label) === 1 }));
}
