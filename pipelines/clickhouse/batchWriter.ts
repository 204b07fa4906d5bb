/**
 * A buffered writer for one ClickHouse table. Rows are encoded (JSONEachRow) when added, and
 * written in batches when `maxBatchRows`/`maxBatchBytes` are reached, when the oldest row is
 * `flushIntervalMs` old, or when someone calls `flush()`. One INSERT is in flight at a time,
 * so rows reach ClickHouse in the order they were added.
 *
 * Durability contract: `flush()` resolves once every row added before the call is inserted
 * (synchronous insert), which is when a processor may commit its Kafka offsets. It rejects if
 * any of those rows could not be written: retriable (`ServiceUnavailableError`) after
 * `failAfterAttempts` consecutive failed attempts — the rows stay buffered and the writer keeps
 * retrying in the background with backoff — or non-retriable (`ClickHouseQueryError`), in
 * which case the failed batch is dropped, counted and handed to `onRejected`.
 *
 * Backpressure: the buffer is bounded (`maxBufferedRows`, `maxBufferedBytes`). When it is full,
 * `add()` returns a promise that waits for space (in order), so a slow ClickHouse slows the
 * producer instead of growing memory; while ClickHouse is failing, `add()` rejects with the
 * retriable error instead of waiting forever, so the caller can pause and retry.
 *
 * Idempotency: each batch carries an insert deduplication token derived from its rows' ids
 * (`tables.ts`), so a retry of a batch whose first attempt did reach the server is dropped by
 * ClickHouse.
 */
import type { Logger } from 'pino';
import { FengkongError } from '../../lib/errors.ts';
import { backoffDelay, type BackoffOptions } from './backoff.ts';
import { dedupTokenOf } from './dedupToken.ts';
import { encodeRow } from './encodeJsonEachRow.ts';
import { toClickHouseError } from './errors.ts';
import type { ClickHouseMetrics } from './metrics.ts';
import { TABLES, type TableName } from './tables.ts';
import type { ClickHouseClient, ClickHouseRow } from './types.ts';

export interface BatchWriterOptions {
  readonly table: string;
  /** Rows per INSERT (default 5,000). */
  readonly maxBatchRows?: number;
  /** Encoded bytes per INSERT (default 8 MiB). */
  readonly maxBatchBytes?: number;
  /** Age of the oldest buffered row that triggers a write (default 500 ms). */
  readonly flushIntervalMs?: number;
  /** Buffer bound in rows (default 4 × maxBatchRows). */
  readonly maxBufferedRows?: number;
  /** Buffer bound in encoded bytes (default 64 MiB). */
  readonly maxBufferedBytes?: number;
  /** Backoff between retries of a retriable failure (default 100 ms doubling to 5 s). */
  readonly retry?: BackoffOptions;
  /** Consecutive failed attempts after which waiting `flush()`/`add()` calls reject (default 3). */
  readonly failAfterAttempts?: number;
  /** Idempotency id of a row, for the dedup token; default: the table's id column (tables.ts). */
  readonly idOf?: (row: ClickHouseRow) => string | undefined;
  readonly metrics?: ClickHouseMetrics;
  readonly logger?: Logger;
  /** Rows dropped after a non-retriable error (e.g. to record them as dead letters). */
  readonly onRejected?: (rows: ClickHouseRow[], error: FengkongError) => void;
}

export interface BatchWriterStatus {
  readonly bufferedRows: number;
  readonly bufferedBytes: number;
  /** True after `failAfterAttempts` consecutive retriable failures, until a write succeeds. */
  readonly failing: boolean;
  readonly lastError: FengkongError | undefined;
}

interface Entry {
  readonly line: string;
  readonly bytes: number;
  readonly id: string | undefined;
  readonly at: number;
}

interface FlushWaiter {
  readonly target: number;
  failures: number;
  readonly resolve: () => void;
  readonly reject: (error: FengkongError) => void;
}

interface AddWaiter {
  readonly entries: Entry[];
  readonly resolve: () => void;
  readonly reject: (error: FengkongError) => void;
}

/** The writer was closed; nothing more can be added. */
export class WriterClosedError extends FengkongError {
  constructor(table: string) {
    super('fengkong:writer-closed', `the ClickHouse writer for ${table} is closed`, { retriable: false });
  }
}

function defaultIdOf(table: string): (row: ClickHouseRow) => string | undefined {
  const spec = (TABLES as Record<string, { idColumn: string | null }>)[table as TableName];
  const column = spec?.idColumn;
  if (!column) return () => undefined;
  return (row) => {
    const v = row[column];
    return typeof v === 'string' ? v : undefined;
  };
}

export class BatchWriter {
  readonly table: string;
  readonly #client: ClickHouseClient;
  readonly #maxBatchRows: number;
  readonly #maxBatchBytes: number;
  readonly #interval: number;
  readonly #maxRows: number;
  readonly #maxBytes: number;
  readonly #retry: BackoffOptions;
  readonly #failAfter: number;
  readonly #idOf: (row: ClickHouseRow) => string | undefined;
  readonly #o: BatchWriterOptions;

