/**
 * 50,000 transaction events through the Kafka mock broker and back through a consumer group, for
 * each client library: every event id arrives exactly once and each key's events arrive in the
 * order they were produced.
 *
 * The mock keeps only the newest 5 MiB per partition (≈12k of these events), so the consumer runs
 * while the producer writes, and the producer waits whenever it gets more than MAX_LAG events
 * ahead: far below what the mock would prune.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../lib/config.ts';
import { makeUscc } from '../../schemas/identifiers.ts';
import { createMockTopics } from '../../services/kafka.ts';
import { confluentClientInstalled } from './confluent.ts';
import { createConsumer, createProducer } from './factory.ts';
import type { IncomingBatch, OutgoingRecord } from './types.ts';

const EVENTS = 50_000;
const ENTERPRISES = 800;
const SEND_CHUNK = 500;
const MAX_LAG = 8_000;

const confluentInstalled = confluentClientInstalled();

function configFor(client: 'kafkajs' | 'confluent') {
  return loadConfig({ KAFKA_BROKERS: inject('kafkaBrokers'), KAFKA_CLIENT: client, FENGKONG_PII_KEY: 'test-key-0123456789abcdef', LOG_LEVEL: 'warn' });
}

const CHANNELS = ['transfer', 'cash', 'card', 'mobile', 'payroll', 'tax', 'merchant_payment'] as const;

/** Transaction events shaped like the simulator's (already pseudonymised), keyed by enterprise. */
function makeEvents(run: string, count: number): Array<{ key: string; event: Record<string, unknown> }> {
  const enterprises = Array.from({ length: ENTERPRISES }, (_, i) => makeUscc(`9131000${String(10_000_000 + i * 37).padStart(10, '0')}`));
  const start = Date.parse('2026-03-01T00:00:00Z');
  const balances = new Map<string, number>();
  return Array.from({ length: count }, (_, i) => {
    // Skewed activity: a few enterprises are much busier, as in real books.
    const enterpriseId = enterprises[Math.floor(ENTERPRISES * Math.pow((i * 7919) % 10_007 / 10_007, 2))]!;
    const direction = i % 3 === 0 ? 'out' : 'in';
    const amount = Math.round(((i * 104_729) % 5_000_000) / 100 + 10);
    const balance = (balances.get(enterpriseId) ?? 1_000_000) + (direction === 'in' ? amount : -amount);
    balances.set(enterpriseId, balance);
    const event = {
      eventId: `txn-${run}-${i}`,
      schemaVersion: 1,
      eventTime: new Date(start + i * 1_500).toISOString(),
      source: 'core-banking',
      transactionId: `T${run.slice(0, 8)}${String(i).padStart(9, '0')}`,
      accountId: `pii_${(i * 2_654_435_761 % 2 ** 32).toString(16).padStart(8, '0').repeat(4)}`,
      enterpriseId,
      direction,
      amount,
      channel: CHANNELS[i % CHANNELS.length],
      counterpartyAccount: `pii_${((i + 17) * 40_503 % 2 ** 32).toString(16).padStart(8, '0').repeat(4)}`,
      balanceBefore: balance + (direction === 'in' ? -amount : amount),
      balanceAfter: balance,
      originalType: direction === 'in' ? 'CR' : 'DR',
    };
    return { key: enterpriseId, event };
  });
}

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(['kafkajs', 'confluent'] as const)('roundtrip through the Kafka mock with %s', (client) => {
  it.skipIf(client === 'confluent' && !confluentInstalled)(
    `delivers ${EVENTS} events exactly once and in per-key order`,
    async () => {
      const run = randomUUID().slice(0, 8);
      const topic = `roundtrip-${client}-${run}`;
      await createMockTopics(inject('kafkaBrokers'), [topic]);
      const config = configFor(client);
      const events = makeEvents(run, EVENTS);

      const received: string[] = [];
      const receivedByKey = new Map<string, string[]>();
      const badRecords: string[] = [];
      const consumer = await createConsumer(config, `roundtrip-${client}-${run}`);
      await consumer.connect();
      await consumer.subscribe([topic], { fromBeginning: true });
      await consumer.run({
        eachBatch: async (batch: IncomingBatch) => {
          for (const r of batch.records) {
            const event = JSON.parse(r.value!.toString()) as { eventId: string; enterpriseId: string };
            const key = r.key?.toString() ?? '';
            if (key !== event.enterpriseId || r.topic !== topic || r.headers['content-type'] !== 'application/json') badRecords.push(r.offset);
            received.push(event.eventId);
            const list = receivedByKey.get(key);
            if (list) list.push(event.eventId);
            else receivedByKey.set(key, [event.eventId]);
          }
        },
      });

      const producer = await createProducer(config, `roundtrip-${client}`);
      await producer.connect();
      const started = performance.now();
      for (let i = 0; i < events.length; i += SEND_CHUNK) {
        await waitUntil(() => i - received.length <= MAX_LAG, `the consumer to catch up (sent ${i}, received ${received.length})`);
        const chunk: OutgoingRecord[] = events.slice(i, i + SEND_CHUNK).map(({ key, event }) => ({
          topic,
          key,
          value: JSON.stringify(event),
          headers: { 'content-type': 'application/json' },
        }));
        await producer.send(chunk);
      }
      const produced = performance.now();
      await waitUntil(() => received.length >= EVENTS, `all ${EVENTS} events (received ${received.length})`);
      const consumed = performance.now();
      await producer.disconnect();
      await consumer.disconnect();

      console.info(
        `[${client}] ${EVENTS} events: produced in ${Math.round(produced - started)} ms, ` +
          `all consumed ${Math.round(consumed - started)} ms after the first send ` +
          `(${Math.round(EVENTS / ((consumed - started) / 1000))} events/s end to end)`,
      );

      expect(badRecords).toEqual([]);
      expect(received.length).toBe(EVENTS);
      expect(new Set(received)).toEqual(new Set(events.map((e) => e.event.eventId as string)));
      const sentByKey = new Map<string, string[]>();
      for (const { key, event } of events) {
        const list = sentByKey.get(key);
        if (list) list.push(event.eventId as string);
        else sentByKey.set(key, [event.eventId as string]);
      }
      expect(receivedByKey.size).toBe(sentByKey.size);
      for (const [key, sent] of sentByKey) expect(receivedByKey.get(key), `order of key ${key}`).toEqual(sent);
    },
    300_000,
  );
});
