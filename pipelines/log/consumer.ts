/**
 * EventConsumer over the in-process log, with Kafka consumer-group semantics: members of a
 * group share the partitions (round robin), each partition is processed in order by one member
 * at a time, and a batch's offsets are committed only after `eachBatch` resolves. A batch that
 * throws is not committed and is delivered again after a backoff (at-least-once).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ConsumerRunOptions, EventConsumer, IncomingBatch, IncomingRecord } from '../kafka/types.ts';
import type { InProcessLog, TopicPartition } from './inProcessLog.ts';

export interface InProcessConsumerOptions {
  readonly groupId: string;
  /** Member id within the group (default: random). */
  readonly memberId?: string;
  /** Records per batch (default 500). */
  readonly maxBatchRecords?: number;
  /** How long an idle fetch waits for new records (default 100 ms). */
  readonly maxWaitMs?: number;
  /** Backoff before a failed batch is delivered again (default 100 ms doubling to 5 s). */
  readonly retry?: { readonly initialMs: number; readonly maxMs: number };
  readonly logger?: Logger;
}

export class InProcessConsumer implements EventConsumer {
  readonly #log: InProcessLog;
  readonly #o: InProcessConsumerOptions;
  readonly memberId: string;
  #topics: string[] = [];
  #fromBeginning = false;
  #running = false;
  #paused = false;
  #loop: Promise<void> | undefined;
  #wakeUp: (() => void) | undefined;
  /** Per partition: consecutive failures and when it may be tried again. */
  #failures = new Map<string, { count: number; retryAt: number }>();

  constructor(log: InProcessLog, options: InProcessConsumerOptions) {
    this.#log = log;
    this.#o = options;
    this.memberId = options.memberId ?? `member-${randomUUID()}`;
  }

  async connect(): Promise<void> {}

  async subscribe(topics: readonly string[], options: { fromBeginning?: boolean } = {}): Promise<void> {
    if (this.#running) throw new Error('subscribe() must come before run()');
    this.#topics = [...new Set([...this.#topics, ...topics])];
    this.#fromBeginning = options.fromBeginning ?? false;
  }

  /** Starts consuming in the background (resolves once started, like kafkajs). */
  async run(options: ConsumerRunOptions): Promise<void> {
    if (this.#running) throw new Error('consumer is already running');
    if (this.#topics.length === 0) throw new Error('subscribe() to at least one topic before run()');
    this.#log.join(this.#o.groupId, this.memberId, this.#topics, this.#fromBeginning);
    this.#running = true;
    this.#loop = this.#consume(options);
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    this.#wakeUp?.();
  }

  /** Lets the in-flight batches finish (and commit), then leaves the group. */
  async disconnect(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#wakeUp?.();
    await this.#loop;
    this.#log.leave(this.#o.groupId, this.memberId);
  }

  async #consume(options: ConsumerRunOptions): Promise<void> {
    const concurrency = Math.max(1, options.partitionsConsumedConcurrently ?? 1);
    while (this.#running) {
      let worked = false;
      if (!this.#paused) {
        const ready = this.#log.assignment(this.#o.groupId, this.memberId).filter((tp) => this.#hasWork(tp));
        for (let i = 0; i < ready.length && this.#running && !this.#paused; i += concurrency) {
          const results = await Promise.all(ready.slice(i, i + concurrency).map((tp) => this.#processOne(tp, options)));
          if (results.some(Boolean)) worked = true;
        }
      }
      if (!worked && this.#running) await this.#idle();
    }
  }

  #hasWork(tp: TopicPartition): boolean {
    const f = this.#failures.get(`${tp.topic}/${tp.partition}`);
    if (f && f.retryAt > Date.now()) return false;
    return this.#log.committed(this.#o.groupId, tp.topic, tp.partition) < this.#log.offsets(tp.topic, tp.partition).end;
  }

  /** Waits for new records, a resume or a disconnect, or the next retry time. */
  async #idle(): Promise<void> {
    const now = Date.now();
    let wait = this.#o.maxWaitMs ?? 100;
    for (const f of this.#failures.values()) if (f.retryAt > now) wait = Math.min(wait, f.retryAt - now);
    const woken = new Promise<void>((resolve) => { this.#wakeUp = resolve; });
    await Promise.race([this.#log.waitForData(Math.max(1, wait)), woken]);
    this.#wakeUp = undefined;
  }

  /** Processes one batch of a partition; true if it delivered a batch. */
  async #processOne(tp: TopicPartition, options: ConsumerRunOptions): Promise<boolean> {
    const { groupId } = this.#o;
    if (!this.#log.tryLock(groupId, tp.topic, tp.partition)) return false;
    try {
      let from = this.#log.committed(groupId, tp.topic, tp.partition);
      const { start } = this.#log.offsets(tp.topic, tp.partition);
      if (from < start) {
        // Retention dropped records this group had not read (whenFull 'drop-oldest'): skip to
        // the oldest record held, as Kafka's auto.offset.reset=earliest does.
        this.#o.logger?.warn({ topic: tp.topic, partition: tp.partition, committed: from, start }, 'records dropped by retention before this group read them');
        from = start;
      }
      const stored = this.#log.read(tp.topic, tp.partition, from, this.#o.maxBatchRecords ?? 500);
      if (stored.length === 0) return false;
      const records: IncomingRecord[] = stored.map((r) => ({
        topic: tp.topic,
        partition: tp.partition,
        offset: String(r.offset),
        key: r.key,
        value: r.value,
        headers: r.headers,
        timestamp: r.timestamp,
      }));
      const batch: IncomingBatch = { topic: tp.topic, partition: tp.partition, records };
      const key = `${tp.topic}/${tp.partition}`;
      try {
        await options.eachBatch(batch);
      } catch (error) {
        const count = (this.#failures.get(key)?.count ?? 0) + 1;
        const { initialMs, maxMs } = this.#o.retry ?? { initialMs: 100, maxMs: 5_000 };
        const delay = Math.min(maxMs, initialMs * 2 ** Math.min(count - 1, 20));
        this.#failures.set(key, { count, retryAt: Date.now() + delay });
        this.#o.logger?.warn({ err: error, topic: tp.topic, partition: tp.partition, offset: records[0]?.offset, attempt: count }, 'batch failed; not committed, will be delivered again');
        return true;
      }
      this.#failures.delete(key);
      this.#log.commit(groupId, tp.topic, tp.partition, (stored[stored.length - 1] as { offset: number }).offset + 1);
      return true;
    } finally {
      this.#log.unlock(groupId, tp.topic, tp.partition);
    }
  }
}