  #buffer: Entry[] = [];
  #bytes = 0;
  /** Rows ever accepted into the buffer, and rows that left it (written or rejected). */
  #accepted = 0;
  #settled = 0;
  #flushWaiters: FlushWaiter[] = [];
  #addQueue: AddWaiter[] = [];
  #pumping = false;
  #ageTimer: NodeJS.Timeout | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #failures = 0;
  #lastError: FengkongError | undefined;
  #closed = false;

  constructor(client: ClickHouseClient, options: BatchWriterOptions) {
    this.#client = client;
    this.#o = options;
    this.table = options.table;
    this.#maxBatchRows = options.maxBatchRows ?? 5_000;
    this.#maxBatchBytes = options.maxBatchBytes ?? 8 * 1024 * 1024;
    this.#interval = options.flushIntervalMs ?? 500;
    this.#maxRows = Math.max(options.maxBufferedRows ?? 4 * this.#maxBatchRows, this.#maxBatchRows);
    this.#maxBytes = options.maxBufferedBytes ?? 64 * 1024 * 1024;
    this.#retry = options.retry ?? { initialMs: 100, maxMs: 5_000 };
    this.#failAfter = Math.max(1, options.failAfterAttempts ?? 3);
    this.#idOf = options.idOf ?? defaultIdOf(options.table);
  }

