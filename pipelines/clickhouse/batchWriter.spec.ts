import { afterEach, describe, expect, it, vi } from 'vitest';
import { Registry } from 'prom-client';
import { ServiceUnavailableError, type FengkongError } from '../../lib/errors.ts';
import { BatchWriter } from './batchWriter.ts';
import { ClickHouseQueryError } from './errors.ts';
import { CLICKHOUSE_METRIC, clickHouseMetrics } from './metrics.ts';
import { FakeClickHouse } from './testing/fakeClickHouse.ts';

const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ event_id: `e${from + i}`, v: from + i }));
/** Lets pending promise callbacks and zero-delay work run. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};
const fastRetry = { initialMs: 1, maxMs: 2 };

afterEach(() => {
  vi.useRealTimers();
});

describe('BatchWriter', () => {
  it('writes a full batch as soon as it reaches maxBatchRows, and the rest on flush', async () => {
    const ch = new FakeClickHouse();
    const w = new BatchWriter(ch, { table: 'events', maxBatchRows: 10, flushIntervalMs: 60_000 });
    await w.add(rows(0, 25));
    await settle();
    expect(ch.attempts.map((a) => a.rows.length)).toEqual([10, 10]);
    await w.flush();
    expect(ch.attempts.map((a) => a.rows.length)).toEqual([10, 10, 5]);
    expect(ch.written().map((r) => r.event_id)).toEqual(rows(0, 25).map((r) => r.event_id));
    await w.close();
  });

  it('writes a partial batch once its oldest row is flushIntervalMs old', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const ch = new FakeClickHouse();
    const w = new BatchWriter(ch, { table: 'events', maxBatchRows: 100, flushIntervalMs: 500 });
    await w.add(rows(0, 3));
    await vi.advanceTimersByTimeAsync(499);
    expect(ch.attempts).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(ch.attempts.map((a) => a.rows.length)).toEqual([3]);
    await w.close();
  });

  it('flush() resolves only after the rows are inserted', async () => {
    const ch = new FakeClickHouse();
    ch.hold();
    const w = new BatchWriter(ch, { table: 'events', maxBatchRows: 100, flushIntervalMs: 60_000 });
    await w.add(rows(0, 4));
    let flushed = false;
    const f = w.flush().then(() => { flushed = true; });
    await settle();
    expect(flushed).toBe(false);
    ch.release();
    await f;
    expect(ch.written()).toHaveLength(4);
  });

  it('applies backpressure: add() waits while the buffer is full of rows ClickHouse has not taken', async () => {
    const ch = new FakeClickHouse();
    ch.hold(); // a slow ClickHouse
    const registry = new Registry();
    const w = new BatchWriter(ch, { table: 'events', maxBatchRows: 5, maxBufferedRows: 10, flushIntervalMs: 60_000, metrics: clickHouseMetrics(registry) });
    await w.add(rows(0, 10)); // fills the buffer; the first batch of 5 is in flight
    let accepted = false;
    const pending = w.add(rows(10, 5)).then(() => { accepted = true; });
    await settle();
    expect(accepted).toBe(false);
    expect(w.status().bufferedRows).toBe(10);
    ch.release();
    await pending;
    expect(accepted).toBe(true);
    await w.flush();
    expect(ch.written().map((r) => r.v)).toEqual(rows(0, 15).map((r) => r.v));
    const waits = await registry.getSingleMetric(CLICKHOUSE_METRIC.backpressureWaits)?.get();
    expect(waits?.values[0]?.value).toBe(1);
    const written = await registry.getSingleMetric(CLICKHOUSE_METRIC.rowsWritten)?.get();
    expect(written?.values[0]?.value).toBe(15);
  });

  it('bounds the buffer by bytes too', async () => {
    const ch = new FakeClickHouse();
    ch.hold();
    const big = (id: string) => ({ event_id: id, payload: 'x'.repeat(1000) });
    const w = new BatchWriter(ch, { table: 'events', maxBatchRows: 1000, maxBufferedBytes: 2500, flushIntervalMs: 60_000 });
    await w.add([big('a'), big('b')]);
    let accepted = false;
    const pending = w.add([big('c')]).then(() => { accepted = true; });
    await settle();
    expect(accepted).toBe(false);
    ch.release();
    await pending;
    await w.close();
    expect(ch.written().map((r) => r.event_id)).toEqual(['a', 'b', 'c']);
  });

  it('retries a retriable failure with the same rows and the same dedup token', async () => {
    const ch = new FakeClickHouse();
    ch.failures.push(new ServiceUnavailableError('clickhouse', 'down'), Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const w = new BatchWriter(ch, { table: 'events', retry: fastRetry, failAfterAttempts: 5 });
    await w.add(rows(0, 3));
    await w.flush();
    expect(ch.attempts.map((a) => a.ok)).toEqual([false, false, true]);
    const tokens = new Set(ch.attempts.map((a) => a.dedupToken));
    expect(tokens.size).toBe(1);
    expect([...tokens][0]).toMatch(/^fk-[0-9a-f]{40}$/);
    expect(ch.written()).toHaveLength(3);
  });

  it('rejects flush() with a retriable error while ClickHouse stays down, keeps the rows and writes them once it is back', async () => {
    const ch = new FakeClickHouse();
    for (let i = 0; i < 3; i++) ch.failures.push(new ServiceUnavailableError('clickhouse', 'down'));
    const w = new BatchWriter(ch, { table: 'events', retry: fastRetry, failAfterAttempts: 3 });
    await w.add(rows(0, 2));
    const error = await w.flush().then(() => undefined, (e: FengkongError) => e);
    expect(error?.retriable).toBe(true);
    expect(error?.code).toBe('fengkong:clickhouse-unavailable');
    // The writer keeps the rows and retries in the background; a later flush succeeds.
    await w.flush();
    expect(ch.written().map((r) => r.event_id)).toEqual(['e0', 'e1']);
    expect(w.status().failing).toBe(false);
  });

  it('drops a batch ClickHouse rejects as invalid, rejects flush() non-retriably and reports the rows', async () => {
    const ch = new FakeClickHouse();
    ch.failures.push(new ClickHouseQueryError('Cannot parse input', 27));
    const rejected: string[] = [];
    const w = new BatchWriter(ch, { table: 'events', retry: fastRetry, onRejected: (r) => rejected.push(...r.map((x) => String(x.event_id))) });
    await w.add(rows(0, 2));
    const error = await w.flush().then(() => undefined, (e: FengkongError) => e);
    expect(error?.retriable).toBe(false);
    expect(rejected).toEqual(['e0', 'e1']);
    await w.add(rows(2, 1));
    await w.flush();
    expect(ch.written().map((r) => r.event_id)).toEqual(['e2']);
    expect(ch.attempts).toHaveLength(2);
  });

  it('rejects add() after close()', async () => {
    const w = new BatchWriter(new FakeClickHouse(), { table: 'events' });
    await w.close();
    await expect(w.add(rows(0, 1))).rejects.toMatchObject({ code: 'fengkong:writer-closed' });
  });

  it('snapshots rows when added, so later changes to the objects do not leak in', async () => {
    const ch = new FakeClickHouse();
    const w = new BatchWriter(ch, { table: 'events' });
    const row = { event_id: 'e1', v: 1 };
    await w.add([row]);
    row.v = 2;
    await w.flush();
    expect(ch.written()).toEqual([{ event_id: 'e1', v: 1 }]);
  });
});
