/**
 * Live queue changes for Server-Sent Events: tails the change stream (XREAD BLOCK, no group, so
 * every API instance sees every change) on a connection of its own and hands each change to the
 * subscribers. A subscriber that reconnects with the last id it saw (`Last-Event-ID`) gets what
 * it missed from the stream first.
 */
import type { Logger } from 'pino';
import type { RedisPort } from '../features/redisPort.ts';
import type { QueueKeys } from './keys.ts';
import { QUEUE_LOG } from './logEvents.ts';
import { parseEntries } from './changeEntry.ts';
import type { QueueChange } from './types.ts';

export type ChangeListener = (change: QueueChange) => void;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ChangeFeed {
  readonly #redis: RedisPort;
  readonly #stream: string;
  readonly #logger: Logger | undefined;
  readonly #blockMs: number;
  readonly #listeners = new Set<ChangeListener>();
  #running = false;
  #loop: Promise<void> | undefined;
  #lastId = '$';

  constructor(options: { redis: RedisPort; keys: QueueKeys; logger?: Logger; blockMs?: number }) {
    this.#redis = options.redis;
    this.#stream = options.keys.changes();
    this.#logger = options.logger;
    this.#blockMs = options.blockMs ?? 1000;
  }

  async start(): Promise<void> {
    // Start from the newest entry now, so changes made before the first XREAD are not lost.
    const last = (await this.#redis.send(this.#stream, ['XREVRANGE', this.#stream, '+', '-', 'COUNT', '1'])) as Array<[string, string[]]>;
    this.#lastId = last[0]?.[0] ?? '0-0';
    this.#running = true;
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#running = false;
    await this.#loop;
  }

  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get subscribers(): number {
    return this.#listeners.size;
  }

  /** Changes after `id` still in the stream (at most `count`), for a reconnecting client. */
  async since(id: string, count = 1000): Promise<QueueChange[]> {
    const entries = (await this.#redis.send(this.#stream, ['XRANGE', this.#stream, `(${id}`, '+', 'COUNT', String(count)])) as Array<[string, string[]]>;
    return parseEntries(entries, this.#logger);
  }

  async #run(): Promise<void> {
    while (this.#running) {
      try {
        const reply = (await this.#redis.send(this.#stream, ['XREAD', 'COUNT', '500', 'BLOCK', String(this.#blockMs), 'STREAMS', this.#stream, this.#lastId])) as Array<[string, Array<[string, string[]]>]> | null;
        const entries = reply?.[0]?.[1] ?? [];
        if (entries.length === 0) continue;
        this.#lastId = (entries[entries.length - 1] as [string, string[]])[0];
        for (const change of parseEntries(entries, this.#logger)) {
          for (const l of this.#listeners) {
            try {
              l(change);
            } catch (error) {
              this.#logger?.warn({ err: error, event: QUEUE_LOG.changeFeedFailed }, 'a change listener failed');
            }
          }
        }
      } catch (error) {
        if (!this.#running) return;
        this.#logger?.warn({ err: error, event: QUEUE_LOG.changeFeedFailed }, 'reading the queue change stream failed; retrying');
        await sleep(500);
      }
    }
  }
}
