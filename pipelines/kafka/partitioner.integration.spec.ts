/**
 * Both client libraries put a key on the same partition: per-entity order holds only if every
 * event of an enterprise lands on one partition, whichever client the producing system uses.
 */
import { describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../lib/config.ts';
import { createMockTopics } from '../../services/kafka.ts';
import { confluentClientInstalled } from './confluent.ts';
import { createConsumer, createProducer } from './factory.ts';

const KEYS = 200;

const confluentInstalled = confluentClientInstalled();

describe.skipIf(!confluentInstalled)('partitioning by key', () => {
  it('kafkajs and the Confluent client choose the same partition for every key', async () => {
    const brokers = inject('kafkaBrokers');
    const topic = `partitioner-${Date.now()}`;
    await createMockTopics(brokers, [topic]);
    const base = { KAFKA_BROKERS: brokers, FENGKONG_PII_KEY: 'test-key-0123456789abcdef', LOG_LEVEL: 'warn' };
    const keys = Array.from({ length: KEYS }, (_, i) => `91310000MA1K${String(i).padStart(6, '0')}`);
    for (const client of ['kafkajs', 'confluent'] as const) {
      const producer = await createProducer(loadConfig({ ...base, KAFKA_CLIENT: client }), `partitioner-${client}`);
      await producer.connect();
      await producer.send(keys.map((key) => ({ topic, key, value: JSON.stringify({ client, key }) })));
      await producer.disconnect();
    }

    const seen = new Map<string, Map<string, number>>();
    const consumer = await createConsumer(loadConfig({ ...base, KAFKA_CLIENT: 'kafkajs' }), `partitioner-${Date.now()}`, { sessionTimeoutMs: 6000 });
    await consumer.connect();
    await consumer.subscribe([topic], { fromBeginning: true });
    let received = 0;
    await consumer.run({
      eachBatch: async (batch) => {
        for (const r of batch.records) {
          const { client, key } = JSON.parse(String(r.value)) as { client: string; key: string };
          const byClient = seen.get(key) ?? new Map<string, number>();
          byClient.set(client, batch.partition);
          seen.set(key, byClient);
          received++;
        }
      },
    });
    const deadline = Date.now() + 60_000;
    while (received < 2 * KEYS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await consumer.disconnect();

    expect(received).toBe(2 * KEYS);
    const partitionsUsed = new Set([...seen.values()].map((m) => m.get('kafkajs')));
    expect(partitionsUsed.size).toBeGreaterThan(1);
    const disagreeing = keys.filter((k) => seen.get(k)?.get('kafkajs') !== seen.get(k)?.get('confluent'));
    expect(disagreeing).toEqual([]);
  });
});
