/**
 * The queue service in one call: the Redis store, ingestion from an alert source, the timers,
 * the mirror to ClickHouse and Kafka, the live change feed and the HTTP API with its console.
 * `fengkong queues serve` builds it from configuration; the embedded pipeline can start it in
 * its own process, handing it a consumer on its in-process log.
 *
 * Redis connections: one for commands (auto-pipelined), one each for the mirror's and the
 * change feed's blocking stream reads, which would otherwise stall every other command.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { UserDirectory } from '../api/auth/users.ts';
import { buildQueueApi } from '../api/server.ts';
import { connectUrl, type RedisPort } from '../features/redisPort.ts';
import type { ClickHouseClient } from '../pipelines/clickhouse/types.ts';
import type { EventProducer } from '../pipelines/kafka/types.ts';
import type { AlertSource } from './alertSource.ts';
import { ChangeFeed } from './changeFeed.ts';
import type { RoutingConfig } from './config.ts';
import { ClickHouseContextSource, type AlertContextSource } from './context.ts';
import { AlertIngestor } from './ingest.ts';
import { QUEUE_LOG } from './logEvents.ts';
import { createQueueMetrics, type QueueMetrics } from './metrics.ts';
import { QueueMirror } from './mirror.ts';
import { RedisQueueStore } from './store.ts';
import { Sweeper } from './sweeper.ts';

export interface QueueServiceOptions {
  readonly redisUrl: string;
  readonly routing: RoutingConfig;
  readonly users: UserDirectory;
  readonly clickhouse: ClickHouseClient;
  /** Producer for alert-queue-events and collection-outcomes (connected here). */
  readonly producer: EventProducer;
  /** Where alerts come from; without one the queues only change through the API. */
  readonly alertSource?: AlertSource;
  /** Deployed topic names (KAFKA_TOPIC_PREFIX applied). */
  readonly topics?: { readonly queueEvents?: string; readonly outcomes?: string };
  readonly prefix?: string;
  /** Approximate length of the change stream (see QueueStoreOptions.streamMaxLen). */
  readonly streamMaxLen?: number;
  readonly host?: string;
  /** 0 = a free port. */
  readonly port?: number;
  readonly rateLimitPerMinute?: number;
  readonly sweepIntervalMs?: number;
  /** Mirror consumer name, stable per instance (e.g. the host name). */
  readonly instance?: string;
  readonly context?: AlertContextSource;
  readonly metrics?: QueueMetrics;
  readonly logger?: Logger;
  readonly clock?: () => number;
}

export interface QueueService {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly store: RedisQueueStore;
  readonly ingestor: AlertIngestor;
  readonly mirror: QueueMirror;
  readonly sweeper: Sweeper;
  readonly metrics: QueueMetrics;
  /** Stops taking alerts, lets the mirror finish, closes the server and connections. */
  close(): Promise<void>;
}

export async function startQueueService(o: QueueServiceOptions): Promise<QueueService> {
  const closers: Array<() => Promise<void>> = [];
  // Each part gets a bounded time to close: with Redis gone, a client waits for a reconnect that
  // never comes, and shutdown must not hang on it.
  const close = async () => {
    for (const c of closers.reverse()) {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([c(), new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('timed out after 2 s')), 2000); })]);
      } catch (error) {
        o.logger?.warn({ err: error }, 'closing part of the queue service failed; going on with the rest');
      } finally {
        clearTimeout(timer);
      }
    }
  };
  try {
    const onError = (err: Error) => o.logger?.warn({ err }, 'redis connection error');
    const ports: RedisPort[] = [];
    for (let i = 0; i < 3; i++) {
      const port = await connectUrl(o.redisUrl, onError);
      ports.push(port);
      closers.push(() => port.close());
    }
    const [commands, mirrorRedis, feedRedis] = ports as [RedisPort, RedisPort, RedisPort];
    const metrics = o.metrics ?? createQueueMetrics({ defaultMetrics: true });
    const store = new RedisQueueStore({
      redis: commands, config: o.routing, ...(o.prefix ? { prefix: o.prefix } : {}), ...(o.clock ? { clock: o.clock } : {}), ...(o.streamMaxLen ? { streamMaxLen: o.streamMaxLen } : {}),
    });
    const ingestor = new AlertIngestor(store, { metrics, ...(o.logger ? { logger: o.logger } : {}) });

    await o.producer.connect();
    const mirror = new QueueMirror({
      redis: mirrorRedis, keys: store.keys, clickhouse: o.clickhouse, producer: o.producer, metrics,
      consumer: o.instance ?? 'mirror-1', ...(o.topics ? { topics: o.topics } : {}), ...(o.logger ? { logger: o.logger } : {}),
    });
    await mirror.start();
    closers.push(async () => {
      // Give the mirror a moment to carry the last changes out; whatever is left stays pending
      // in the stream and goes out on the next start.
      await Promise.race([mirror.drained(), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      await mirror.stop();
      await o.producer.disconnect();
    });

    const feed = new ChangeFeed({ redis: feedRedis, keys: store.keys, ...(o.logger ? { logger: o.logger } : {}) });
    await feed.start();
    closers.push(() => feed.stop());

    const sweeper = new Sweeper(store, { metrics, ...(o.sweepIntervalMs ? { intervalMs: o.sweepIntervalMs } : {}), ...(o.logger ? { logger: o.logger } : {}) });
    sweeper.start();
    closers.push(() => sweeper.stop());

    const app = await buildQueueApi({
      store, users: o.users, feed, metrics,
      context: o.context ?? new ClickHouseContextSource(o.clickhouse),
      ...(o.logger ? { logger: o.logger } : {}),
      ...(o.rateLimitPerMinute ? { rateLimitPerMinute: o.rateLimitPerMinute } : {}),
      readiness: async () => {
        const [redis, clickhouse] = await Promise.all([
          commands.send(undefined, ['PING']).then(() => true, () => false),
          o.clickhouse.query('SELECT 1 AS ok').then(() => true, () => false),
        ]);
        return { redis, clickhouse };
      },
    });
    const url = await app.listen({ host: o.host ?? '127.0.0.1', port: o.port ?? 8088 });
    // The API closes first: no request may act on a store whose connections are gone.
    closers.push(() => app.close());

    if (o.alertSource) {
      const source = o.alertSource;
      await source.start(async (batch) => {
        await ingestor.ingest(batch);
      });
      closers.push(() => source.stop());
    }
    o.logger?.info({ event: QUEUE_LOG.started, url, teams: Object.keys(o.routing.teams) }, 'alert queues are serving');
    return { url, app, store, ingestor, mirror, sweeper, metrics, close };
  } catch (error) {
    await close();
    throw error;
  }
}
