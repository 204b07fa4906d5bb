/**
 * Builds a running processor from configuration: embedded (in-process log, embedded feature
 * store, in-memory graph and loan book, chdb) when no server is configured, or Kafka + Redis +
 * ClickHouse when KAFKA_BROKERS / REDIS_URL / CLICKHOUSE_URL are set. Every component is behind
 * the same interface in both modes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createClient, type RedisClientType } from 'redis';
import type { Logger } from 'pino';
import { ConfigError } from '../lib/errors.ts';
import type { FengkongConfig } from '../lib/config.ts';
import { Pseudonymiser } from '../schemas/pseudonym.ts';
import { TOPICS, dlqTopicOf, INPUT_TOPICS } from '../schemas/topics.ts';
import { createEmbeddedFeatureStore } from '../features/embeddedStore.ts';
import { createRedisFeatureStore } from '../features/redisStore.ts';
import type { FeatureStore } from '../features/types.ts';
import { KnowledgeGraph } from '../detectors/graph/knowledgeGraph.ts';
import { MemoryGraphStore } from '../detectors/graph/memoryStore.ts';
import { RedisGraphStore } from '../detectors/graph/redisStore.ts';
import { knownModelInputs } from '../detectors/modelInputs.ts';
import { ModelSet } from '../detectors/models/modelSet.ts';
import { RuleSetManager } from '../detectors/rules/manager.ts';
import { watchRuleFile } from '../detectors/rules/fileWatcher.ts';
import { loadDecisionConfig } from '../detectors/decision/config.ts';
import { loadWarningConfig } from '../detectors/warning/config.ts';
import { createClickHouse } from './clickhouse/createClickHouse.ts';
import { migrate } from './clickhouse/migrations.ts';
import { ClickHouseDecisionLog } from './clickhouse/decisionLog.ts';
import type { ClickHouseClient } from './clickhouse/types.ts';
import { InProcessConsumer, InProcessLog, InProcessProducer } from './log/index.ts';
import { createConsumer, createProducer } from './kafka/factory.ts';
import type { EventConsumer, EventProducer } from './kafka/types.ts';
import { DetectorEngine } from './engine.ts';
import { LoanBook, MemoryLoanStateStore, RedisLoanStateStore } from './state/loanBook.ts';
import { createProcessorMetrics, type ProcessorMetrics } from './metrics.ts';
import { Processor, type BatchSummary } from './processor.ts';
import { startDownstream, type Downstream } from './downstream.ts';

const ROOT = resolve(import.meta.dirname, '..');
export const DEFAULT_RULES_FILE = resolve(ROOT, 'rules/default.yaml');
export const DEFAULT_MODELS_DIR = resolve(ROOT, 'models');

export interface RuntimeOptions {
  readonly logger: Logger;
  readonly rulesFile?: string;
  readonly modelsDir?: string;
  readonly partitions?: number;
  readonly onBatch?: (summary: BatchSummary) => void;
  /** Session timeout for Kafka consumers (tests shorten it). */
  readonly sessionTimeoutMs?: number;
  /**
   * Clock the detectors stamp decisions and alerts with (default: the wall clock). A replay of
   * simulated history passes the replayed time, so decisions and alerts fall in the simulated
   * period (dashboards/src/data/loadSimulatedData.ts).
   */
  readonly now?: () => Date;
  /** Start prospect discovery and the decision notifier beside the scorer (pipelines/downstream.ts); default true. */
  readonly downstream?: boolean;
}

export interface Runtime {
  readonly mode: 'embedded' | 'servers';
  readonly processor: Processor;
  /** Producer on the same log the processor consumes (embedded feeding, replay). */
  readonly producer: EventProducer;
  readonly clickhouse: ClickHouseClient;
  readonly metrics: ProcessorMetrics;
  readonly features: FeatureStore;
  readonly rules: RuleSetManager;
  readonly models: ModelSet;
  /** The in-process log in embedded mode (for lag in the summary). */
  readonly log?: InProcessLog;
  readonly redis?: RedisClientType;
  /** Prospect discovery and the decision notifier (own consumer groups), unless turned off. */
  readonly downstream?: Downstream;
  /** Stops consuming (in-flight batch finishes), flushes writers, closes everything. */
  close(): Promise<void>;
}

/** The names of every feature a model or rule may use (detectors/modelInputs.ts). */
export const knownFeatures = knownModelInputs;

