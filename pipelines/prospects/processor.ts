/**
 * The prospects processor: its own consumer group on enterprise-updates, labels and repayments.
 * Per batch: validate → pseudonymise → fold into the prospect book → re-evaluate the enterprises
 * the batch changed (and those a newly raised or lifted flag reaches through the graph) →
 * write their rows to the `prospects` table → only then let the consumer commit. A periodic
 * sweep re-evaluates every enterprise, so changes the processor does not consume (new edges from
 * transactions, the newest filing month moving on) reach every row.
 *
 * Invalid records are counted and skipped: the scoring processor reads the same topics and
 * dead-letters them. After a restart the book is restored from the states stored with the rows;
 * batches redelivered after a crash fold in again without effect (the book is idempotent).
 */
import type { Logger } from 'pino';
import type { ProspectBook, ProspectEvent } from '../../prospects/book.ts';
import { PROSPECT_TOPICS, type ProspectTopic } from '../../prospects/book.ts';
import type { Prospect } from '../../prospects/evaluate.ts';
import { PROSPECT_LOG } from '../../prospects/logEvents.ts';
import type { Pseudonymiser } from '../../schemas/pseudonym.ts';
import { describeIssues, validateRecord } from '../../schemas/validator.ts';
import type { EventConsumer, IncomingBatch } from '../kafka/types.ts';
import type { ProspectMetrics } from './metrics.ts';
import type { ProspectStore } from './prospectStore.ts';

export interface ProspectProcessorOptions {
  readonly consumer: EventConsumer;
  readonly pseudonymiser: Pseudonymiser;
  readonly book: ProspectBook;
  readonly store: ProspectStore;
  readonly logger: Logger;
  readonly metrics?: ProspectMetrics;
  /** Prefix of every topic name in this deployment. */
  readonly topicPrefix?: string;
  /** Re-evaluate every enterprise this often, ms; 0 = never (default: the policy's ranking.sweepMinutes). */
  readonly sweepIntervalMs?: number;
  /** Called after each written batch (records consumed, rows written). */
  readonly onBatch?: (summary: { readonly records: number; readonly rows: number }) => void;
}

const isProspectTopic = (t: string): t is ProspectTopic => (PROSPECT_TOPICS as readonly string[]).includes(t);

export class ProspectProcessor {
  readonly #o: ProspectProcessorOptions;
  readonly #prefix: string;
  readonly #eligible = new Map<string, boolean>();
  #records = 0;
  #lock: Promise<unknown> = Promise.resolve();
  #sweep: NodeJS.Timeout | undefined;
  #running = false;

  constructor(options: ProspectProcessorOptions) {
    this.#o = options;
    this.#prefix = options.topicPrefix ?? '';
  }

  /** Records consumed so far (valid or not), for progress and tests. */
  get recordsProcessed(): number {
    return this.#records;
  }

  /** Enterprises on the list as last evaluated by this instance. */
  get eligibleCount(): number {
    let n = 0;
    for (const e of this.#eligible.values()) if (e) n++;
    return n;
  }

  /** Restores the book from ClickHouse, subscribes and consumes until `stop()`. */
  async start(): Promise<void> {
    const { consumer, book, store, logger } = this.#o;
    const states = await store.loadStates();
    await book.restore(states);
    logger.info({ event: PROSPECT_LOG.restored, enterprises: states.length }, 'prospect book restored');
    await consumer.connect();
    await consumer.subscribe(PROSPECT_TOPICS.map((t) => this.#prefix + t), { fromBeginning: true });
    await consumer.run({ eachBatch: (batch) => this.processBatch(batch) });
    this.#running = true;
    const every = this.#o.sweepIntervalMs ?? book.config.ranking.sweepMinutes * 60_000;
    if (every > 0) {
      this.#sweep = setInterval(() => {
        this.refreshAll().catch((err: unknown) => logger.warn({ event: PROSPECT_LOG.sweepFailed, err }, 'prospect sweep failed; the next one retries'));
      }, every);
      this.#sweep.unref();
    }
  }

  /** Lets the in-flight batch finish and commit, then leaves the group. */
  async stop(): Promise<void> {
    if (this.#sweep) clearInterval(this.#sweep);
    this.#sweep = undefined;
    if (this.#running) {
      this.#running = false;
      await this.#o.consumer.disconnect();
    }
    await this.#lock.catch(() => undefined);
  }

  /** Book updates, evaluations and writes one at a time (batches and sweeps share the book). */
  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(work, work);
    this.#lock = run.catch(() => undefined);
    return run;
  }

  /** Folds one batch in and writes the rows it changed; resolves only when they are in ClickHouse. */
  async processBatch(batch: IncomingBatch): Promise<void> {
    const started = performance.now();
    const base = batch.topic.startsWith(this.#prefix) ? batch.topic.slice(this.#prefix.length) : batch.topic;
    const events: ProspectEvent[] = [];
    if (isProspectTopic(base)) {
      for (const record of batch.records) {
        const result = record.value === null ? null : validateRecord(base, record.value);
        if (!result || !result.ok) {
          this.#o.metrics?.invalid.inc({ topic: base });
          this.#o.logger.debug({ event: PROSPECT_LOG.invalidRecord, topic: base, partition: batch.partition, offset: record.offset, reason: result && !result.ok ? describeIssues(result.issues) : 'no value' }, 'invalid record skipped (the scorer dead-letters it)');
          continue;
        }
        // Nothing downstream of this line sees raw personal data.
        events.push({ topic: base, event: this.#o.pseudonymiser.pseudonymise(base, result.value) } as ProspectEvent);
      }
    }
    const rows = await this.#exclusive(async () => {
      const outcome = await this.#o.book.apply(events);
      const ids = new Set(outcome.touched);
      if (outcome.flagged.length > 0) for (const id of await this.#o.book.reachedBy(outcome.flagged)) ids.add(id);
      return this.#write(await this.#o.book.evaluate(ids));
    });
    this.#records += batch.records.length;
    this.#o.metrics?.events.inc({ topic: base }, events.length);
    this.#o.metrics?.batchSeconds.observe((performance.now() - started) / 1000);
    this.#o.onBatch?.({ records: batch.records.length, rows });
  }

  /** Re-evaluates and rewrites every enterprise the book knows. */
  async refreshAll(): Promise<number> {
    return this.#exclusive(async () => {
      const rows = await this.#write(await this.#o.book.evaluate(this.#o.book.enterpriseIds()));
      this.#o.logger.info({ event: PROSPECT_LOG.sweep, rows, eligible: this.eligibleCount }, 'prospects re-evaluated');
      return rows;
    });
  }

  async #write(prospects: readonly Prospect[]): Promise<number> {
    const { book, store } = this.#o;
    const rows = prospects.map((prospect) => ({ prospect, state: book.state(prospect.enterpriseId)! }));
    await store.write(rows, book.config.forecast.intervalLevel);
    for (const p of prospects) this.#eligible.set(p.enterpriseId, p.eligible);
    this.#o.metrics?.rowsWritten.inc(rows.length);
    this.#o.metrics?.eligible.set(this.eligibleCount);
    return rows.length;
  }
}
