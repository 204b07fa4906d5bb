/**
 * Offsets are committed only for batches whose eachBatch resolved, for each client library:
 *  - a batch that throws is not committed, so the next member of the group re-reads it;
 *  - disconnect() lets the in-flight batch finish and commits it before leaving the group;
 *  - pause() stops delivery until resume().
 * Each test uses its own scratch topic (4 partitions) and consumer group on the shared mock broker.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../lib/config.ts';
import { createMockTopics } from '../../services/kafka.ts';
import { confluentClientInstalled } from './confluent.ts';
import { createConsumer, createProducer } from './factory.ts';
import type { EventConsumer, IncomingBatch } from './types.ts';

/** The mock broker makes every rebalance after the first wait the session timeout (minus 1 s). */
const SESSION_TIMEOUT_MS = 4_000;

const confluentInstalled = confluentClientInstalled();

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(['kafkajs', 'confluent'] as const)('offset commits with %s', (client) => {
  // Errors thrown on purpose below are logged by the clients at error level: keep them quiet.
  const config = () =>
    loadConfig({ KAFKA_BROKERS: inject('kafkaBrokers'), KAFKA_CLIENT: client, FENGKONG_PII_KEY: 'test-key-0123456789abcdef', LOG_LEVEL: 'fatal' });

  /** A scratch topic, a group, and a producer writing `n` records under one key (so one partition, in order). */
  async function setup(name: string) {
    const run = randomUUID().slice(0, 8);
    const topic = `${name}-${client}-${run}`;
    const group = `${name}-${client}-${run}`;
    await createMockTopics(inject('kafkaBrokers'), [topic]);
    const producer = await createProducer(config(), `${name}-${client}`);
    await producer.connect();
    let next = 0;
    const produce = async (n: number) => {
      const records = Array.from({ length: n }, () => ({ topic, key: 'ent-1', value: JSON.stringify({ eventId: `e-${next}`, i: next++ }) }));
      await producer.send(records);
    };
    const consumer = async (eachBatch: (batch: IncomingBatch) => Promise<void>): Promise<EventConsumer> => {
      const c = await createConsumer(config(), group, { sessionTimeoutMs: SESSION_TIMEOUT_MS });
      await c.connect();
      await c.subscribe([topic], { fromBeginning: true });
      await c.run({ eachBatch });
      return c;
    };
    return { produce, consumer, close: () => producer.disconnect() };
  }

  const indexOf = (r: IncomingBatch['records'][number]) => (JSON.parse(r.value!.toString()) as { i: number }).i;

  it.skipIf(client === 'confluent' && !confluentInstalled)('does not commit a batch whose eachBatch throws: the next member re-reads it', async () => {
    const { produce, consumer, close } = await setup('nocommit');
    await produce(50);

    // Member A processes the first 50 records, then fails on every batch holding a later one.
    let completedThrough = -1;
    const failedOffsets = new Set<number>();
    let failures = 0;
    const a = await consumer(async (batch) => {
      if (batch.records.some((r) => indexOf(r) >= 50)) {
        for (const r of batch.records) failedOffsets.add(indexOf(r));
        failures++;
        throw new Error('processing failed on purpose');
      }
      completedThrough = indexOf(batch.records[batch.records.length - 1]!);
    });
    await waitUntil(() => completedThrough === 49, 'member A to process the first 50 records');
    await produce(50);
    // Two failures: the client delivered the failed batch again, i.e. it did not move past it.
    await waitUntil(() => failures >= 2, 'member A to fail twice');
    await a.disconnect();

    const seen: number[] = [];
    const b = await consumer(async (batch) => {
      for (const r of batch.records) seen.push(indexOf(r));
    });
    await waitUntil(() => seen.includes(99), 'member B to reach the last record');
    await b.disconnect();
    await close();

    // B starts exactly where A's last successful batch ended and re-reads what A failed on.
    expect(seen[0]).toBe(50);
    expect(seen).toEqual(Array.from({ length: 50 }, (_, k) => 50 + k));
    for (const i of failedOffsets) expect(seen).toContain(i);
  }, 120_000);

  it.skipIf(client === 'confluent' && !confluentInstalled)('disconnect() finishes and commits the in-flight batch', async () => {
    const { produce, consumer, close } = await setup('drain');
    await produce(20);

    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inFlightLast = -1;
    let finished = false;
    const a = await consumer(async (batch) => {
      if (inFlightLast >= 0) return; // only the first batch is observed
      inFlightLast = indexOf(batch.records[batch.records.length - 1]!);
      await gate;
      finished = true;
    });
    await waitUntil(() => inFlightLast >= 0, 'member A to start a batch');
    const disconnecting = a.disconnect();
    // disconnect() must still be waiting for the batch: release it only now.
    await new Promise((r) => setTimeout(r, 200));
    expect(finished).toBe(false);
    release();
    await disconnecting;
    expect(finished).toBe(true);

    await produce(1); // index 20: B has something to read even if A's batch held all 20
    const seen: number[] = [];
    const b = await consumer(async (batch) => {
      for (const r of batch.records) seen.push(indexOf(r));
    });
    await waitUntil(() => seen.includes(20), 'member B to reach the last record');
    await b.disconnect();
    await close();
    expect(seen[0]).toBe(inFlightLast + 1);
  }, 120_000);

  it.skipIf(client === 'confluent' && !confluentInstalled)('pause() holds delivery until resume()', async () => {
    const { produce, consumer, close } = await setup('pause');
    await produce(5);
    const seen: number[] = [];
    const c = await consumer(async (batch) => {
      for (const r of batch.records) seen.push(indexOf(r));
    });
    await waitUntil(() => seen.length === 5, 'the first 5 records');
    c.pause();
    await produce(5);
    // Long enough for several fetch round trips (each well under 1.5 s on the mock).
    await new Promise((r) => setTimeout(r, 1_500));
    const whilePaused = seen.length;
    c.resume();
    await waitUntil(() => seen.length === 10, 'the 5 records produced while paused');
    await c.disconnect();
    await close();
    expect(whilePaused).toBe(5);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  }, 120_000);
});
