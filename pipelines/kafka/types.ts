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

export interface KafkaConnectionOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly ssl?: boolean;
  readonly sslCaPem?: string;
  readonly sasl?: { readonly mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; readonly username: string; readonly password: string };
}
