/**
 * The in-process log of embedded mode: Kafka's model without a broker. Named topics with N
 * partitions, keyed records placed by Kafka's murmur2 partitioner (so one entity's events stay
 * in order on one partition), consumer groups whose members share the partitions, committed
 * offsets per group (optionally persisted), and bounded retention so memory stays bounded.
 *
 * When a partition is full, `whenFull` decides: 'block' (default) makes producers wait until
 * every group that consumes the topic has committed past the oldest records — backpressure
 * instead of loss; 'drop-oldest' drops them as Kafka's retention would. Topics no group has
 * ever consumed always drop the oldest (nobody would free the space).
 *
 * Records live in memory only: a restart loses what was not consumed. Offsets keep counting
 * across restarts when `offsetsFile` is set. Producers and consumers: `producer.ts`,
 * `consumer.ts`.
 */
import type { Logger } from 'pino';
import { partitionForKey } from './murmur2.ts';
import { loadOffsets, saveOffsets, type PersistedOffsets } from './offsetStore.ts';

export interface LogRecord {
  readonly offset: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly timestamp: number;
}

export interface AppendRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timestamp?: number;
}

export interface InProcessLogOptions {
  /** Partitions of a topic created on first use (default 6). */
  readonly defaultPartitions?: number;
  /** Topics to create up front, with their partition counts. */
  readonly topics?: Readonly<Record<string, number>>;
  /** Per-partition bound in records (default 100,000). */
  readonly maxRecordsPerPartition?: number;
  /** Per-partition bound in key + value bytes (default 64 MiB). */
  readonly maxBytesPerPartition?: number;
  readonly whenFull?: 'block' | 'drop-oldest';
  /** Persist next offsets and committed offsets here (e.g. `<dataDir>/log-offsets.json`). */
  readonly offsetsFile?: string;
  /** Delay before committed offsets are written to the file (default 1 s; close() writes at once). */
  readonly persistDelayMs?: number;
  readonly logger?: Logger;
}

class Partition {
  /** Records from `head` on are live; the array is compacted now and then. */
  records: LogRecord[] = [];
  head = 0;
  bytes = 0;
  constructor(public nextOffset: number) {}

  get startOffset(): number {
    const first = this.records[this.head];
    return first ? first.offset : this.nextOffset;
  }

  get size(): number {
    return this.records.length - this.head;
  }

  dropOldest(): LogRecord | undefined {
    const r = this.records[this.head];
    if (!r) return undefined;
    this.head++;
    this.bytes -= sizeOf(r);
    if (this.head > 1024 && this.head * 2 > this.records.length) {
      this.records = this.records.slice(this.head);
      this.head = 0;
    }
    return r;
  }

  /** Records from `offset`, at most `max`. */
  read(offset: number, max: number): LogRecord[] {
    const start = this.head + Math.max(0, offset - this.startOffset);
    return this.records.slice(start, Math.min(this.records.length, start + max));
  }
}

const sizeOf = (r: { key: Buffer | null; value: Buffer | null }): number => (r.key?.length ?? 0) + (r.value?.length ?? 0);

interface Group {
  /** topic → committed offsets by partition. */
  readonly committed: Map<string, Map<number, number>>;
  /** memberId → subscribed topics. */
  readonly members: Map<string, readonly string[]>;
  /** `topic/partition` currently being processed by some member. */
  readonly busy: Set<string>;
  /** Topics this group consumes (kept after members leave: its offsets still hold records). */
  readonly topics: Set<string>;
}

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

export class InProcessLog {
  readonly #topics = new Map<string, Partition[]>();
  readonly #groups = new Map<string, Group>();
  readonly #o: InProcessLogOptions;
  readonly #maxRecords: number;
  readonly #maxBytes: number;
  #dataWaiters = new Set<() => void>();
  #spaceWaiters = new Set<() => void>();
  #roundRobin = new Map<string, number>();
  #persistTimer: NodeJS.Timeout | undefined;
  #warnedLoss = new Set<string>();

  constructor(options: InProcessLogOptions = {}) {
    this.#o = options;
    this.#maxRecords = options.maxRecordsPerPartition ?? 100_000;
    this.#maxBytes = options.maxBytesPerPartition ?? 64 * 1024 * 1024;
    if (options.offsetsFile) this.#restore(loadOffsets(options.offsetsFile));
    for (const [name, n] of Object.entries(options.topics ?? {})) this.createTopic(name, n);
  }

