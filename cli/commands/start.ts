import type { Command } from 'commander';
import { loadConfig } from '../../lib/config.ts';
import { createLogger } from '../../lib/logger.ts';
import { buildRuntime } from '../../pipelines/runtime.ts';
import { RunningSummary } from '../../pipelines/summary.ts';
import { startHealthServer } from '../../pipelines/health.ts';
import { simulate, produceSimulation, eventCount } from '../../simulator/index.ts';
import { startMetricsSnapshots, type PartitionLagReading } from '../../pipelines/metricsSnapshot.ts';
import { kafkaOptionsFromConfig, topicName } from '../../pipelines/kafka/factory.ts';
import { consumerLag } from '../../pipelines/kafka/lag.ts';
import { INPUT_TOPICS } from '../../schemas/topics.ts';
import { startQueueWorkerFromConfig } from '../../queues/worker.ts';
import { hostname } from 'node:os';

interface StartOptions {
  duration?: string;
  seed: string;
  days: string;
  enterprises?: string;
  rate: string;
  simulate: boolean;
  interval: string;
  queues: boolean;
}

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('run the scoring pipeline: embedded (in-process log, embedded store, chdb under ./data) unless KAFKA_BROKERS / REDIS_URL / CLICKHOUSE_URL are set')
    .option('--duration <seconds>', 'stop by itself after this many seconds and print totals')
    .option('--seed <n>', 'simulator seed for embedded feeding', '1')
    .option('--days <d>', 'simulated days to feed in embedded mode', '60')
    .option('--enterprises <n>', 'simulated enterprises')
    .option('--rate <events/s>', 'feeding rate in embedded mode (0 = as fast as possible)', '2000')
    .option('--no-simulate', 'do not feed the simulator (embedded mode)')
    .option('--interval <seconds>', 'seconds between summary lines', '5')
    .option('--no-queues', 'with KAFKA_BROKERS and REDIS_URL set, do not also run the alert queues (ingestion, SLA timers, mirror) in this process')
    .action(async (opts: StartOptions) => {
      const config = loadConfig();
      const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
      const summary = new RunningSummary();
      console.error(`fengkong: starting ${config.embedded ? 'embedded (no servers; data under ' + config.FENGKONG_DATA_DIR + ')' : 'against Kafka/Redis/ClickHouse'}; loading ClickHouse, rules and models...`);
      const runtime = await buildRuntime(config, { logger, onBatch: (b) => summary.add(b) });
      const health = await startHealthServer({
        port: config.METRICS_PORT,
        registry: runtime.metrics.registry,
        checks: {
          clickhouse: async () => ({ ok: (await runtime.clickhouse.query<{ ok: number }>('SELECT 1 AS ok')).length === 1 }),
          ...(runtime.redis ? { redis: async () => ({ ok: (await runtime.redis!.ping()) === 'PONG' }) } : {}),
          consumer: async () => ({ ok: !runtime.processor.stopping }),
        },
      }).catch((err: unknown) => {
        logger.warn({ err }, 'metrics/health server not started (port in use?); set METRICS_PORT');
        return undefined;
      });
      if (health) console.error(`fengkong: metrics and health on http://127.0.0.1:${health.port}/metrics /livez /readyz`);
      await runtime.processor.start();
      // With Kafka and Redis, alerts also reach the collection teams' queues from this process (queues/worker.ts).
      const queues = runtime.mode === 'servers' && opts.queues && config.REDIS_URL && config.KAFKA_BROKERS
        ? await startQueueWorkerFromConfig(config, { clickhouse: runtime.clickhouse, logger, registry: runtime.metrics.registry })
        : undefined;
      if (queues) console.error('fengkong: alert queues running here (ingestion from the alerts topic, SLA timers, mirror); API and console: npx fengkong queues serve');
      else if (runtime.mode === 'embedded') console.error('fengkong: alert queues do not run in embedded mode; to work alerts in the queue console: npx fengkong queues serve --demo');
      const inputTopics = INPUT_TOPICS.map((t) => topicName(config, t));
      const log = runtime.log;
      const readLag = config.KAFKA_BROKERS
        ? () => consumerLag(kafkaOptionsFromConfig(config, 'fengkong-lag'), config.KAFKA_GROUP_ID, inputTopics)
        : log
          ? async (): Promise<PartitionLagReading[]> => inputTopics.flatMap((topic) => Array.from({ length: log.partitionCount(topic) }, (_, partition) => ({
              topic, partition, lag: log.offsets(topic, partition).end - log.committed(config.KAFKA_GROUP_ID, topic, partition),
            })))
          : undefined;
      const stopSnapshots = startMetricsSnapshots({
        metrics: runtime.metrics, clickhouse: runtime.clickhouse, processor: 'scorer', instance: `${hostname()}-${process.pid}`,
        intervalMs: 15_000, logger, ...(readLag ? { readLag } : {}),
      });

      const abort = new AbortController();
      let stopping: Promise<void> | undefined;
      const stop = (why: string) => {
        if (stopping) return stopping;
        console.error(`fengkong: ${why}; finishing in-flight batches...`);
        abort.abort();
        stopping = (async () => {
          clearInterval(timer);
          await runtime.processor.stop();
          await queues?.close();
          await stopSnapshots();
          await runtime.close();
          await health?.close();
          process.stdout.write(summary.totals());
          if (runtime.mode === 'embedded') {
            console.error(`fengkong: data stays queryable in ${config.FENGKONG_DATA_DIR}/chdb, e.g. npx fengkong query "SELECT tier, count() FROM decisions GROUP BY tier"`);
          }
        })();
        return stopping;
      };
      const timer = setInterval(() => console.error(summary.line()), Number(opts.interval) * 1000);
      process.once('SIGINT', () => void stop('interrupted'));
      process.once('SIGTERM', () => void stop('terminated'));
      const duration = opts.duration === undefined ? undefined : Number(opts.duration);
      const deadline = duration !== undefined ? new Promise<void>((r) => setTimeout(r, duration * 1000)) : undefined;

      if (runtime.mode === 'embedded' && opts.simulate) {
        const sim = simulate({ seed: Number(opts.seed), days: Number(opts.days), ...(opts.enterprises ? { enterprises: Number(opts.enterprises) } : {}) });
        console.error(`fengkong: simulator seed ${opts.seed}, ${opts.days} days: ${eventCount(sim)} events, fed at ${Number(opts.rate) > 0 ? opts.rate + ' events/s' : 'full speed'}`);
        const feeding = produceSimulation(runtime.producer, sim, { rate: Number(opts.rate), signal: abort.signal }).then((n) => {
          if (!abort.signal.aborted) console.error(`fengkong: simulator fed all ${n} events${deadline ? '' : '; still running, Ctrl-C to stop'}`);
        });
        feeding.catch((err: unknown) => logger.error({ err }, 'feeding the simulator failed'));
      }
      if (deadline) {
        await deadline;
        await stop(`duration of ${duration} s reached`);
      }
    });
}
