/**
 * EventProducer / EventConsumer on @confluentinc/kafka-javascript (librdkafka underneath),
 * through its kafkajs-compatible `KafkaJS` API. Chosen with KAFKA_CLIENT=confluent.
 *
 * The package is an optional dependency (it builds librdkafka from source at install time), so
 * it is loaded lazily and only its few members used here are typed locally: this file compiles
 * and the kafkajs path works even where the package is absent.
 *
 * Delivery contract, as for kafkajs: `send` resolves after acks=all; offsets (last + 1) are
 * committed only after `eachBatch` resolved.
 */
import { createRequire } from 'node:module';
import { FengkongError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/logger.ts';
import { groupByTopic, nextOffset, stringHeaders, timestampMs } from './records.ts';
import type { ConsumerRunOptions, ConsumerSettings, EventConsumer, EventProducer, IncomingRecord, KafkaConnectionOptions, OutgoingRecord } from './types.ts';

// ---- The part of the package's KafkaJS API this adapter uses (see its types/kafkajs.d.ts). ----
interface CkjsLogger {
  info(message: string, extra?: object): void;
  warn(message: string, extra?: object): void;
  error(message: string, extra?: object): void;
  debug(message: string, extra?: object): void;
  setLogLevel(level: number): void;
  namespace(): CkjsLogger;
}
type CkjsHeaders = Record<string, Buffer | string | Array<Buffer | string> | undefined>;
interface CkjsMessage {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly offset: string;
  readonly timestamp: string;
  readonly headers?: CkjsHeaders;
}
interface CkjsBatchPayload {
  readonly batch: { readonly topic: string; readonly partition: number; readonly messages: CkjsMessage[] };
  resolveOffset(offset: string): void;
  isStale(): boolean;
  isRunning(): boolean;
}
interface CkjsTopicPartitionOffset { topic: string; partition: number; offset: string }
interface CkjsConsumer {
  connect(): Promise<void>;
  subscribe(subscription: { topics: string[] }): Promise<void>;
  run(config: { eachBatch: (payload: CkjsBatchPayload) => Promise<void>; eachBatchAutoResolve: boolean; partitionsConsumedConcurrently: number }): Promise<void>;
  commitOffsets(offsets: CkjsTopicPartitionOffset[]): Promise<void>;
  pause(topics: Array<{ topic: string }>): unknown;
  resume(topics: Array<{ topic: string }>): void;
  disconnect(): Promise<void>;
}
interface CkjsProducer {
  connect(): Promise<void>;
  sendBatch(batch: { topicMessages: Array<{ topic: string; messages: Array<{ key: string | null; value: Buffer | string; headers?: Record<string, string> }> }> }): Promise<unknown>;
  disconnect(): Promise<void>;
}
interface CkjsKafka {
  producer(config: object): CkjsProducer;
  consumer(config: object): CkjsConsumer;
}
interface CkjsKafkaJS {
  Kafka: new (config: object) => CkjsKafka;
  logLevel: { NOTHING: number; ERROR: number; WARN: number; INFO: number; DEBUG: number };
}

export const CONFLUENT_INSTALL_HINT =
  'KAFKA_CLIENT=confluent needs the optional package @confluentinc/kafka-javascript, which is not installed or did not build. ' +
  'Build it from source against the system libraries: apt-get install zlib1g-dev libssl-dev libzstd-dev libsasl2-dev liblz4-dev ' +
  '&& CKJS_LINKING=dynamic npm install (or ./scripts/setup.sh). Or use KAFKA_CLIENT=kafkajs.';

let loaded: CkjsKafkaJS | undefined;

/** The package's KafkaJS namespace, loaded on first use; a FengkongError saying how to install it if absent. */
export function loadConfluentKafkaJS(): CkjsKafkaJS {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  try {
    loaded = (require('@confluentinc/kafka-javascript') as { KafkaJS: CkjsKafkaJS }).KafkaJS;
  } catch (err) {
    throw new FengkongError('fengkong:kafka-client-missing', `${CONFLUENT_INSTALL_HINT} (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`, { cause: err });
  }
  return loaded;
}

/** Whether the optional Confluent client can be loaded here (tests of it skip when it cannot). */
export function confluentClientInstalled(): boolean {
  try {
    loadConfluentKafkaJS();
    return true;
  } catch {
    return false;
  }
}

/** Common client config: kafkaJS block (brokers, TLS switch, SASL, logger) plus librdkafka keys. */
export function confluentConfig(options: KafkaConnectionOptions, logger?: Logger): Record<string, unknown> {
  const ckjs = loadConfluentKafkaJS();
  const kafkaJS: Record<string, unknown> = {
    clientId: options.clientId,
    brokers: [...options.brokers],
    // librdkafka's INFO logs (every connection) are noise here: warnings and errors go to pino.
    logLevel: logger ? ckjs.logLevel.WARN : ckjs.logLevel.NOTHING,
    ...(logger ? { logger: pinoBridge(logger) } : {}),
  };
  if (options.ssl || options.sslCaPem) kafkaJS.ssl = true;
  if (options.sasl) kafkaJS.sasl = { mechanism: options.sasl.mechanism, username: options.sasl.username, password: options.sasl.password };
  // The kafkaJS block only takes `ssl: true`; the CA goes in librdkafka's own key (PEM text).
  return { kafkaJS, ...(options.sslCaPem ? { 'ssl.ca.pem': options.sslCaPem } : {}) };
}

function pinoBridge(logger: Logger): CkjsLogger {
  const log = logger.child({ component: 'confluent-kafka' }, { level: logger.levelVal > 40 ? logger.level : 'warn' }); // 40 = pino warn
  const bridge: CkjsLogger = {
    info: (message, extra) => log.info({ ...extra }, message),
    warn: (message, extra) => log.warn({ ...extra }, message),
    error: (message, extra) => log.error({ ...extra }, message),
    debug: (message, extra) => log.debug({ ...extra }, message),
    // The client sets its level from its own config; pino's level above is what filters.
    setLogLevel: () => undefined,
    namespace: () => bridge,
  };
  return bridge;
}

export class ConfluentProducer implements EventProducer {
  private readonly producer: CkjsProducer;

  constructor(options: KafkaConnectionOptions, logger?: Logger) {
    const ckjs = loadConfluentKafkaJS();
    this.producer = new ckjs.Kafka(confluentConfig(options, logger)).producer({
      // acks -1 = all in-sync replicas; idempotence keeps per-partition order across retries.
      kafkaJS: { acks: -1, idempotent: true, allowAutoTopicCreation: false },
      // librdkafka batches records sent within this many ms into one request.
      'linger.ms': 5,
      // kafkajs's default partitioner (Java-compatible murmur2; random for null keys), so one key
      // lands on the same partition whichever client produced it — per-entity order depends on it
      // when both clients write to one topic. Stated, not left to the compatibility layer's default
      // (librdkafka's own default is a CRC32 hash); partitioner.integration.spec.ts checks it.
      partitioner: 'murmur2_random',
    });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
  }

  async send(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const topicMessages = [...groupByTopic(records)].map(([topic, list]) => ({
      topic,
      messages: list.map((r) => ({ key: r.key, value: r.value, ...(r.headers ? { headers: { ...r.headers } } : {}) })),
    }));
    // Settles when every record's delivery report is in (or throws if any failed).
    await this.producer.sendBatch({ topicMessages });
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}

/** Records per eachBatch call (`js.consumer.max.batch.size`; the client's default is 32). */
const MAX_BATCH_SIZE = 1000;

export class ConfluentConsumer implements EventConsumer {
  private readonly kafka: CkjsKafka;
  private consumer: CkjsConsumer | undefined;
  private fromBeginning: boolean | undefined;
  private readonly topics: string[] = [];
  private running = false;

  constructor(
    options: KafkaConnectionOptions,
    private readonly settings: ConsumerSettings,
    logger?: Logger,
  ) {
    const ckjs = loadConfluentKafkaJS();
    this.kafka = new ckjs.Kafka(confluentConfig(options, logger));
  }

  /**
   * Nothing to do yet: this client takes `fromBeginning` when the consumer is created, not at
   * subscribe time, so the consumer is created and connected by the first `subscribe`.
   */
  async connect(): Promise<void> {}

  async subscribe(topics: readonly string[], options: { fromBeginning?: boolean } = {}): Promise<void> {
    const fromBeginning = options.fromBeginning ?? false;
    if (!this.consumer) {
      this.fromBeginning = fromBeginning;
      this.consumer = this.kafka.consumer({
        kafkaJS: {
          groupId: this.settings.groupId,
          fromBeginning,
          autoCommit: false,
          ...(this.settings.sessionTimeoutMs ? { sessionTimeout: this.settings.sessionTimeoutMs, heartbeatInterval: Math.min(3_000, Math.floor(this.settings.sessionTimeoutMs / 3)) } : {}),
        },
        'js.consumer.max.batch.size': MAX_BATCH_SIZE,
      });
      await this.consumer.connect();
    } else if (this.fromBeginning !== fromBeginning) {
      throw new FengkongError('fengkong:kafka-subscribe', 'the Confluent client applies one fromBeginning setting to all subscriptions of a consumer; use the same value in every subscribe()');
    }
    await this.consumer.subscribe({ topics: [...topics] });
    this.topics.push(...topics);
  }

  async run(options: ConsumerRunOptions): Promise<void> {
    const consumer = this.requireConsumer('run');
    await consumer.run({
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.handleBatch(consumer, payload, options),
    });
    this.running = true;
  }

  private async handleBatch(consumer: CkjsConsumer, payload: CkjsBatchPayload, options: ConsumerRunOptions): Promise<void> {
    const { batch } = payload;
    // Unresolved batches are sought back by the client and delivered again.
    if (batch.messages.length === 0 || payload.isStale()) return;
    const records: IncomingRecord[] = batch.messages.map((m) => ({
      topic: batch.topic,
      partition: batch.partition,
      offset: m.offset,
      key: m.key ?? null,
      value: m.value ?? null,
      headers: stringHeaders(m.headers),
      timestamp: timestampMs(m.timestamp),
    }));
    await options.eachBatch({ topic: batch.topic, partition: batch.partition, records });
    const last = records[records.length - 1]!.offset;
    // Resolving tells the client not to seek back to this batch; the commit makes it durable.
    payload.resolveOffset(last);
    await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: nextOffset(last) }]);
  }

  /** Pauses the partitions assigned now (this client pauses partitions, not topics). */
  pause(): void {
    if (this.running && this.consumer && this.topics.length > 0) this.consumer.pause(this.topics.map((topic) => ({ topic })));
  }

  resume(): void {
    if (this.running && this.consumer && this.topics.length > 0) this.consumer.resume(this.topics.map((topic) => ({ topic })));
  }

  async disconnect(): Promise<void> {
    // The client lets the in-flight eachBatch (and so its commit) finish before leaving the group.
    await this.consumer?.disconnect();
    this.running = false;
  }

  private requireConsumer(what: string): CkjsConsumer {
    if (!this.consumer) throw new FengkongError('fengkong:kafka-subscribe', `call subscribe() before ${what}()`);
    return this.consumer;
  }
}