  /** Creates a topic (no-op if it exists with at least that many partitions). */
  createTopic(name: string, partitions = this.#o.defaultPartitions ?? 6): void {
    if (!Number.isInteger(partitions) || partitions < 1) throw new RangeError(`topic ${name}: partitions must be a positive integer`);
    const existing = this.#topics.get(name);
    if (existing) {
      while (existing.length < partitions) existing.push(new Partition(0));
      return;
    }
    this.#topics.set(name, Array.from({ length: partitions }, () => new Partition(0)));
  }

  topics(): string[] {
    return [...this.#topics.keys()];
  }

  partitionCount(topic: string): number {
    return this.#partitions(topic).length;
  }

  #partitions(topic: string): Partition[] {
    let p = this.#topics.get(topic);
    if (!p) {
      this.createTopic(topic);
      p = this.#topics.get(topic) as Partition[];
    }
    return p;
  }

  /** Partition a record goes to: murmur2 of the key, round robin for null keys. */
  partitionFor(topic: string, key: Buffer | null): number {
    const n = this.#partitions(topic).length;
    if (key !== null) return partitionForKey(key, n);
    const next = this.#roundRobin.get(topic) ?? 0;
    this.#roundRobin.set(topic, next + 1);
    return next % n;
  }

  /** Appends records to one partition in order; waits for space when full and `whenFull` is 'block'. */
  async append(topic: string, partition: number, records: readonly AppendRecord[]): Promise<number[]> {
    const p = this.#partitions(topic)[partition];
    if (!p) throw new RangeError(`topic ${topic} has no partition ${partition}`);
    const offsets: number[] = [];
    for (const r of records) {
      while (!this.#makeRoom(topic, partition, p)) {
        await new Promise<void>((resolve) => this.#spaceWaiters.add(resolve));
      }
      const record: LogRecord = { offset: p.nextOffset++, key: r.key, value: r.value, headers: r.headers ?? {}, timestamp: r.timestamp ?? Date.now() };
      p.records.push(record);
      p.bytes += sizeOf(record);
      offsets.push(record.offset);
    }
    this.#wake(this.#dataWaiters);
    return offsets;
  }

  /** Drops what retention allows until one more record fits; false when it must wait. */
  #makeRoom(topic: string, partition: number, p: Partition): boolean {
    const full = (): boolean => p.size > 0 && (p.size >= this.#maxRecords || p.bytes >= this.#maxBytes);
    if (!full()) return true;
    const consumed = this.#minCommitted(topic, partition);
    while (full()) {
      const oldest = p.startOffset;
      if (consumed !== undefined && oldest >= consumed) {
        if ((this.#o.whenFull ?? 'block') === 'block') return false;
        const key = `${topic}/${partition}`;
        if (!this.#warnedLoss.has(key)) {
          this.#warnedLoss.add(key);
          this.#o.logger?.warn({ topic, partition, offset: oldest }, 'in-process log full: dropping records a consumer group has not read (whenFull=drop-oldest)');
        }
      }
      p.dropOldest();
    }
    return true;
  }

  /** The lowest committed offset among groups consuming the topic, or undefined if none does. */
  #minCommitted(topic: string, partition: number): number | undefined {
    let min: number | undefined;
    for (const g of this.#groups.values()) {
      if (!g.topics.has(topic)) continue;
      const c = g.committed.get(topic)?.get(partition) ?? 0;
      min = min === undefined ? c : Math.min(min, c);
    }
    return min;
  }

  read(topic: string, partition: number, offset: number, max: number): LogRecord[] {
    const p = this.#partitions(topic)[partition];
    return p ? p.read(offset, max) : [];
  }

  /** First offset still held, and the offset the next record will get. */
  offsets(topic: string, partition: number): { start: number; end: number } {
    const p = this.#partitions(topic)[partition];
    if (!p) throw new RangeError(`topic ${topic} has no partition ${partition}`);
    return { start: p.startOffset, end: p.nextOffset };
  }

  /** Resolves at the next append, or after `timeoutMs`. */
  waitForData(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#dataWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.#dataWaiters.add(done);
    });
  }

