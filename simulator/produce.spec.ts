/**
 * Live producing: every event is sent once, all topics merged in event-time order, each record on
 * its topic (with the prefix) and keyed by the topic's partition key.
 */
import { describe, expect, it } from 'vitest';
import { TOPICS } from '../schemas/topics.ts';
import type { EventProducer, OutgoingRecord } from '../pipelines/kafka/types.ts';
import { SIM_TOPICS } from './emitter.ts';
import { produceSimulation } from './produce.ts';
import { eventCount, eventsInTimeOrder, simulate } from './simulate.ts';

class RecordingProducer implements EventProducer {
  readonly batches: OutgoingRecord[][] = [];
  async connect(): Promise<void> {}
  async send(records: readonly OutgoingRecord[]): Promise<void> {
    this.batches.push([...records]);
  }
  async disconnect(): Promise<void> {}
}

describe('producing a simulation', () => {
  const output = simulate({ seed: 9, days: 10, enterprises: 120 });

  it('merges every topic in event-time order', () => {
    let last = -Infinity;
    let n = 0;
    const topics = new Set<string>();
    for (const { topic, event } of eventsInTimeOrder(output)) {
      const t = Date.parse((event as { eventTime: string }).eventTime);
      expect(t).toBeGreaterThanOrEqual(last);
      last = t;
      topics.add(topic);
      n++;
    }
    expect(n).toBe(eventCount(output));
    expect(topics.size).toBeGreaterThanOrEqual(4);
  });

  it('sends each event once, keyed by its topic key, under the topic prefix, in batches', async () => {
    const producer = new RecordingProducer();
    const sent = await produceSimulation(producer, output, { rate: 0, topicPrefix: 'test.', maxBatch: 250 });
    const records = producer.batches.flat();
    expect(sent).toBe(eventCount(output));
    expect(records.length).toBe(sent);
    expect(Math.max(...producer.batches.map((b) => b.length))).toBeLessThanOrEqual(250);
    const ids = new Set<string>();
    for (const r of records) {
      expect(r.topic.startsWith('test.')).toBe(true);
      const topic = r.topic.slice('test.'.length) as (typeof SIM_TOPICS)[number];
      expect(SIM_TOPICS).toContain(topic);
      const event = JSON.parse(String(r.value));
      expect(r.key).toBe((TOPICS[topic].key as (e: unknown) => string)(event));
      ids.add(event.eventId);
    }
    expect(ids.size).toBe(sent);
    // Transactions are keyed by enterprise, never by the (personal) account number.
    const txn = records.find((r) => r.topic === 'test.transactions');
    expect(txn?.key).toBe(JSON.parse(String(txn?.value)).enterpriseId);
  });

  it('stops when aborted', async () => {
    const producer = new RecordingProducer();
    const abort = new AbortController();
    abort.abort();
    expect(await produceSimulation(producer, output, { rate: 0, signal: abort.signal })).toBe(0);
    expect(producer.batches).toEqual([]);
  });
});
