/**
 * `fengkong simulate --kafka`: a small simulation produced through the real client factory to
 * the Kafka mock broker arrives complete, each event on its (prefixed) topic with its topic key.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { runSimulate } from '../cli/commands/simulate.ts';
import { loadConfig } from '../lib/config.ts';
import { createConsumer } from '../pipelines/kafka/factory.ts';
import type { IncomingBatch } from '../pipelines/kafka/types.ts';
import { TOPICS } from '../schemas/topics.ts';
import { createMockTopics } from '../services/kafka.ts';
import { SIM_TOPICS, type SimTopic } from './emitter.ts';

describe('simulate --kafka', () => {
  it('produces every topic, keyed by topic key, to the broker', async () => {
    const brokers = inject('kafkaBrokers');
    const prefix = `sim-${randomUUID().slice(0, 8)}.`;
    const topics = SIM_TOPICS.map((t) => `${prefix}${t}`);
    await createMockTopics(brokers, topics);
    const env = { KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: prefix, FENGKONG_PII_KEY: 'test-key-0123456789abcdef', LOG_LEVEL: 'warn' };

    const summary = (await runSimulate({ seed: 4, days: 2, enterprises: 40, start: '2026-01-01', kafka: brokers, rate: 0 }, env)) as {
      produced: number;
      events: Record<SimTopic, number>;
    };
    expect(summary.produced).toBeGreaterThan(500);

    const received = new Map<string, number>();
    const badKeys: string[] = [];
    let total = 0;
    const consumer = await createConsumer(loadConfig(env), `sim-check-${prefix}`);
    await consumer.connect();
    await consumer.subscribe(topics, { fromBeginning: true });
    await consumer.run({
      eachBatch: async (batch: IncomingBatch) => {
        for (const r of batch.records) {
          const topic = r.topic.slice(prefix.length) as SimTopic;
          const event = JSON.parse(r.value?.toString() ?? '{}');
          if (r.key?.toString() !== (TOPICS[topic].key as (e: unknown) => string)(event)) badKeys.push(`${r.topic}@${r.offset}`);
          received.set(topic, (received.get(topic) ?? 0) + 1);
          total++;
        }
      },
    });
    const deadline = Date.now() + 60_000;
    while (total < summary.produced && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await consumer.disconnect();

    expect(badKeys).toEqual([]);
    expect(total).toBe(summary.produced);
    for (const t of SIM_TOPICS) expect(received.get(t) ?? 0, t).toBe(summary.events[t]);
  }, 120_000);
});
