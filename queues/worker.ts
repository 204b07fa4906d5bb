/**
 * The queue service without its HTTP API: ingestion from the alerts topic, the timers (lease
 * expiry, snooze wake-up, SLA escalation) and the mirror to ClickHouse and Kafka. `fengkong
 * start` runs it beside the scorer when Kafka and Redis are configured, so alerts reach the
 * collection teams' queues without a second process; `fengkong queues serve` (service.ts) adds
 * the API and console on top of the same parts.
 *
 * Safe to run in every scorer instance and beside `queues serve`: ingestion shares the queue's
 * consumer group (QUEUE_CONSUMER_GROUP), the mirror shares its Redis consumer group, and a sweep
 * is one atomic script per team, so a second sweeper finds nothing left to do.
 */
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { loadQueueEnv } from '../api/config.ts';
import type { FengkongConfig } from '../lib/config.ts';
import { ConfigError } from '../lib/errors.ts';
import { connectUrl, type RedisPort } from '../features/redisPort.ts';
import type { ClickHouseClient } from '../pipelines/clickhouse/types.ts';
import { createConsumer, createProducer, topicName } from '../pipelines/kafka/factory.ts';
import type { EventProducer } from '../pipelines/kafka/types.ts';
import { TOPICS } from '../schemas/topics.ts';
import { TopicAlertSource, type AlertSource } from './alertSource.ts';
import { loadRoutingConfig, type RoutingConfig } from './config.ts';
import { AlertIngestor } from './ingest.ts';
import { QUEUE_LOG } from './logEvents.ts';
import { createQueueMetrics, type QueueMetrics } from './metrics.ts';
import { QueueMirror } from './mirror.ts';
import { QUEUE_EVENTS_TOPIC } from './queueEvent.ts';
import { RedisQueueStore } from './store.ts';
import { Sweeper } from './sweeper.ts';

export interface QueueWorkerOptions {
  readonly redisUrl: string;
  readonly routing: RoutingConfig;
  readonly clickhouse: ClickHouseClient;
  /** Producer for alert-queue-events and collection-outcomes (connected here, disconnected on close). */
  readonly producer: EventProducer;
  readonly alertSource: AlertSource;
  /** Deployed topic names (KAFKA_TOPIC_PREFIX applied). */
  readonly topics?: { readonly queueEvents?: string; readonly outcomes?: string };
  readonly prefix?: string;
  readonly streamMaxLen?: number;
  readonly sweepIntervalMs?: number;
  /** Mirror consumer name, stable per instance. */
  readonly instance?: string;
  readonly metrics?: QueueMetrics;
  readonly logger?: Logger;
}

export interface QueueWorker {
  readonly store: RedisQueueStore;
  readonly ingestor: AlertIngestor;
  readonly mirror: QueueMirror;
  readonly sweeper: Sweeper;
  /** Stops taking alerts, stops the timers, lets the mirror carry out what it can, closes connections. */
  close(): Promise<void>;
}

/** Starts ingestion, timers and mirror. */
export async function startQueueWorker(o: QueueWorkerOptions): Promise<QueueWorker> {
  const closers: Array<() => Promise<void>> = [];
  const close = async (): Promise<void> => {
    for (const c of closers.splice(0).reverse()) {
      try {
        await c();
      } catch (error) {
        o.logger?.warn({ err: error }, 'closing part of the queue worker failed; going on with the rest');
      }
    }
  };
  try {
    const ports: RedisPort[] = [];
    // One connection for commands, one for the mirror's blocking stream reads.
    for (let i = 0; i < 2; i++) {
      const port = await connectUrl(o.redisUrl, (err) => o.logger?.warn({ err }, 'redis connection error'));
      ports.push(port);
      closers.push(() => port.close());
    }
    const [commands, mirrorRedis] = ports as [RedisPort, RedisPort];
    const metrics = o.metrics ?? createQueueMetrics();
    const store = new RedisQueueStore({ redis: commands, config: o.routing, ...(o.prefix ? { prefix: o.prefix } : {}), ...(o.streamMaxLen ? { streamMaxLen: o.streamMaxLen } : {}) });
    const ingestor = new AlertIngestor(store, { metrics, ...(o.logger ? { logger: o.logger } : {}) });

    await o.producer.connect();
    closers.push(() => o.producer.disconnect());
    const mirror = new QueueMirror({
      redis: mirrorRedis, keys: store.keys, clickhouse: o.clickhouse, producer: o.producer, metrics,
      consumer: o.instance ?? 'mirror-1', ...(o.topics ? { topics: o.topics } : {}), ...(o.logger ? { logger: o.logger } : {}),
    });
    await mirror.start();
    closers.push(async () => {
      // A bounded wait for the last changes; what is left stays pending and goes out on the next start.
      await Promise.race([mirror.drained(), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      await mirror.stop();
    });

    const sweeper = new Sweeper(store, { metrics, ...(o.sweepIntervalMs ? { intervalMs: o.sweepIntervalMs } : {}), ...(o.logger ? { logger: o.logger } : {}) });
    sweeper.start();
    closers.push(() => sweeper.stop());

    await o.alertSource.start(async (batch) => {
      await ingestor.ingest(batch);
    });
    closers.push(() => o.alertSource.stop());
    o.logger?.info({ event: QUEUE_LOG.started, teams: Object.keys(o.routing.teams) }, 'alert queues: ingestion, timers and mirror running');
    return { store, ingestor, mirror, sweeper, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * The worker as `fengkong start` runs it, from the pipeline's configuration (KAFKA_*, REDIS_URL)
 * and the queue service's (QUEUE_ROUTING_FILE, QUEUE_KEY_PREFIX, QUEUE_CONSUMER_GROUP, ...).
 * Its metrics go into `registry` (the processor's /metrics).
 */
export async function startQueueWorkerFromConfig(
  config: FengkongConfig,
  parts: { clickhouse: ClickHouseClient; logger: Logger; registry?: Registry },
): Promise<QueueWorker> {
  if (!config.REDIS_URL || !config.KAFKA_BROKERS) throw new ConfigError('the alert queues need REDIS_URL and KAFKA_BROKERS (or run them on their own: npx fengkong queues serve --demo)');
  const env = loadQueueEnv();
  const { logger } = parts;
  const producer = await createProducer(config, 'fengkong-queues', { logger });
  const consumer = await createConsumer(config, env.QUEUE_CONSUMER_GROUP, { logger });
  return startQueueWorker({
    redisUrl: config.REDIS_URL,
    routing: loadRoutingConfig(env.QUEUE_ROUTING_FILE),
    clickhouse: parts.clickhouse,
    producer,
    alertSource: new TopicAlertSource(consumer, { topic: topicName(config, TOPICS.alerts.name), logger }),
    topics: { queueEvents: topicName(config, QUEUE_EVENTS_TOPIC), outcomes: topicName(config, TOPICS['collection-outcomes'].name) },
    prefix: env.QUEUE_KEY_PREFIX,
    streamMaxLen: env.QUEUE_STREAM_MAX_LEN,
    sweepIntervalMs: env.QUEUE_SWEEP_INTERVAL_MS,
    instance: env.QUEUE_INSTANCE,
    metrics: createQueueMetrics(parts.registry ? { registry: parts.registry } : {}),
    logger,
  });
}
