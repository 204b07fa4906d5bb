/**
 * The queue mirror: reads the change stream as a Redis Streams consumer group and writes each
 * batch to ClickHouse (`queue_history`, `audit_log`) and Kafka (`alert-queue-events`, and the
 * resolution outcomes to `collection-outcomes`), acknowledging the entries only after both
 * sinks accepted them. At-least-once: after a crash the group's pending entries are delivered
 * again; ClickHouse drops the repeated insert by its deduplication token (and collapses the rows
 * by change id), Kafka consumers see the same event ids again.
 *
 * Runs in every API instance: the group shares the stream between them, and entries a vanished
 * instance had read but not acknowledged are taken over after `claimIdleMs` (XAUTOCLAIM).
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { RedisPort } from '../features/redisPort.ts';
import type { ClickHouseClient } from '../pipelines/clickhouse/types.ts';
import type { EventProducer, OutgoingRecord } from '../pipelines/kafka/types.ts';
import { TOPICS } from '../schemas/topics.ts';
import type { CollectionOutcome } from '../schemas/topics/collectionOutcome.ts';
import type { QueueKeys } from './keys.ts';
import { QUEUE_LOG } from './logEvents.ts';
import type { QueueMetrics } from './metrics.ts';
import { QUEUE_EVENTS_TOPIC } from './queueEvent.ts';
import { auditRow, historyRow, queueEventOf } from './rows.ts';
import type { QueueChange } from './types.ts';
import { parseEntries, type StreamEntry } from './changeEntry.ts';

export const QUEUE_HISTORY_TABLE = 'queue_history';
export const AUDIT_LOG_TABLE = 'audit_log';

export interface MirrorOptions {
  /** A connection of its own: XREADGROUP blocks it. */
  readonly redis: RedisPort;
  readonly keys: QueueKeys;
  readonly clickhouse: ClickHouseClient;
  readonly producer: EventProducer;
  /** Deployed topic names (with KAFKA_TOPIC_PREFIX). */
  readonly topics?: { readonly queueEvents?: string; readonly outcomes?: string };
  readonly group?: string;
  /** Stable per instance, so a restarted instance re-reads its own pending entries at once. */
  readonly consumer?: string;
  readonly batchSize?: number;
  readonly blockMs?: number;
  /** Entries another consumer read but left unacknowledged this long are taken over. */
  readonly claimIdleMs?: number;
  readonly metrics?: QueueMetrics;
  readonly logger?: Logger;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class QueueMirror {
  readonly #o: MirrorOptions;
  readonly #group: string;
  readonly #consumer: string;
  readonly #stream: string;
  #running = false;
  #loop: Promise<void> | undefined;
  #lastClaim = 0;
  #idleWaiters: Array<() => void> = [];

  constructor(options: MirrorOptions) {
    this.#o = options;
    this.#group = options.group ?? 'mirror';
    this.#consumer = options.consumer ?? 'mirror-1';
    this.#stream = options.keys.changes();
  }

  async #send(args: string[]): Promise<unknown> {
    return this.#o.redis.send(this.#stream, args);
  }

  /** Creates the consumer group (from the stream's start, so nothing written before is missed). */
  async #ensureGroup(): Promise<void> {
    try {
      await this.#send(['XGROUP', 'CREATE', this.#stream, this.#group, '0', 'MKSTREAM']);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('BUSYGROUP')) throw error;
    }
  }

  async start(): Promise<void> {
    await this.#ensureGroup();
    this.#running = true;
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#running = false;
    await this.#loop;
  }

  /** Resolves once everything written to the stream so far has been mirrored (for tests and shutdown). */
  async drained(): Promise<void> {
    for (;;) {
      const info = (await this.#send(['XINFO', 'GROUPS', this.#stream])) as unknown[][];
      const group = info.map((g) => toRecord(g)).find((g) => g.name === this.#group);
      const last = (await this.#send(['XREVRANGE', this.#stream, '+', '-', 'COUNT', '1'])) as StreamEntry[];
      const lastId = last[0]?.[0];
      if (!group || ((lastId === undefined || compareIds(String(group['last-delivered-id']), lastId) >= 0) && Number(group.pending) === 0)) return;
      await new Promise<void>((resolve) => {
        this.#idleWaiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (this.#running) {
      try {
        const entries = await this.#next();
        if (entries.length > 0) {
          await this.#write(entries);
          failures = 0;
        } else {
          for (const w of this.#idleWaiters.splice(0)) w();
        }
      } catch (error) {
        failures += 1;
        const delay = Math.min(5_000, 100 * 2 ** Math.min(failures - 1, 6));
        this.#o.logger?.warn({ err: error, event: QUEUE_LOG.mirrorFailed, attempt: failures, retryInMs: delay }, 'mirroring queue changes failed; the entries stay pending and are retried');
        await sleep(delay);
      }
    }
  }

  /** Own pending entries first (a failed batch, or left by a crash), then others' idle ones, then new ones. */
  async #next(): Promise<StreamEntry[]> {
    const count = String(this.#o.batchSize ?? 500);
    const pending = await this.#read(['XREADGROUP', 'GROUP', this.#group, this.#consumer, 'COUNT', count, 'STREAMS', this.#stream, '0']);
    if (pending.length > 0) return pending;
    const now = Date.now();
    if (now - this.#lastClaim > (this.#o.claimIdleMs ?? 60_000) / 2) {
      this.#lastClaim = now;
      const claimed = (await this.#send(['XAUTOCLAIM', this.#stream, this.#group, this.#consumer, String(this.#o.claimIdleMs ?? 60_000), '0', 'COUNT', count])) as [string, StreamEntry[]];
      const taken = (claimed?.[1] ?? []).filter((e) => Array.isArray(e) && e[1] !== null);
      if (taken.length > 0) {
        this.#o.logger?.info({ event: QUEUE_LOG.mirrorRecovered, entries: taken.length }, 'took over queue changes another instance left unacknowledged');
        return taken;
      }
    }
    return this.#read(['XREADGROUP', 'GROUP', this.#group, this.#consumer, 'COUNT', count, 'BLOCK', String(this.#o.blockMs ?? 500), 'STREAMS', this.#stream, '>']);
  }

  async #read(args: string[]): Promise<StreamEntry[]> {
    const reply = (await this.#send(args)) as Array<[string, StreamEntry[]]> | null;
    return reply?.[0]?.[1] ?? [];
  }

  async #write(entries: readonly StreamEntry[]): Promise<void> {
    const changes = parseEntries(entries, this.#o.logger);
    const history = changes.map(historyRow).filter((r) => r !== null);
    const audit = changes.map(auditRow).filter((r) => r !== null);
    const token = `queues-${createHash('sha256').update(entries.map((e) => e[0]).join(',')).digest('hex').slice(0, 32)}`;
    const records = this.#records(changes);
    await Promise.all([
      history.length > 0 ? this.#o.clickhouse.insert(QUEUE_HISTORY_TABLE, history, { dedupToken: `${token}-h` }) : undefined,
      audit.length > 0 ? this.#o.clickhouse.insert(AUDIT_LOG_TABLE, audit, { dedupToken: `${token}-a` }) : undefined,
      records.length > 0 ? this.#o.producer.send(records) : undefined,
    ]);
    await this.#send(['XACK', this.#stream, this.#group, ...entries.map((e) => e[0])]);
    this.#o.metrics?.mirrored.inc({ sink: 'clickhouse' }, history.length + audit.length);
    this.#o.metrics?.mirrored.inc({ sink: 'kafka' }, records.length);
    const newest = changes[changes.length - 1];
    if (newest) this.#o.metrics?.mirrorLagSeconds.set(Math.max(0, (Date.now() - newest.at) / 1000));
  }

  #records(changes: readonly QueueChange[]): OutgoingRecord[] {
    const queueTopic = this.#o.topics?.queueEvents ?? QUEUE_EVENTS_TOPIC;
    const outcomeTopic = this.#o.topics?.outcomes ?? TOPICS['collection-outcomes'].name;
    const out: OutgoingRecord[] = [];
    for (const c of changes) {
      const event = queueEventOf(c);
      if (event) out.push({ topic: queueTopic, key: event.loanId ?? event.alertId, value: JSON.stringify(event) });
      if (c.action === 'resolved' && c.alert?.outcome) {
        const outcome = JSON.parse(c.alert.outcome) as CollectionOutcome;
        out.push({ topic: outcomeTopic, key: TOPICS['collection-outcomes'].key(outcome), value: JSON.stringify(outcome) });
      }
    }
    return out;
  }
}

/** Stream ids compare by milliseconds, then sequence. */
export function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am !== bm ? am - bm : as - bs;
}

function toRecord(flat: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = flat[i + 1];
  return out;
}