  /** Buffers rows; resolves once they are accepted (at once unless the buffer is full). */
  add(rows: readonly ClickHouseRow[]): Promise<void> {
    if (this.#closed) return Promise.reject(new WriterClosedError(this.table));
    if (rows.length === 0) return Promise.resolve();
    const now = Date.now();
    // Encoded now: a snapshot (later changes to the objects do not leak in), exact byte
    // accounting, and one JSON.stringify per row in total.
    const entries = rows.map((row): Entry => {
      const line = encodeRow(row);
      return { line, bytes: Buffer.byteLength(line), id: this.#idOf(row), at: now };
    });
    if (this.#addQueue.length === 0 && this.#fits(entries)) {
      this.#accept(entries);
      return Promise.resolve();
    }
    if (this.#failing() && this.#lastError) return Promise.reject(this.#lastError);
    this.#o.metrics?.backpressureWaits.inc({ table: this.table });
    return new Promise((resolve, reject) => {
      this.#addQueue.push({ entries, resolve, reject });
      this.#kick();
    });
  }

  /**
   * Resolves when every row added before this call is durably inserted, including rows of
   * add() calls still waiting for buffer space.
   */
  flush(): Promise<void> {
    const target = this.#accepted + this.#addQueue.reduce((n, w) => n + w.entries.length, 0);
    if (this.#settled >= target) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#flushWaiters.push({ target, failures: 0, resolve, reject });
      this.#kick();
    });
  }

  /** Flushes and stops; later `add()` calls reject. */
  async close(): Promise<void> {
    this.#closed = true;
    try {
      await this.flush();
    } finally {
      this.#clearTimers();
    }
  }

  status(): BatchWriterStatus {
    return { bufferedRows: this.#buffer.length, bufferedBytes: this.#bytes, failing: this.#failing(), lastError: this.#lastError };
  }

  #failing(): boolean {
    return this.#failures >= this.#failAfter;
  }

  #fits(entries: readonly Entry[]): boolean {
    if (this.#buffer.length === 0) return true; // an oversized add into an empty buffer must not deadlock
    const bytes = entries.reduce((n, e) => n + e.bytes, 0);
    return this.#buffer.length + entries.length <= this.#maxRows && this.#bytes + bytes <= this.#maxBytes;
  }

  #accept(entries: Entry[]): void {
    for (const e of entries) {
      this.#buffer.push(e);
      this.#bytes += e.bytes;
    }
    this.#accepted += entries.length;
    this.#gauges();
    if (this.#buffer.length >= this.#maxBatchRows || this.#bytes >= this.#maxBatchBytes) this.#kick();
    else this.#armAgeTimer();
  }

  /** Moves queued add() calls into the buffer while they fit, in order. */
  #admitQueued(): void {
    while (this.#addQueue.length > 0) {
      const next = this.#addQueue[0] as AddWaiter;
      if (!this.#fits(next.entries)) break;
      this.#addQueue.shift();
      this.#accept(next.entries);
      next.resolve();
    }
  }

  #due(): boolean {
    if (this.#buffer.length === 0) return false;
    if (this.#closed || this.#flushWaiters.length > 0 || this.#addQueue.length > 0) return true;
    if (this.#buffer.length >= this.#maxBatchRows || this.#bytes >= this.#maxBatchBytes) return true;
    return Date.now() - (this.#buffer[0] as Entry).at >= this.#interval;
  }

  #kick(): void {
    if (this.#pumping || this.#retryTimer) return; // a running pump re-checks; a backoff wait is respected
    void this.#pump();
  }

  async #pump(): Promise<void> {
    this.#pumping = true;
    try {
      while (this.#due() && !this.#retryTimer) {
        const ok = await this.#writeNext();
        if (!ok) {
          // A closed writer whose last flush has given up stops retrying (its rows were never
          // acknowledged, so the log redelivers them after restart).
          if (this.#closed && this.#flushWaiters.length === 0) break;
          const delay = backoffDelay(this.#failures - 1, this.#retry);
          this.#retryTimer = setTimeout(() => {
            this.#retryTimer = undefined;
            this.#kick();
          }, delay);
          break;
        }
      }
    } finally {
      this.#pumping = false;
      this.#armAgeTimer();
    }
  }

  /** Wakes the pump when the oldest row comes of age. A running pump or a backoff wait re-arms it when done. */
  #armAgeTimer(): void {
    if (this.#ageTimer || this.#pumping || this.#retryTimer || this.#buffer.length === 0) return;
    const wait = Math.max(0, (this.#buffer[0] as Entry).at + this.#interval - Date.now());
    this.#ageTimer = setTimeout(() => {
      this.#ageTimer = undefined;
      this.#kick();
    }, wait);
  }

  /** Writes the next batch from the head of the buffer; false after a retriable failure. */
  async #writeNext(): Promise<boolean> {
    let count = 0;
    let bytes = 0;
    while (count < this.#buffer.length && count < this.#maxBatchRows) {
      const e = this.#buffer[count] as Entry;
      if (count > 0 && bytes + e.bytes > this.#maxBatchBytes) break;
      bytes += e.bytes;
      count++;
    }
    const chunk = this.#buffer.slice(0, count);
    const ids = chunk.map((e) => e.id);
    const dedupToken = ids.every((id): id is string => id !== undefined) ? dedupTokenOf(this.table, ids) : undefined;
    const m = this.#o.metrics;
    const started = performance.now();
    try {
      await this.#client.insert(
        this.table,
        { format: 'JSONEachRow', body: chunk.map((e) => e.line).join(''), count },
        dedupToken === undefined ? {} : { dedupToken },
      );
    } catch (caught) {
      const error = toClickHouseError(`writing ${count} rows to ${this.table}`, caught);
      m?.insertErrors.inc({ table: this.table, retriable: String(error.retriable) });
      if (error.retriable) {
        this.#failures++;
        this.#lastError = error;
        this.#o.logger?.warn({ table: this.table, rows: count, attempt: this.#failures, err: error }, 'ClickHouse insert failed; will retry');
        for (const w of this.#flushWaiters) w.failures++;
        this.#flushWaiters = this.#flushWaiters.filter((w) => {
          if (w.failures < this.#failAfter) return true;
          w.reject(error);
          return false;
        });
        if (this.#failing() && this.#addQueue.length > 0) {
          // Queued rows are given back to their callers; flush() calls counted them in their
          // targets, so those fail too (they would have, on the next failed attempt).
          for (const w of this.#addQueue.splice(0)) w.reject(error);
          for (const w of this.#flushWaiters.splice(0)) w.reject(error);
        }
        return false;
      }
      // Non-retriable: the same rows would fail forever, so they leave the buffer.
      this.#remove(count, bytes);
      m?.rowsRejected.inc({ table: this.table }, count);
      this.#o.logger?.error({ table: this.table, rows: count, err: error }, 'ClickHouse rejected a batch; rows dropped');
      for (const w of this.#flushWaiters.splice(0)) w.reject(error);
      this.#o.onRejected?.(chunk.map((e) => JSON.parse(e.line) as ClickHouseRow), error);
      this.#admitQueued();
      return true;
    }
    m?.insertSeconds.observe({ table: this.table }, (performance.now() - started) / 1000);
    m?.inserts.inc({ table: this.table });
    m?.rowsWritten.inc({ table: this.table }, count);
    if (this.#failures > 0) this.#o.logger?.info({ table: this.table, afterAttempts: this.#failures }, 'ClickHouse writes recovered');
    this.#failures = 0;
    this.#lastError = undefined;
    this.#remove(count, bytes);
    this.#flushWaiters = this.#flushWaiters.filter((w) => {
      if (w.target > this.#settled) return true;
      w.resolve();
      return false;
    });
    this.#admitQueued();
    return true;
  }

  #remove(count: number, bytes: number): void {
    this.#buffer.splice(0, count);
    this.#bytes -= bytes;
    this.#settled += count;
    this.#gauges();
  }

  #gauges(): void {
    this.#o.metrics?.bufferedRows.set({ table: this.table }, this.#buffer.length);
    this.#o.metrics?.bufferedBytes.set({ table: this.table }, this.#bytes);
  }

  #clearTimers(): void {
    if (this.#ageTimer) clearTimeout(this.#ageTimer);
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#ageTimer = undefined;
    this.#retryTimer = undefined;
  }
}
