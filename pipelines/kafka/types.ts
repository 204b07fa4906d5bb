/**
 * The small interfaces processors use for the log: a producer and a batch consumer.
 * Implemented by kafkajs, by @confluentinc/kafka-javascript (KAFKA_CLIENT switch) and by the
 * in-process log of embedded mode, so processors never see which one is underneath.
 */

export interface OutgoingRecord {
  readonly topic: string;
  readonly key: string | null;
  readonly value: Buffer | string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface EventProducer {
  connect(): Promise<void>;
  /** Resolves only once every record is acknowledged by all in-sync replicas (acks=all). */
  send(records: readonly OutgoingRecord[]): Promise<void>;
  disconnect(): Promise<void>;
}

export interface IncomingRecord {
  readonly topic: string;
  readonly partition: number;
  /** Offset as a decimal string (Kafka offsets are 64-bit). */
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
  /** Broker or producer timestamp, ms since epoch. */
  readonly timestamp: number;
}

export interface IncomingBatch {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly IncomingRecord[];
}

export interface ConsumerRunOptions {
  /** Called per batch; offsets up to the batch's last record are committed only after it resolves. */
  readonly eachBatch: (batch: IncomingBatch) => Promise<void>;
  /** How many partitions are processed at the same time (each still in order). Default 1. */
  readonly partitionsConsumedConcurrently?: number;
}

export interface EventConsumer {
  connect(): Promise<void>;
  subscribe(topics: readonly string[], options?: { fromBeginning?: boolean }): Promise<void>;
  run(options: ConsumerRunOptions): Promise<void>;
  /** Stops fetching (backpressure); in-flight batches finish. */
  pause(): void;
  resume(): void;
  /** Finishes the in-flight batch, commits, leaves the group. */
  disconnect(): Promise<void>;
}

/** Settings of one consumer beyond the connection. */
export interface ConsumerSettings {
  readonly groupId: string;
  /**
   * Group session timeout: how long the coordinator waits for a silent member before it
   * rebalances. Default: the client's (30 s kafkajs, 45 s librdkafka). On the librdkafka mock
   * broker every rebalance after the first waits this long minus 1 s, so tests shorten it.
   */
  readonly sessionTimeoutMs?: number;
}

export interface KafkaConnectionOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly ssl?: boolean;
  readonly sslCaPem?: string;
  readonly sasl?: { readonly mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; readonly username: string; readonly password: string };
}