  #wake(waiters: Set<() => void>): void {
    const all = [...waiters];
    waiters.clear();
    for (const w of all) w();
  }

  // ---- consumer groups ----

  #group(groupId: string): Group {
    let g = this.#groups.get(groupId);
    if (!g) {
      g = { committed: new Map(), members: new Map(), busy: new Set(), topics: new Set() };
      this.#groups.set(groupId, g);
    }
    return g;
  }

  /**
   * Adds a member to a group. Partitions the group has never committed start at the beginning
   * (`fromBeginning`) or at the end of the log, like Kafka's auto.offset.reset.
   */
  join(groupId: string, memberId: string, topics: readonly string[], fromBeginning: boolean): void {
    const g = this.#group(groupId);
    g.members.set(memberId, [...topics]);
    for (const topic of topics) {
      g.topics.add(topic);
      let c = g.committed.get(topic);
      if (!c) {
        c = new Map();
        g.committed.set(topic, c);
      }
      this.#partitions(topic).forEach((p, i) => {
        if (!c.has(i)) c.set(i, fromBeginning ? p.startOffset : p.nextOffset);
      });
    }
  }

  leave(groupId: string, memberId: string): void {
    this.#groups.get(groupId)?.members.delete(memberId);
  }

  /** Partitions of a member: the group's partitions dealt round robin over members sorted by id. */
  assignment(groupId: string, memberId: string): TopicPartition[] {
    const g = this.#groups.get(groupId);
    if (!g || !g.members.has(memberId)) return [];
    const members = [...g.members.keys()].sort();
    const topics = [...new Set([...g.members.values()].flat())].sort();
    const all: TopicPartition[] = topics.flatMap((topic) => this.#partitions(topic).map((_, partition) => ({ topic, partition })));
    const index = members.indexOf(memberId);
    return all.filter((_, i) => i % members.length === index);
  }

  /** Committed offset (next to read) of a group on a partition. */
  committed(groupId: string, topic: string, partition: number): number {
    const g = this.#group(groupId);
    let c = g.committed.get(topic);
    if (!c) {
      c = new Map();
      g.committed.set(topic, c);
    }
    let offset = c.get(partition);
    if (offset === undefined) {
      // A partition that appeared after the group joined: everything in it is new to the group.
      offset = 0;
      c.set(partition, offset);
    }
    return offset;
  }

  commit(groupId: string, topic: string, partition: number, nextOffset: number): void {
    const g = this.#group(groupId);
    let c = g.committed.get(topic);
    if (!c) {
      c = new Map();
      g.committed.set(topic, c);
    }
    if ((c.get(partition) ?? -1) >= nextOffset) return; // never move backwards
    c.set(partition, nextOffset);
    this.#wake(this.#spaceWaiters);
    this.#schedulePersist();
  }

  /** Claims a partition for processing by one member at a time (a rebalance never runs it twice at once). */
  tryLock(groupId: string, topic: string, partition: number): boolean {
    const busy = this.#group(groupId).busy;
    const key = `${topic}/${partition}`;
    if (busy.has(key)) return false;
    busy.add(key);
    return true;
  }

  unlock(groupId: string, topic: string, partition: number): void {
    this.#groups.get(groupId)?.busy.delete(`${topic}/${partition}`);
  }

  // ---- persistence ----

  #restore(state: PersistedOffsets): void {
    for (const [topic, next] of Object.entries(state.topics)) {
      this.#topics.set(topic, next.map((n) => new Partition(n)));
    }
    for (const [groupId, topics] of Object.entries(state.groups)) {
      const g = this.#group(groupId);
      for (const [topic, partitions] of Object.entries(topics)) {
        g.topics.add(topic);
        g.committed.set(topic, new Map(Object.entries(partitions).map(([p, o]) => [Number(p), o])));
      }
    }
  }

  snapshot(): PersistedOffsets {
    const topics: Record<string, number[]> = {};
    for (const [name, partitions] of this.#topics) topics[name] = partitions.map((p) => p.nextOffset);
    const groups: PersistedOffsets['groups'] = {};
    for (const [id, g] of this.#groups) {
      const t: Record<string, Record<string, number>> = {};
      for (const [topic, c] of g.committed) t[topic] = Object.fromEntries([...c].map(([p, o]) => [String(p), o]));
      groups[id] = t;
    }
    return { version: 1, topics, groups };
  }

  #schedulePersist(): void {
    if (!this.#o.offsetsFile || this.#persistTimer) return;
    this.#persistTimer = setTimeout(() => {
      this.#persistTimer = undefined;
      this.persist();
    }, this.#o.persistDelayMs ?? 1_000);
    this.#persistTimer.unref();
  }

  /** Writes offsets to `offsetsFile` now (no-op without one). */
  persist(): void {
    if (!this.#o.offsetsFile) return;
    try {
      saveOffsets(this.#o.offsetsFile, this.snapshot());
    } catch (error) {
      this.#o.logger?.error({ err: error, file: this.#o.offsetsFile }, 'could not persist in-process log offsets');
    }
  }

  /** Persists offsets and stops the timer. */
  close(): void {
    if (this.#persistTimer) clearTimeout(this.#persistTimer);
    this.#persistTimer = undefined;
    this.persist();
    this.#wake(this.#dataWaiters);
  }
}
