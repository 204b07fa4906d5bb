import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { IncomingBatch } from '../kafka/types.ts';
import { InProcessConsumer } from './consumer.ts';
import { InProcessLog } from './inProcessLog.ts';
import { partitionForKey } from './murmur2.ts';
import { InProcessProducer } from './producer.ts';

/** Polls until `check` holds (bounded), for work that runs in the consumer's background loop. */
async function eventually(check: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const started: InProcessConsumer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((c) => c.disconnect()));
});

async function consumer(log: InProcessLog, groupId: string, topics: string[], eachBatch: (b: IncomingBatch) => Promise<void>, opts: { fromBeginning?: boolean; memberId?: string; maxBatchRecords?: number; concurrency?: number } = {}) {
  const c = new InProcessConsumer(log, { groupId, memberId: opts.memberId, maxBatchRecords: opts.maxBatchRecords, maxWaitMs: 10, retry: { initialMs: 1, maxMs: 5 } });
  await c.connect();
  await c.subscribe(topics, { fromBeginning: opts.fromBeginning ?? true });
  await c.run({ eachBatch, partitionsConsumedConcurrently: opts.concurrency });
  started.push(c);
  return c;
}

async function producer(log: InProcessLog) {
  const p = new InProcessProducer(log);
  await p.connect();
  return p;
}

const values = (b: IncomingBatch) => b.records.map((r) => r.value?.toString() ?? '');

