/**
 * The replay loop every training export shares (the simulated default tables in exportDataset.ts,
 * the public data sets in training/public/export.ts): events in event-time order, handled exactly
 * as the scoring pipeline handles them — contract validation (an invalid event is counted and not
 * applied, as the pipeline dead-letters it), pseudonymisation, consumer batches through the
 * embedded feature store, then detectors/modelInputs.ts for the event features and graph signals
 * — with each event offered to a set of tables that pick their rows and write them as CSV.
 *
 * CSV layout (read by train.py): `row_id,event_time,label,<features>`; a missing feature is an
 * empty cell. Output is byte-identical for the same input events and tables.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { EMBEDDED_DEV_PII_KEY } from '../lib/config.ts';
import { wrapError } from '../lib/errors.ts';
import { createEmbeddedFeatureStore } from '../features/embeddedStore.ts';
import { FEATURE_REGISTRY } from '../features/registry.ts';
import type { FeatureInput, FeatureRegistry } from '../features/types.ts';
import { Pseudonymiser } from '../schemas/pseudonym.ts';
import type { TopicName } from '../schemas/topics.ts';
import { validateEvent } from '../schemas/validator.ts';
import { KnowledgeGraph } from '../detectors/graph/knowledgeGraph.ts';
import { MemoryGraphStore } from '../detectors/graph/memoryStore.ts';
import { buildModelInputs } from '../detectors/modelInputs.ts';
import type { Observation, StreamEvent } from './datasets.ts';

/** Events per feature-store call, as a consumer batch. */
export const REPLAY_BATCH_SIZE = 500;

/** One CSV table filled during the replay. */
export interface TableSpec {
  /** File stem: the table is written to `<outDir>/<name>.csv`. */
  readonly name: string;
  /** Feature columns, in order. */
  readonly features: readonly string[];
  /** The row for an event (after validation and pseudonymisation), or null when the event is not a row of this table. */
  observe(input: StreamEvent): Observation | null;
}

/** An input event as produced by a source (simulator, importer), before validation. */
export interface SourceEvent {
  readonly topic: string;
  readonly event: unknown;
}

export interface ReplayOptions {
  readonly outDir: string;
  readonly registry?: FeatureRegistry;
  /** Events expected, for progress only. */
  readonly total?: number;
  /** Progress callback (events replayed, total). */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Clock of the graph checks' time budgets (default: the wall clock, as when scoring). A clock
   * that never advances lifts the budgets, so the graph signals of a replay do not depend on
   * machine load (node and degree limits still apply).
   */
  readonly graphClock?: () => number;
}

/** A graph clock that never advances: no traversal runs out of time (see ReplayOptions.graphClock). */
export const FROZEN_GRAPH_CLOCK = (): number => 0;

export interface WrittenTable {
  readonly name: string;
  readonly file: string;
  readonly rows: number;
  readonly positives: number;
  readonly features: number;
}

export interface ReplaySummary {
  /** Events read from the source. */
  readonly events: number;
  /** Events that failed their contract (not applied, as the pipeline would dead-letter them). */
  readonly invalidEvents: number;
  /** Events later than the feature store's allowed lateness (counted by the store, not applied to windows). */
  readonly lateEvents: number;
  readonly tables: WrittenTable[];
}

/** Shortest round-trip text of a number; null, absent and non-finite values are empty cells. */
const cell = (v: number | null | undefined): string => (typeof v === 'number' && Number.isFinite(v) ? String(v) : '');

interface Table {
  readonly spec: TableSpec;
  readonly file: string;
  readonly stream: WriteStream;
  rows: number;
  positives: number;
  buffer: string[];
}

async function flushTable(table: Table): Promise<void> {
  if (table.buffer.length === 0) return;
  const chunk = table.buffer.join('');
  table.buffer = [];
  if (!table.stream.write(chunk)) await once(table.stream, 'drain');
}

/** Replays `events` (already in event-time order) through the embedded feature store and writes one CSV per table. */
export async function replayToTables(events: Iterable<SourceEvent>, specs: readonly TableSpec[], options: ReplayOptions): Promise<ReplaySummary> {
  const outDir = resolve(options.outDir);
  const registry = options.registry ?? FEATURE_REGISTRY;
  const total = options.total ?? 0;
  await mkdir(outDir, { recursive: true });
  const tables: Table[] = specs.map((spec) => {
    const file = join(outDir, `${spec.name}.csv`);
    const stream = createWriteStream(file);
    return { spec, file, stream, rows: 0, positives: 0, buffer: [['row_id', 'event_time', 'label', ...spec.features].join(',') + '\n'] };
  });

  // The key only changes token spellings, never feature values; the development key keeps the
  // export runnable without secrets.
  const pseudonymiser = new Pseudonymiser(EMBEDDED_DEV_PII_KEY);
  // Store clock: advanced one sweep interval per batch so idle state is swept as it would be in
  // a long-running process, while stored vectors (only needed for redelivery) do not pile up.
  let storeNow = 0;
  const store = createEmbeddedFeatureStore({ registry, clock: () => storeNow, vectorTtlMs: 1 });
  // The embedded pipeline's graph: applications are checked against it exactly as when scored.
  const graph = new KnowledgeGraph(new MemoryGraphStore(), {}, options.graphClock ? { clock: options.graphClock } : {});
  let read = 0;
  let done = 0;
  let invalidEvents = 0;
  let lateEvents = 0;
  let batch: StreamEvent[] = [];

  const applyBatch = async (): Promise<void> => {
    if (batch.length === 0) return;
    const result = await store.applyBatch(batch as FeatureInput[]);
    lateEvents += result.late;
    const { vectors } = await buildModelInputs(graph, batch.map((input, i) => ({ topic: input.topic, event: input.event, features: result.vectors[i] ?? {} })));
    for (let i = 0; i < batch.length; i++) {
      const input = batch[i] as StreamEvent;
      const vector = vectors[i] ?? {};
      for (const table of tables) {
        const row = table.spec.observe(input);
        if (!row) continue;
        table.rows++;
        table.positives += row.label;
        table.buffer.push(`${row.rowId},${row.eventTime},${row.label}${table.spec.features.map((f) => ',' + cell(vector[f])).join('')}\n`);
      }
    }
    done += batch.length;
    batch = [];
    storeNow += 61_000;
    options.onProgress?.(done, total);
    await Promise.all(tables.map(flushTable));
  };

  try {
    for (const { topic, event } of events) {
      read++;
      // As the pipeline: validate against the contract (invalid → dead letter, not applied), then pseudonymise.
      const checked = validateEvent(topic as TopicName, event);
      if (!checked.ok) {
        invalidEvents++;
        done++;
        continue;
      }
      batch.push({ topic, event: pseudonymiser.pseudonymise(topic as TopicName, checked.value as never) } as StreamEvent);
      if (batch.length >= REPLAY_BATCH_SIZE) await applyBatch();
    }
    await applyBatch();
  } catch (cause) {
    throw wrapError('replaying events through the feature store', cause);
  } finally {
    await store.close();
    for (const t of tables) t.stream.end();
    await Promise.all(tables.map((t) => once(t.stream, 'close')));
  }
  return {
    events: read, invalidEvents, lateEvents,
    tables: tables.map((t) => ({ name: t.spec.name, file: t.file, rows: t.rows, positives: t.positives, features: t.spec.features.length })),
  };
}
