/**
 * Processors downstream of the scorer that run in the same runtime, each in its own consumer
 * group on the same log (in-process in embedded mode, Kafka otherwise):
 * - prospect discovery (pipelines/prospects/): enterprise-updates, labels, repayments → the
 *   `prospects` table, reading the scorer's knowledge graph;
 * - the decision notifier (pipelines/notifications/): decisions, collection-outcomes →
 *   `decision-notifications`.
 * Group ids derive from KAFKA_GROUP_ID (`<group>-prospects`, `<group>-notifier`), so two
 * deployments sharing a cluster stay apart as their scorers do.
 */
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { KnowledgeGraph } from '../detectors/graph/knowledgeGraph.ts';
import type { FengkongConfig } from '../lib/config.ts';
import { ProspectBook } from '../prospects/book.ts';
import { loadProspectsConfig } from '../prospects/config.ts';
import { Pseudonymiser } from '../schemas/pseudonym.ts';
import type { ClickHouseClient } from './clickhouse/types.ts';
import { createConsumer, createProducer } from './kafka/factory.ts';
import type { EventConsumer, EventProducer } from './kafka/types.ts';
import { InProcessConsumer, InProcessProducer, type InProcessLog } from './log/index.ts';
import { ClickHouseApplicationLookup } from './notifications/applicationLookup.ts';
import { DecisionNotifier } from './notifications/notifier.ts';
import { createProspectMetrics } from './prospects/metrics.ts';
import { ProspectProcessor } from './prospects/processor.ts';
import { ProspectStore } from './prospects/prospectStore.ts';

export interface DownstreamDeps {
  readonly config: FengkongConfig;
  readonly logger: Logger;
  readonly clickhouse: ClickHouseClient;
  /** The scorer's knowledge graph (read only). */
  readonly graph: KnowledgeGraph;
  readonly registry: Registry;
  /** The in-process log in embedded mode; absent with Kafka. */
  readonly log?: InProcessLog;
  /** Path of the prospects policy (default config/products.yaml). */
  readonly productsFile?: string;
  readonly sessionTimeoutMs?: number;
}

export interface Downstream {
  readonly prospects: ProspectProcessor;
  readonly notifier: DecisionNotifier;
  /** Stops both (in-flight batches finish and commit) and releases what they own. */
  close(): Promise<void>;
}

export async function startDownstream(deps: DownstreamDeps): Promise<Downstream> {
  const { config, logger, log } = deps;
  const consumer = async (suffix: string): Promise<EventConsumer> => {
    const groupId = `${config.KAFKA_GROUP_ID}-${suffix}`;
    if (log) return new InProcessConsumer(log, { groupId, maxBatchRecords: 2000, logger });
    return createConsumer(config, groupId, { logger, ...(deps.sessionTimeoutMs ? { sessionTimeoutMs: deps.sessionTimeoutMs } : {}) });
  };
  const producer: EventProducer = log ? new InProcessProducer(log) : await createProducer(config, 'fengkong-notifier', { logger });
  await producer.connect();

  const policy = loadProspectsConfig(deps.productsFile);
  const store = new ProspectStore(deps.clickhouse, { logger });
  const prospects = new ProspectProcessor({
    consumer: await consumer('prospects'),
    pseudonymiser: new Pseudonymiser(config.piiKey),
    book: new ProspectBook(policy, deps.graph, { logger }),
    store,
    logger: logger.child({ processor: 'prospects' }),
    metrics: createProspectMetrics(deps.registry),
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
  });
  const notifier = new DecisionNotifier({
    consumer: await consumer('notifier'),
    producer,
    lookup: new ClickHouseApplicationLookup(deps.clickhouse),
    logger: logger.child({ processor: 'notifier' }),
    registry: deps.registry,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
  });
  await prospects.start();
  await notifier.start();

  let closed = false;
  return {
    prospects,
    notifier,
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([prospects.stop(), notifier.stop()]);
      await store.close();
      await producer.disconnect();
    },
  };
}