describe('InProcessLog', () => {
  it('places keyed records by Kafka\u2019s murmur2 partitioner and keeps each key\u2019s records in order', async () => {
    const log = new InProcessLog({ topics: { tx: 4 } });
    const p = await producer(log);
    const keys = ['ent-1', 'ent-2', 'ent-3', 'ent-4', 'ent-5'];
    await p.send(Array.from({ length: 50 }, (_, i) => ({ topic: 'tx', key: keys[i % 5] as string, value: `${keys[i % 5]}#${i}` })));
    for (const key of keys) {
      const partition = partitionForKey(key, 4);
      const mine = log.read('tx', partition, 0, 1000).map((r) => r.value?.toString() ?? '').filter((v) => v.startsWith(`${key}#`));
      expect(mine).toHaveLength(10);
      expect(mine.map((v) => Number(v.split('#')[1]))).toEqual([...mine.map((v) => Number(v.split('#')[1]))].sort((a, b) => a - b));
    }
  });

  it('shares partitions among a group\u2019s members and delivers every record once, in partition order', async () => {
    const log = new InProcessLog({ topics: { tx: 6 } });
    const seen = new Map<string, string[]>(); // member → values
    const order = new Map<number, number[]>(); // partition → offsets in delivery order
    const handler = (member: string) => async (b: IncomingBatch) => {
      seen.set(member, [...(seen.get(member) ?? []), ...values(b)]);
      order.set(b.partition, [...(order.get(b.partition) ?? []), ...b.records.map((r) => Number(r.offset))]);
    };
    await consumer(log, 'scorer', ['tx'], handler('a'), { memberId: 'a', maxBatchRecords: 7 });
    await consumer(log, 'scorer', ['tx'], handler('b'), { memberId: 'b', maxBatchRecords: 7 });
    expect(log.assignment('scorer', 'a').map((tp) => tp.partition)).toEqual([0, 2, 4]);
    expect(log.assignment('scorer', 'b').map((tp) => tp.partition)).toEqual([1, 3, 5]);
    const p = await producer(log);
    await p.send(Array.from({ length: 300 }, (_, i) => ({ topic: 'tx', key: `k${i % 37}`, value: String(i) })));
    await eventually(() => [...seen.values()].flat().length >= 300, '300 deliveries');
    const all = [...seen.values()].flat();
    expect(new Set(all).size).toBe(300);
    expect(all).toHaveLength(300);
    expect((seen.get('a') ?? []).length).toBeGreaterThan(0);
    expect((seen.get('b') ?? []).length).toBeGreaterThan(0);
    for (const offsets of order.values()) expect(offsets).toEqual(offsets.map((_, i) => i));
  });

  it('commits only after eachBatch resolves: a failed batch is delivered again from the same offset', async () => {
    const log = new InProcessLog({ topics: { tx: 1 } });
    const p = await producer(log);
    await p.send([1, 2, 3].map((i) => ({ topic: 'tx', key: 'k', value: String(i) })));
    const deliveries: string[][] = [];
    let committedAtFailure = -1;
    await consumer(log, 'g', ['tx'], async (b) => {
      deliveries.push(values(b));
      if (deliveries.length === 1) {
        committedAtFailure = log.committed('g', 'tx', 0);
        throw new Error('feature store down');
      }
    });
    await eventually(() => log.committed('g', 'tx', 0) === 3, 'commit after the retry');
    expect(committedAtFailure).toBe(0);
    expect(deliveries.slice(0, 2)).toEqual([['1', '2', '3'], ['1', '2', '3']]);
  });

  it('starts a new group at the end of the log unless fromBeginning', async () => {
    const log = new InProcessLog({ topics: { tx: 1 } });
    const p = await producer(log);
    await p.send([{ topic: 'tx', key: 'k', value: 'old' }]);
    const latest: string[] = [];
    const earliest: string[] = [];
    await consumer(log, 'latest', ['tx'], async (b) => { latest.push(...values(b)); }, { fromBeginning: false });
    await consumer(log, 'earliest', ['tx'], async (b) => { earliest.push(...values(b)); }, { fromBeginning: true });
    await p.send([{ topic: 'tx', key: 'k', value: 'new' }]);
    await eventually(() => latest.length === 1 && earliest.length === 2, 'both groups caught up');
    expect(latest).toEqual(['new']);
    expect(earliest).toEqual(['old', 'new']);
  });

  it('pause() stops deliveries until resume()', async () => {
    const log = new InProcessLog({ topics: { tx: 1 } });
    const got: string[] = [];
    const c = await consumer(log, 'g', ['tx'], async (b) => { got.push(...values(b)); });
    c.pause();
    const p = await producer(log);
    await p.send([{ topic: 'tx', key: 'k', value: 'x' }]);
    // Give the paused loop several idle rounds in which it could wrongly fetch.
    for (let i = 0; i < 10; i++) await log.waitForData(10);
    expect(got).toEqual([]);
    c.resume();
    await eventually(() => got.length === 1, 'delivery after resume');
  });

  it('drops the oldest records beyond retention when whenFull is drop-oldest, and a lagging group skips to what is held', async () => {
    const log = new InProcessLog({ topics: { tx: 1 }, maxRecordsPerPartition: 5, whenFull: 'drop-oldest' });
    const p = await producer(log);
    await p.send(Array.from({ length: 12 }, (_, i) => ({ topic: 'tx', key: 'k', value: String(i) })));
    expect(log.offsets('tx', 0)).toEqual({ start: 7, end: 12 });
    const got: string[] = [];
    await consumer(log, 'late', ['tx'], async (b) => { got.push(...values(b)); }, { fromBeginning: true });
    await eventually(() => got.length === 5, 'the 5 retained records');
    expect(got).toEqual(['7', '8', '9', '10', '11']);
  });

  it('blocks producers when full (whenFull block) until the consuming group commits, bounding memory', async () => {
    const log = new InProcessLog({ topics: { tx: 1 }, maxRecordsPerPartition: 4 });
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => { release = r; });
    const got: string[] = [];
    await consumer(log, 'g', ['tx'], async (b) => {
      await gate;
      got.push(...values(b));
    }, { maxBatchRecords: 2 });
    const p = await producer(log);
    await p.send(Array.from({ length: 4 }, (_, i) => ({ topic: 'tx', key: 'k', value: String(i) })));
    let sent = false;
    const more = p.send([{ topic: 'tx', key: 'k', value: '4' }]).then(() => { sent = true; });
    for (let i = 0; i < 5; i++) await log.waitForData(10);
    try {
      expect(sent).toBe(false);
      expect(log.offsets('tx', 0)).toEqual({ start: 0, end: 4 });
    } finally {
      release(); // also on failure, so the consumer can stop
    }
    await more;
    await eventually(() => got.length === 5, 'all five consumed');
    expect(got).toEqual(['0', '1', '2', '3', '4']);
  });

  it('persists committed offsets and keeps offsets growing across a restart', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fk-log-')), 'log-offsets.json');
    const first = new InProcessLog({ topics: { tx: 2 }, offsetsFile: file });
    const p1 = await producer(first);
    await p1.send(Array.from({ length: 6 }, (_, i) => ({ topic: 'tx', key: null, value: String(i) })));
    let count = 0;
    const c1 = await consumer(first, 'g', ['tx'], async (b) => { count += b.records.length; });
    await eventually(() => count === 6, 'first run consumed');
    await c1.disconnect();
    first.close();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 1, topics: { tx: [3, 3] }, groups: { g: { tx: { '0': 3, '1': 3 } } } });

    const second = new InProcessLog({ offsetsFile: file });
    expect(second.offsets('tx', 0)).toEqual({ start: 3, end: 3 });
    const p2 = await producer(second);
    await p2.send([{ topic: 'tx', key: null, value: 'after restart' }]);
    const got: Array<[string, string]> = [];
    await consumer(second, 'g', ['tx'], async (b) => { got.push(...b.records.map((r): [string, string] => [r.offset, r.value?.toString() ?? ''])); });
    await eventually(() => got.length === 1, 'delivery after restart');
    expect(got).toEqual([['3', 'after restart']]);
  });

  it('disconnect() lets the in-flight batch finish and commit', async () => {
    const log = new InProcessLog({ topics: { tx: 1 } });
    const p = await producer(log);
    await p.send([{ topic: 'tx', key: 'k', value: 'x' }]);
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => { release = r; });
    let inFlight = false;
    const c = await consumer(log, 'g', ['tx'], async () => { inFlight = true; await gate; });
    await eventually(() => inFlight, 'batch in flight');
    const closing = c.disconnect();
    release();
    await closing;
    expect(log.committed('g', 'tx', 0)).toBe(1);
  });

  it('processes several partitions at once with partitionsConsumedConcurrently', async () => {
    const log = new InProcessLog({ topics: { tx: 2 } });
    const p = await producer(log);
    await p.send([0, 1].map((partition) => ({ topic: 'tx', key: ['a', 'b', 'c', 'd', 'e'].find((k) => partitionForKey(k, 2) === partition) as string, value: String(partition) })));
    let active = 0;
    let maxActive = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => { release = r; });
    setTimeout(() => release(), 5_000).unref(); // fail (below) rather than hang if only one runs at a time
    await consumer(log, 'g', ['tx'], async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      if (maxActive === 2) release();
      await gate;
      active--;
    }, { concurrency: 2 });
    await gate;
    expect(maxActive).toBe(2);
  });
});
