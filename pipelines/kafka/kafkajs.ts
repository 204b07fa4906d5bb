/**
 * EventProducer / EventConsumer on kafkajs (pure JavaScript, the default KAFKA_CLIENT).
 *
 * Delivery contract: `send` resolves after acks=all; the consumer commits `last offset + 1` of a
 * batch only after the processor's `eachBatch` resolved, so a crash or a throwing batch means
 * redelivery (at-least-once), never loss.
 */
import { Kafka, logLevel, Partitioners, type Consumer, type EachBatchPayload, type KafkaConfig, type logCreator, type Producer, type SASLOptions } from 'kafkajs';
import type { Logger } from '../../lib/logger.ts';
import { groupByTopic, nextOffset, stringHeaders, timestampMs } from './records.ts';
import type { ConsumerRunOptions, ConsumerSettings, EventConsumer, EventProducer, IncomingRecord, KafkaConnectionOptions, OutgoingRecord } from './types.ts';

/** kafkajs config (brokers, TLS, SASL, logging) from our connection options. */
export function kafkajsConfig(options: KafkaConnectionOptions, logger?: Logger): KafkaConfig {
  const config: KafkaConfig = {
    clientId: options.clientId,
    brokers: [...options.brokers],
    // kafkajs' INFO/DEBUG output is chatty (every join, every connection); warnings and errors
    // are kept and go to pino, the one log stream of the service.
    logLevel: logger ? logLevel.WARN : logLevel.NOTHING,
    ...(logger ? { logCreator: pinoLogCreator(logger) } : {}),
  };
  if (options.ssl || options.sslCaPem) {
    // A CA file replaces Node's default trust store for these connections only.
    config.ssl = options.sslCaPem ? { ca: [options.sslCaPem] } : true;
  }
  if (options.sasl) {
    config.sasl = { mechanism: options.sasl.mechanism, username: options.sasl.username, password: options.sasl.password } as SASLOptions;
  }
  return config;
}

/** Routes kafkajs log entries to pino, at warn and above. */
function pinoLogCreator(logger: Logger): logCreator {
  const log = logger.child({ component: 'kafkajs' }, { level: logger.levelVal > 40 ? logger.level : 'warn' }); // 40 = pino warn
  return () => ({ namespace, level, log: entry }) => {
    const { message, timestamp: _timestamp, ...extra } = entry;
    const bindings = { namespace, ...extra };
    if (level === logLevel.ERROR) log.error(bindings, message);
    else if (level === logLevel.WARN) log.warn(bindings, message);
    else if (level === logLevel.INFO) log.info(bindings, message);
    else log.debug(bindings, message);
  };
}

export class KafkajsProducer implements EventProducer {
  private readonly producer: Producer;

  constructor(options: KafkaConnectionOptions, logger?: Logger) {
    this.producer = new Kafka(kafkajsConfig(options, logger)).producer({
      // Java-compatible murmur2 partitioning, the same as librdkafka's `murmur2_random` used by
      // the Confluent client: a key lands on the same partition whichever client wrote it.
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
      // Without idempotence (experimental in kafkajs) a retried request could overtake a later
      // one; one request in flight per broker keeps each key's records in send order.
      maxInFlightRequests: 1,
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
    // acks -1 = all in-sync replicas (Kafka ProduceRequest `acks`); the promise settles on the broker's answer.
    await this.producer.sendBatch({ topicMessages, acks: -1 });
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}

export class KafkajsConsumer implements EventConsumer {
  private readonly consumer: Consumer;
  private readonly topics: string[] = [];
  private running = false;

  constructor(options: KafkaConnectionOptions, settings: ConsumerSettings, logger?: Logger) {
    this.consumer = new Kafka(kafkajsConfig(options, logger)).consumer({
      groupId: settings.groupId,
      ...(settings.sessionTimeoutMs ? { sessionTimeout: settings.sessionTimeoutMs, heartbeatInterval: Math.min(3_000, Math.floor(settings.sessionTimeoutMs / 3)) } : {}),
      allowAutoTopicCreation: false,
      // Longest a Fetch waits on the broker for data. disconnect() waits for the pending Fetch,
      // so kafkajs' 5 s default makes every shutdown take ~5 s; 1 s costs a few idle fetches.
      maxWaitTimeInMs: 1_000,
    });
  }

  async connect(): Promise<void> {
    await this.consumer.connect();
  }

  async subscribe(topics: readonly string[], options: { fromBeginning?: boolean } = {}): Promise<void> {
    await this.consumer.subscribe({ topics: [...topics], fromBeginning: options.fromBeginning ?? false });
    this.topics.push(...topics);
  }

  async run(options: ConsumerRunOptions): Promise<void> {
    await this.consumer.run({
      // Offsets are committed by hand after each batch, never on a timer: a timer could commit
      // a batch the processor has not finished (kafkajs autoCommit commits *resolved* offsets).
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.handleBatch(payload, options),
    });
    this.running = true;
  }

  private async handleBatch(payload: EachBatchPayload, options: ConsumerRunOptions): Promise<void> {
    const { batch } = payload;
    // Stale: a seek or rebalance made this batch obsolete; not running: we are disconnecting.
    if (batch.isEmpty() || payload.isStale() || !payload.isRunning()) return;
    const records: IncomingRecord[] = batch.messages.map((m) => ({
      topic: batch.topic,
      partition: batch.partition,
      offset: m.offset,
      key: m.key ?? null,
      value: m.value ?? null,
      headers: stringHeaders(m.headers),
      timestamp: timestampMs(m.timestamp),
    }));
    // A slow batch (a dependency being retried, a large catch-up) must not cost the group
    // membership: keep heartbeating while it runs (kafkajs only heartbeats between batches).
    const beat = setInterval(() => void payload.heartbeat().catch(() => undefined), 1_000);
    try {
      await options.eachBatch({ topic: batch.topic, partition: batch.partition, records });
    } finally {
      clearInterval(beat);
    }
    const last = records[records.length - 1]!.offset;
    payload.resolveOffset(last);
    // commitOffsetsIfNecessary(offsets) commits through the group directly; consumer.commitOffsets()
    // is a no-op once disconnect() has begun, which would lose the in-flight batch's commit.
    await payload.commitOffsetsIfNecessary({
      topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: nextOffset(last) }] }],
    });
  }

  pause(): void {
    if (this.running && this.topics.length > 0) this.consumer.pause(this.topics.map((topic) => ({ topic })));
  }

  resume(): void {
    if (this.running && this.topics.length > 0) this.consumer.resume(this.topics.map((topic) => ({ topic })));
  }

  async disconnect(): Promise<void> {
    // kafkajs stops fetching, waits for the running eachBatch (and its commit), then leaves the group.
    await this.consumer.disconnect();
    this.running = false;
  }
}
