/**
 * Ingestion: routes each incoming alert (route.ts) and enqueues it (store.ts). A batch is sent
 * in order on one connection, so two alerts of the same loan and signal in one batch merge in
 * the order they were raised; the batch resolves once Redis applied all of it, which is when
 * the alert source may commit its offsets.
 */
import type { Logger } from 'pino';
import type { RoutingConfig } from './config.ts';
import { QUEUE_LOG } from './logEvents.ts';
import type { QueueMetrics } from './metrics.ts';
import { routeAlert, type IncomingAlert } from './route.ts';
import type { EnqueueResult, RedisQueueStore } from './store.ts';

export class AlertIngestor {
  readonly #store: RedisQueueStore;
  readonly #config: RoutingConfig;
  readonly #metrics: QueueMetrics | undefined;
  readonly #logger: Logger | undefined;

  constructor(store: RedisQueueStore, options: { metrics?: QueueMetrics; logger?: Logger } = {}) {
    this.#store = store;
    this.#config = store.config;
    this.#metrics = options.metrics;
    this.#logger = options.logger;
  }

  async ingest(batch: readonly IncomingAlert[]): Promise<EnqueueResult[]> {
    const end = this.#metrics?.routeSeconds.startTimer();
    try {
      const results = await Promise.all(batch.map((incoming) => this.#store.enqueue(incoming, routeAlert(incoming, this.#config))));
      for (const r of results) this.#metrics?.ingested.inc({ result: r.result, team: r.team });
      return results;
    } catch (error) {
      this.#logger?.error({ err: error, event: QUEUE_LOG.ingestFailed, alerts: batch.length }, 'could not enqueue a batch of alerts; it will be delivered again');
      throw error;
    } finally {
      end?.();
    }
  }
}
