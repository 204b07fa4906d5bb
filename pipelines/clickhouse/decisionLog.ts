/**
 * The decision log: everything a processor batch produced goes to ClickHouse — input events,
 * scores, decisions, alerts, dead letters, and the labels and collection outcomes among the
 * input events — through one batch writer per table. `write()` resolves when all of it is
 * durably inserted, so the processor may then commit offsets (it matches the processor's
 * `ResultSink`).
 */
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { TOPICS, isTopicName } from '../../schemas/topics.ts';
import type { CollectionOutcome } from '../../schemas/topics/collectionOutcome.ts';
import type { OutcomeLabel } from '../../schemas/topics/label.ts';
import type { Alert, DeadLetter, Decision, Score } from '../../schemas/topics/outputs.ts';
import { BatchWriter, type BatchWriterOptions, type BatchWriterStatus } from './batchWriter.ts';
import { clickHouseMetrics } from './metrics.ts';
import { alertRow, collectionOutcomeRow, deadLetterRow, decisionRow, eventRow, labelRow, scoreRow } from './rows.ts';
import type { TableName } from './tables.ts';
import type { ClickHouseClient, ClickHouseRow } from './types.ts';

/** What one processor batch produced (structurally the processor's ProcessedBatch). */
export interface DecisionLogBatch {
  readonly events: ReadonlyArray<{ readonly topic: string; readonly partition: number; readonly offset: string; readonly event: object }>;
  readonly scores: readonly Score[];
  readonly decisions: readonly Decision[];
  readonly alerts: readonly Alert[];
  readonly deadLetters: readonly DeadLetter[];
}

const WRITTEN_TABLES = ['events', 'labels', 'collection_outcomes', 'scores', 'decisions', 'alerts', 'dead_letters'] as const satisfies readonly TableName[];
type WrittenTable = (typeof WRITTEN_TABLES)[number];

export interface DecisionLogOptions {
  readonly registry?: Registry;
  readonly logger?: Logger;
  /** Overrides for every table's writer (batch size, interval, buffer bounds, retry). */
  readonly writer?: Omit<BatchWriterOptions, 'table' | 'metrics' | 'logger' | 'idOf'>;
}

type Envelope = { eventId: string; eventTime: string; schemaVersion: number; source?: string };

function rowsOf(batch: DecisionLogBatch): Record<WrittenTable, ClickHouseRow[]> {
  const rows: Record<WrittenTable, ClickHouseRow[]> = { events: [], labels: [], collection_outcomes: [], scores: [], decisions: [], alerts: [], dead_letters: [] };
  for (const e of batch.events) {
    const event = e.event as Envelope;
    const key = isTopicName(e.topic) ? (TOPICS[e.topic].key as (ev: unknown) => string)(event) : '';
    rows.events.push(eventRow({ topic: e.topic, partition: e.partition, offset: e.offset, key, event }));
    if (e.topic === 'labels') rows.labels.push(labelRow(e.event as OutcomeLabel));
    if (e.topic === 'collection-outcomes') rows.collection_outcomes.push(collectionOutcomeRow(e.event as CollectionOutcome));
  }
  rows.scores = batch.scores.map((s) => scoreRow(s));
  rows.decisions = batch.decisions.map(decisionRow);
  rows.alerts = batch.alerts.map(alertRow);
  rows.dead_letters = batch.deadLetters.map(deadLetterRow);
  return rows;
}

export class ClickHouseDecisionLog {
  readonly #writers: Record<WrittenTable, BatchWriter>;
  /** Tables each batch object was already added to, so a retried write() does not add it twice. */
  readonly #added = new WeakMap<DecisionLogBatch, Set<WrittenTable>>();

  constructor(client: ClickHouseClient, options: DecisionLogOptions = {}) {
    const metrics = options.registry ? clickHouseMetrics(options.registry) : undefined;
    const make = (table: WrittenTable) => new BatchWriter(client, { ...options.writer, table, ...(metrics ? { metrics } : {}), ...(options.logger ? { logger: options.logger } : {}) });
    this.#writers = Object.fromEntries(WRITTEN_TABLES.map((t) => [t, make(t)])) as Record<WrittenTable, BatchWriter>;
  }

  /** Buffers the batch's rows and resolves when they, and everything before them, are inserted. */
  async write(batch: DecisionLogBatch): Promise<void> {
    let added = this.#added.get(batch);
    if (!added) {
      added = new Set();
      this.#added.set(batch, added);
    }
    const rows = rowsOf(batch);
    const done = added;
    await Promise.all(WRITTEN_TABLES.filter((t) => !done.has(t) && rows[t].length > 0).map(async (t) => {
      await this.#writers[t].add(rows[t]);
      done.add(t);
    }));
    await Promise.all(WRITTEN_TABLES.map((t) => this.#writers[t].flush()));
  }

  /** Per-table buffer state, for /readyz and logs. */
  status(): Record<WrittenTable, BatchWriterStatus> {
    return Object.fromEntries(WRITTEN_TABLES.map((t) => [t, this.#writers[t].status()])) as Record<WrittenTable, BatchWriterStatus>;
  }

  async close(): Promise<void> {
    await Promise.all(WRITTEN_TABLES.map((t) => this.#writers[t].close()));
  }
}
