/**
 * The scoring processor: consumer batches (grouped across partitions, each partition in order),
 *   validate → pseudonymise → features → detectors → outputs (Kafka) + decision log (ClickHouse)
 * and only then lets the consumer commit. Invalid records go to `<topic>.dlq` and the
 * dead_letters table; a dependency that is down pauses consumption and is retried; nothing is
 * acknowledged before it is durably written.
 */
import type { Logger } from 'pino';
import { FengkongError } from '../lib/errors.ts';
import { describeIssues, validateRecord } from '../schemas/validator.ts';
import type { Pseudonymiser } from '../schemas/pseudonym.ts';
import { ALERT_HINT_HEADERS, isTopicName, TOPICS, type EventOf, type TopicName } from '../schemas/topics.ts';
import type { Alert, DeadLetter, Decision, Score } from '../schemas/topics/outputs.ts';
import { buildDeadLetter, deadLetterRecord, storableOriginal, type DeadLetterCause } from './deadLetter.ts';
import type { EventConsumer, EventProducer, IncomingBatch, IncomingRecord, OutgoingRecord } from './kafka/types.ts';
import type { ProcessorMetrics } from './metrics.ts';
import { GroupCommit } from './groupCommit.ts';

export type AnyEvent = EventOf<TopicName>;
export type FeatureValues = Record<string, number | null>;

/** What the processor needs of the feature store (see features/). */
export interface FeatureSource {
  applyBatch(inputs: ReadonlyArray<{ topic: TopicName; event: AnyEvent }>): Promise<{
    vectors: FeatureValues[];
    late: number;
    duplicates: number;
    listHits?: ReadonlyArray<ReadonlyArray<unknown>>;
  }>;
}

export interface ScoringInput {
  readonly topic: TopicName;
  readonly event: AnyEvent;
  readonly features: FeatureValues;
  readonly listHits: ReadonlyArray<unknown>;
}

export interface ScoringOutput {
  readonly score?: Score;
  readonly decision?: Decision;
  readonly alerts: readonly Alert[];
  /** How the alert queue should deduplicate each alert (by alertId): the detector's key and cooldown. */
  readonly alertHints?: ReadonlyArray<{ readonly alertId: string; readonly dedupKey: string; readonly cooldownSeconds: number }>;
}


/** Detectors composed: rules, graph checks, models, decisions, early warning (see detectors/). */
export interface ScoringEngine {
  scoreBatch(inputs: readonly ScoringInput[]): Promise<ScoringOutput[]>;
}

export interface StoredEvent {
  readonly topic: TopicName;
  readonly partition: number;
  readonly offset: string;
  readonly event: AnyEvent;
}

/** Everything one batch produced, written durably in one go. */
export interface ProcessedBatch {
  readonly events: StoredEvent[];
  readonly scores: Score[];
  readonly decisions: Decision[];
  readonly alerts: Alert[];
  readonly deadLetters: DeadLetter[];
}

/** The decision log (ClickHouse): resolves only when every row is durably inserted. */
export interface ResultSink {
  write(batch: ProcessedBatch): Promise<void>;
}

export interface ProcessorOptions {
  readonly consumer: EventConsumer;
  readonly producer: EventProducer;
  readonly pseudonymiser: Pseudonymiser;
  readonly features: FeatureSource;
  readonly engine: ScoringEngine;
  readonly sink: ResultSink;
  readonly logger: Logger;
  readonly metrics: ProcessorMetrics;
  /** Prefix of every topic name in this deployment. */
  readonly topicPrefix?: string;
  readonly retry?: { readonly initialMs: number; readonly maxMs: number };
  /** Partitions handed over at the same time, each in order (default 1); their batches are grouped. */
  readonly concurrentPartitions?: number;
  /** Groups of batches processed at the same time (default 2: one writes while the next computes). */
  readonly groupsInFlight?: number;
  /** Records per group at most (default 4,000); a single larger batch still forms a group alone. */
  readonly maxGroupRecords?: number;
  /** Called after each committed batch (for summaries and tests). */
  readonly onBatch?: (summary: BatchSummary) => void;
  readonly now?: () => Date;
}

