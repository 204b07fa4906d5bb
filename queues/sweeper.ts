/**
 * Runs the queue timers (lease expiry, snooze wake-up, SLA escalation) every `intervalMs`. Safe
 * to run in every API instance at once: each sweep is one atomic script per team, and a second
 * sweeper finds nothing left to do.
 */
import type { Logger } from 'pino';
import { QUEUE_LOG } from './logEvents.ts';
import type { QueueMetrics } from './metrics.ts';
import type { RedisQueueStore, SweepResult } from './store.ts';

export class Sweeper {
  readonly #store: RedisQueueStore;
  readonly #intervalMs: number;
  readonly #logger: Logger | undefined;
  readonly #metrics: QueueMetrics | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;
  #stopped = true;

  constructor(store: RedisQueueStore, options: { intervalMs?: number; logger?: Logger; metrics?: QueueMetrics } = {}) {
    this.#store = store;
    this.#intervalMs = options.intervalMs ?? 1000;
    this.#logger = options.logger;
    this.#metrics = options.metrics;
  }

  start(): void {
    this.#stopped = false;
    this.#schedule();
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#running = this.tick().finally(() => this.#schedule());
    }, this.#intervalMs);
    this.#timer.unref();
  }

  /** One sweep of every team, then the depth gauge; errors are logged (the next tick retries). */
  async tick(): Promise<SweepResult | null> {
    try {
      const r = await this.#store.sweepAll();
      if (r.leasesExpired + r.woken + r.escalated > 0) this.#logger?.info({ event: QUEUE_LOG.swept, ...r }, 'queue timers fired');
      if (this.#metrics) for (const d of await this.#store.depths()) this.#metrics.depth.set({ team: d.team, state: d.state }, d.count);
      return r;
    } catch (error) {
      this.#logger?.warn({ err: error, event: QUEUE_LOG.sweepFailed }, 'queue sweep failed; retrying on the next tick');
      return null;
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }
}
