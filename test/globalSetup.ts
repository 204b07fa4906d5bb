/**
 * Brings up the real local services the integration tests need, on free ports, and tears them
 * down afterwards: Redis (Debian redis-server) and a Kafka-protocol broker (librdkafka mock
 * cluster). Tests read the addresses through `inject('redisUrl')` / `inject('kafkaBrokers')`.
 */
import type { TestProject } from 'vitest/node';
import { startRedis, type LocalRedis } from '../services/redis.ts';
import { startKafka, type LocalKafka } from '../services/kafka.ts';

let redis: LocalRedis | undefined;
let kafka: LocalKafka | undefined;

export async function setup(project: TestProject): Promise<void> {
  redis = await startRedis();
  project.provide('redisUrl', redis.url);
  kafka = await startKafka();
  project.provide('kafkaBrokers', kafka.brokers);
}

export async function teardown(): Promise<void> {
  await redis?.stop();
  await kafka?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    kafkaBrokers: string;
  }
}