export interface BatchSummary {
  readonly topic: string;
  readonly partition: number;
  readonly records: number;
  readonly valid: number;
  readonly deadLetters: number;
  readonly decisions: readonly Decision[];
  readonly alerts: readonly Alert[];
  readonly durationMs: number;
  /** Per valid record: record timestamp (producer time) to durable write, ms. */
  readonly latenciesMs: readonly number[];
}

export const DEFAULT_GROUPS_IN_FLIGHT = 2;
export const DEFAULT_MAX_GROUP_RECORDS = 4_000;

export class Processor {
  readonly #o: ProcessorOptions;
  readonly #prefix: string;
  #stopping = false;

  readonly #groups: GroupCommit<IncomingBatch>;

  constructor(options: ProcessorOptions) {
    this.#o = options;
    this.#prefix = options.topicPrefix ?? '';
    this.#groups = new GroupCommit((batches) => this.#processGroup(batches), (batch) => batch.records.length, {
      maxInFlight: options.groupsInFlight ?? DEFAULT_GROUPS_IN_FLIGHT,
      maxWeight: options.maxGroupRecords ?? DEFAULT_MAX_GROUP_RECORDS,
    });
  }

  /** Subscribes to every input topic and processes until `stop()`. */
  async start(): Promise<void> {
    const { consumer } = this.#o;
    await consumer.connect();
    const inputs = Object.values(TOPICS).filter((t) => t.direction === 'input').map((t) => this.#prefix + t.name);
    await consumer.subscribe(inputs, { fromBeginning: true });
    await consumer.run({ eachBatch: (batch) => this.processBatch(batch), partitionsConsumedConcurrently: this.#o.concurrentPartitions ?? 1 });
  }

  /** Graceful stop: the in-flight batch finishes and is committed, then the consumer leaves. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#o.consumer.disconnect();
  }

  get stopping(): boolean {
    return this.#stopping;
  }

  /**
   * Processes one consumer batch end to end; resolves only when all its outputs are durable.
   * Batches handed over concurrently are processed together (group commit, groupCommit.ts).
   */
  processBatch(batch: IncomingBatch): Promise<void> {
    return this.#groups.submit(batch);
  }

  /** One group of partition batches: validate → features → detectors → durable outputs. */
  async #processGroup(batches: readonly IncomingBatch[]): Promise<void> {
    const started = performance.now();
    const { metrics } = this.#o;
    const now = this.#o.now?.() ?? new Date();
    metrics.groupBatches.observe(batches.length);

    // Per record: its base topic and which batch it came from (summaries are per batch).
    const valid: Array<{ record: IncomingRecord; topic: TopicName; event: AnyEvent; batch: number }> = [];
    const dead: Array<{ record: IncomingRecord; baseTopic: string; cause: DeadLetterCause; batch: number }> = [];
    // What each partition batch contributed, for its summary (onBatch).
    const perBatch = batches.map(() => ({ valid: 0, deadLetters: 0, decisions: [] as Decision[], alerts: [] as Alert[], latenciesMs: [] as number[] }));
    batches.forEach((batch, b) => {
      const baseTopic = this.#baseTopic(batch.topic);
      metrics.eventsConsumed.inc({ topic: baseTopic }, batch.records.length);
      for (const record of batch.records) {
        if (!isTopicName(baseTopic) || TOPICS[baseTopic].direction !== 'input') {
          dead.push({ record, baseTopic, batch: b, cause: { stage: 'decode', errorClass: 'UnknownTopic', errorCode: 'fengkong:unknown-topic', reason: `topic '${batch.topic}' is not an input topic of this processor` } });
          continue;
        }
        if (record.value === null) {
          dead.push({ record, baseTopic, batch: b, cause: { stage: 'decode', errorClass: 'EmptyRecord', errorCode: 'fengkong:invalid-event', reason: 'record has no value (tombstone)' } });
          continue;
        }
        const result = validateRecord(baseTopic, record.value);
        if (!result.ok) {
          dead.push({
            record,
            baseTopic,
            batch: b,
            cause: {
              stage: result.stage,
              errorClass: result.stage === 'decode' ? 'DecodeError' : 'ContractViolation',
              errorCode: 'fengkong:invalid-event',
              reason: describeIssues(result.issues),
              field: result.issues[0]?.field || undefined,
            },
          });
          continue;
        }
        // The one place raw personal data is replaced; nothing below this line sees it.
        valid.push({ record, topic: baseTopic, event: this.#o.pseudonymiser.pseudonymise(baseTopic, result.value), batch: b });
      }
    });
    for (const v of valid) (perBatch[v.batch] as (typeof perBatch)[number]).valid++;
    for (const d of dead) (perBatch[d.batch] as (typeof perBatch)[number]).deadLetters++;

    const validated = performance.now();
    metrics.stageSeconds.observe({ stage: 'validate' }, (validated - started) / 1000);
    const inputs = valid.map((v) => ({ topic: v.topic, event: v.event }));
    const featureResult = inputs.length === 0
      ? { vectors: [] as FeatureValues[], late: 0, duplicates: 0, listHits: [] as unknown[][] }
      : await this.#withRetry('redis', () => this.#o.features.applyBatch(inputs));
    metrics.lateEvents.inc(featureResult.late);
    metrics.duplicateEvents.inc(featureResult.duplicates);

    const featured = performance.now();
    metrics.stageSeconds.observe({ stage: 'features' }, (featured - validated) / 1000);
    const scoringInputs: ScoringInput[] = valid.map((v, i) => ({
      topic: v.topic,
      event: v.event,
      features: featureResult.vectors[i] ?? {},
      listHits: featureResult.listHits?.[i] ?? [],
    }));
    const outputs = scoringInputs.length === 0 ? [] : await this.#withRetry('redis', () => this.#o.engine.scoreBatch(scoringInputs));

    const detected = performance.now();
    metrics.stageSeconds.observe({ stage: 'detectors' }, (detected - featured) / 1000);
    const processed: ProcessedBatch = {
      events: valid.map((v) => ({ topic: v.topic, partition: v.record.partition, offset: v.record.offset, event: v.event })),
      scores: [],
      decisions: [],
      alerts: [],
      deadLetters: dead.map((d) => buildDeadLetter(d.record, d.cause, now, storableOriginal(d.baseTopic, d.record.value ?? Buffer.alloc(0), this.#o.pseudonymiser))),
    };
    const hints = new Map<string, Record<string, string>>();
    outputs.forEach((out, i) => {
      for (const h of out.alertHints ?? []) hints.set(h.alertId, { [ALERT_HINT_HEADERS.dedupKey]: h.dedupKey, [ALERT_HINT_HEADERS.cooldownSeconds]: String(h.cooldownSeconds) });
      if (out.score) processed.scores.push(out.score);
      if (out.decision) processed.decisions.push(out.decision);
      processed.alerts.push(...out.alerts);
      const own = perBatch[(valid[i] as (typeof valid)[number]).batch];
      if (own) {
        if (out.decision) own.decisions.push(out.decision);
        own.alerts.push(...out.alerts);
      }
    });

    const records: OutgoingRecord[] = [
      ...dead.map((d) => deadLetterRecord(d.record, d.cause, `${d.record.topic}.dlq`)),
      ...processed.deadLetters.map((l) => this.#out('dead-letters', l)),
      ...processed.scores.map((s) => this.#out('scores', s)),
      ...processed.decisions.map((d) => this.#out('decisions', d)),
      ...processed.alerts.map((a) => {
        const record = this.#out('alerts', a);
        const headers = hints.get(a.alertId);
        return headers ? { ...record, headers } : record;
      }),
    ];
    // Kafka outputs and the ClickHouse decision log are both awaited before the commit.
    await Promise.all([
      records.length === 0 ? Promise.resolve() : this.#withRetry('kafka', () => this.#o.producer.send(records)),
      this.#withRetry('clickhouse', () => this.#o.sink.write(processed)),
    ]);

    metrics.stageSeconds.observe({ stage: 'write' }, (performance.now() - detected) / 1000);
    const doneAt = Date.now();
    for (const v of valid) {
      if (v.record.timestamp > 0) {
        const latency = Math.max(0, doneAt - v.record.timestamp);
        perBatch[v.batch]?.latenciesMs.push(latency);
        metrics.eventLatencySeconds.observe(latency / 1000);
      }
      metrics.eventsScored.inc({ topic: v.topic });
    }
    for (const d of dead) metrics.deadLetters.inc({ topic: d.baseTopic, stage: d.cause.stage });
    for (const d of processed.decisions) metrics.decisions.inc({ tier: d.tier });
    for (const a of processed.alerts) metrics.alerts.inc({ signal: a.signal, severity: a.severity });
    const durationMs = performance.now() - started;
    metrics.batchSeconds.observe(durationMs / 1000);
    if (dead.length > 0) {
      this.#o.logger.warn({ deadLetters: dead.length, topics: [...new Set(dead.map((d) => d.record.topic))], reasons: dead.slice(0, 3).map((d) => d.cause.reason) }, 'records dead-lettered');
    }
    batches.forEach((batch, b) => {
      const own = perBatch[b] as (typeof perBatch)[number];
      this.#o.onBatch?.({ topic: this.#baseTopic(batch.topic), partition: batch.partition, records: batch.records.length, ...own, durationMs });
    });
  }

  #baseTopic(topic: string): string {
    return topic.startsWith(this.#prefix) ? topic.slice(this.#prefix.length) : topic;
  }

  #out(topic: 'scores' | 'decisions' | 'alerts' | 'dead-letters', value: Score | Decision | Alert | DeadLetter): OutgoingRecord {
    const contract = TOPICS[topic] as { key: (e: typeof value) => string };
    return { topic: this.#prefix + topic, key: contract.key(value), value: JSON.stringify(value) };
  }

  /**
   * Retries an operation while its dependency is unavailable (retriable errors), pausing
   * consumption meanwhile so memory stays bounded; non-retriable errors propagate and the batch
   * is not committed (it will be redelivered and, being idempotent, reprocessed safely).
   */
  async #withRetry<T>(dependency: string, operation: () => Promise<T>): Promise<T> {
    const { initialMs, maxMs } = this.#o.retry ?? { initialMs: 100, maxMs: 5_000 };
    let delay = initialMs;
    let paused = false;
    for (;;) {
      try {
        const result = await operation();
        if (paused) {
          this.#o.consumer.resume();
          this.#o.metrics.paused.set(0);
          this.#o.logger.info({ dependency }, 'dependency back; consumption resumed');
        }
        return result;
      } catch (error) {
        if (!isRetriable(error) || this.#stopping) throw error;
        if (!paused) {
          paused = true;
          this.#o.consumer.pause();
          this.#o.metrics.paused.set(1);
          this.#o.logger.warn({ dependency, err: error }, 'dependency unavailable; consumption paused, retrying');
        }
        this.#o.metrics.retries.inc({ dependency });
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(maxMs, delay * 2);
      }
    }
  }
}

/** Retriable by the error taxonomy, or a connection-level failure of a client library. */
export function isRetriable(error: unknown): boolean {
  if (error instanceof FengkongError) return error.retriable;
  if (error && typeof error === 'object') {
    const e = error as { retriable?: unknown; code?: unknown; name?: unknown; message?: unknown };
    if (e.retriable === true) return true;
    const code = typeof e.code === 'string' ? e.code : '';
    if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTCONN', 'EAI_AGAIN'].includes(code)) return true;
    const name = typeof e.name === 'string' ? e.name : '';
    if (['ConnectionTimeoutError', 'ClientClosedError', 'SocketClosedUnexpectedlyError', 'ReconnectStrategyError'].includes(name)) return true;
  }
  return false;
}
