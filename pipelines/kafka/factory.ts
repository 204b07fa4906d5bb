/**
 * Builds Kafka producers and consumers from configuration, choosing the client library from
 * KAFKA_CLIENT (kafkajs, or @confluentinc/kafka-javascript). Topic names stay the caller's
 * business: wrap every registry name in `topicName(config, ...)` to apply KAFKA_TOPIC_PREFIX.
 */
import { readFileSync } from 'node:fs';
import type { FengkongConfig } from '../../lib/config.ts';
import { ConfigError } from '../../lib/errors.ts';
import { createLogger, type Logger } from '../../lib/logger.ts';
import type { ConsumerSettings, EventConsumer, EventProducer, KafkaConnectionOptions } from './types.ts';

/** The deployed topic name of a registry topic: KAFKA_TOPIC_PREFIX + name. */
export function topicName(config: Pick<FengkongConfig, 'KAFKA_TOPIC_PREFIX'>, base: string): string {
  return `${config.KAFKA_TOPIC_PREFIX}${base}`;
}

type KafkaConfigPart = Pick<
  FengkongConfig,
  'KAFKA_BROKERS' | 'KAFKA_SSL' | 'KAFKA_SSL_CA_FILE' | 'KAFKA_SASL_MECHANISM' | 'KAFKA_SASL_USERNAME' | 'KAFKA_SASL_PASSWORD'
>;

/** Connection options (brokers, TLS, SASL) from configuration; ConfigError naming the variable when incomplete. */
export function kafkaOptionsFromConfig(config: KafkaConfigPart, clientId: string): KafkaConnectionOptions {
  const brokers = (config.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean);
  if (brokers.length === 0) {
    throw new ConfigError('KAFKA_BROKERS is not set: set it to the comma-separated bootstrap brokers (host:port), or leave every server unset for embedded mode.');
  }
  let sslCaPem: string | undefined;
  if (config.KAFKA_SSL_CA_FILE) {
    try {
      sslCaPem = readFileSync(config.KAFKA_SSL_CA_FILE, 'utf8');
    } catch (err) {
      throw new ConfigError(`KAFKA_SSL_CA_FILE: cannot read ${config.KAFKA_SSL_CA_FILE} (${(err as Error).message}); point it at the PEM file of the brokers' CA.`, { cause: err });
    }
  }
  let sasl: KafkaConnectionOptions['sasl'];
  if (config.KAFKA_SASL_MECHANISM) {
    if (!config.KAFKA_SASL_USERNAME || config.KAFKA_SASL_PASSWORD === undefined) {
      throw new ConfigError(`KAFKA_SASL_MECHANISM=${config.KAFKA_SASL_MECHANISM} needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD.`);
    }
    sasl = { mechanism: config.KAFKA_SASL_MECHANISM, username: config.KAFKA_SASL_USERNAME, password: config.KAFKA_SASL_PASSWORD };
  }
  return {
    brokers,
    clientId,
    // A CA file only makes sense over TLS, so giving one turns TLS on.
    ...(config.KAFKA_SSL || sslCaPem !== undefined ? { ssl: true } : {}),
    ...(sslCaPem !== undefined ? { sslCaPem } : {}),
    ...(sasl ? { sasl } : {}),
  };
}

export const DEFAULT_CLIENT_ID = 'fengkong';

/** A producer on the configured client (not yet connected). */
export async function createProducer(config: FengkongConfig, clientId = DEFAULT_CLIENT_ID, extra: { logger?: Logger } = {}): Promise<EventProducer> {
  const options = kafkaOptionsFromConfig(config, clientId);
  const log = extra.logger ?? createLogger(config.LOG_LEVEL);
  if (config.KAFKA_CLIENT === 'confluent') {
    const { ConfluentProducer } = await import('./confluent.ts');
    return new ConfluentProducer(options, log);
  }
  const { KafkajsProducer } = await import('./kafkajs.ts');
  return new KafkajsProducer(options, log);
}

/** A consumer in `groupId` (default KAFKA_GROUP_ID) on the configured client (not yet connected). */
export async function createConsumer(
  config: FengkongConfig,
  groupId = config.KAFKA_GROUP_ID,
  extra: { logger?: Logger; sessionTimeoutMs?: number } = {},
): Promise<EventConsumer> {
  const options = kafkaOptionsFromConfig(config, `${DEFAULT_CLIENT_ID}-${groupId}`);
  const log = extra.logger ?? createLogger(config.LOG_LEVEL);
  const settings: ConsumerSettings = { groupId, ...(extra.sessionTimeoutMs ? { sessionTimeoutMs: extra.sessionTimeoutMs } : {}) };
  if (config.KAFKA_CLIENT === 'confluent') {
    const { ConfluentConsumer } = await import('./confluent.ts');
    return new ConfluentConsumer(options, settings, log);
  }
  const { KafkajsConsumer } = await import('./kafkajs.ts');
  return new KafkajsConsumer(options, settings, log);
}