export async function buildRuntime(config: FengkongConfig, options: RuntimeOptions): Promise<Runtime> {
  const { logger } = options;
  const closers: Array<() => Promise<void>> = [];
  const metrics = createProcessorMetrics({ defaultMetrics: true });

  // Decision log first: a ClickHouse that cannot be migrated should stop start-up.
  const clickhouse = createClickHouse(config);
  closers.push(() => clickhouse.close());
  const applied = await migrate(clickhouse);
  logger.info({ applied: applied.appliedNow.length }, 'clickhouse migrations up to date');
  const decisionLog = new ClickHouseDecisionLog(clickhouse, { registry: metrics.registry, logger });
  closers.unshift(() => decisionLog.close());

  const allowedLatenessMs = config.FENGKONG_FEATURE_LATENESS_HOURS * 3_600_000;
  let redis: RedisClientType | undefined;
  let features: FeatureStore;
  let graph: KnowledgeGraph;
  let loans: LoanBook;
  if (config.REDIS_URL) {
    redis = createClient({ url: config.REDIS_URL, socket: { reconnectStrategy: (retries) => Math.min(2000, 50 * 2 ** retries) } }) as RedisClientType;
    redis.on('error', (err: unknown) => logger.warn({ err }, 'redis connection error'));
    await redis.connect();
    const client = redis;
    closers.push(async () => {
      await client.quit().catch(() => undefined);
    });
    features = await createRedisFeatureStore(config.REDIS_URL, { logger, allowedLatenessMs });
    graph = new KnowledgeGraph(new RedisGraphStore(client));
    loans = new LoanBook(new RedisLoanStateStore(client));
  } else {
    features = createEmbeddedFeatureStore({ allowedLatenessMs });
    graph = new KnowledgeGraph(new MemoryGraphStore());
    loans = new LoanBook(new MemoryLoanStateStore());
  }
  closers.push(() => features.close());

  const rules = new RuleSetManager({ knownFeatures: knownFeatures(), logger });
  const rulesFile = options.rulesFile ?? DEFAULT_RULES_FILE;
  const loaded = rules.load(readFileSync(rulesFile, 'utf8'), rulesFile);
  if (!loaded.ok) {
    throw new ConfigError(`rule set ${rulesFile} is invalid:\n${loaded.issues.map((i) => `  ${rulesFile}:${i.line}:${i.col}: ${i.message}`).join('\n')}\nFix it and start again (check with: npx fengkong rules validate ${rulesFile}).`);
  }
  const watcher = await watchRuleFile(rules, rulesFile, { debounceMs: 200 });
  closers.push(async () => watcher.close());

  const modelsDir = options.modelsDir ?? DEFAULT_MODELS_DIR;
  const models = await ModelSet.open({ root: modelsDir, knownFeatures: knownFeatures, logger });
  if (existsSync(modelsDir)) models.watch();
  if (models.names.length === 0) logger.warn({ modelsDir }, 'no models loaded: decisions fall back to manual review (run `npm run train`)');
  closers.push(() => models.close());

  const engine = new DetectorEngine({
    rules, graph, models, loans,
    decisionConfig: loadDecisionConfig(),
    warningConfig: loadWarningConfig(),
    ...(options.now ? { now: options.now } : {}),
  });

  let consumer: EventConsumer;
  let producer: EventProducer;
  let log: InProcessLog | undefined;
  const partitions = options.partitions ?? 4;
  if (config.KAFKA_BROKERS) {
    producer = await createProducer(config, 'fengkong-processor', { logger });
    const sessionTimeoutMs = options.sessionTimeoutMs ?? config.KAFKA_SESSION_TIMEOUT_MS;
    consumer = await createConsumer(config, config.KAFKA_GROUP_ID, { logger, ...(sessionTimeoutMs ? { sessionTimeoutMs } : {}) });
  } else {
    const topics: Record<string, number> = {};
    for (const t of Object.values(TOPICS)) topics[t.name] = partitions;
    for (const t of INPUT_TOPICS) topics[dlqTopicOf(t)] = partitions;
    // Outputs have no consumer in embedded mode: drop the oldest rather than block the processor.
    log = new InProcessLog({ topics, maxRecordsPerPartition: 200_000, whenFull: 'drop-oldest', logger });
    producer = new InProcessProducer(log);
    consumer = new InProcessConsumer(log, { groupId: config.KAFKA_GROUP_ID, maxBatchRecords: 2000, logger });
  }
  await producer.connect();
  closers.push(() => producer.disconnect());

  const processor = new Processor({
    consumer, producer,
    pseudonymiser: new Pseudonymiser(config.piiKey),
    features, engine, sink: decisionLog, logger, metrics,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    concurrentPartitions: config.FENGKONG_CONCURRENT_PARTITIONS,
    ...(options.onBatch ? { onBatch: options.onBatch } : {}),
  });

  // Prospect discovery and decision notifications: own consumer groups on the same log.
  const downstream = options.downstream === false ? undefined : await startDownstream({
    config, logger, clickhouse, graph, registry: metrics.registry, ...(log ? { log } : {}), ...(options.sessionTimeoutMs ? { sessionTimeoutMs: options.sessionTimeoutMs } : {}),
  });
  if (downstream) closers.unshift(() => downstream.close());

  let closed = false;
  return {
    mode: config.embedded ? 'embedded' : 'servers',
    processor, producer, clickhouse, metrics, features, rules, models,
    ...(log ? { log } : {}),
    ...(redis ? { redis } : {}),
    ...(downstream ? { downstream } : {}),
    async close() {
      if (closed) return;
      closed = true;
      await processor.stop();
      for (const close of closers) {
        try {
          await close();
        } catch (err) {
          logger.warn({ err }, 'error while closing a component');
        }
      }
    },
  };
}
