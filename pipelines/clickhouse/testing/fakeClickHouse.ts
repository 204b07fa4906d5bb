/**
 * An in-memory stand-in for ClickHouseClient in unit tests: records every insert attempt and
 * lets a test make inserts fail or hang until released.
 */
import { asEncoded } from '../encodeJsonEachRow.ts';
import type { ClickHouseClient, ClickHouseRow, EncodedRows, InsertOptions } from '../types.ts';

export interface InsertAttempt {
  readonly table: string;
  readonly rows: ClickHouseRow[];
  readonly dedupToken: string | undefined;
  readonly ok: boolean;
}

export class FakeClickHouse implements ClickHouseClient {
  readonly kind = 'chdb' as const;
  readonly database = 'fake';
  readonly attempts: InsertAttempt[] = [];
  /** Errors thrown by the next inserts, in order (then inserts succeed). */
  readonly failures: unknown[] = [];
  /** When set, every insert waits for this promise before completing. */
  gate: Promise<void> | undefined;
  #release: (() => void) | undefined;

  /** Makes inserts hang until `release()`. */
  hold(): void {
    this.gate = new Promise((resolve) => { this.#release = resolve; });
  }

  release(): void {
    this.#release?.();
    this.gate = undefined;
  }

  /** Rows of the successful inserts, in order. */
  written(): ClickHouseRow[] {
    return this.attempts.filter((a) => a.ok).flatMap((a) => a.rows);
  }

  async ensureDatabase(): Promise<void> {}
  async command(): Promise<void> {}
  async query<T>(): Promise<T[]> {
    return [];
  }
  async close(): Promise<void> {}

  async insert(table: string, rows: readonly ClickHouseRow[] | EncodedRows, options: InsertOptions = {}): Promise<void> {
    const encoded = asEncoded(rows);
    const parsed = encoded.body.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as ClickHouseRow);
    if (this.gate) await this.gate;
    if (this.failures.length > 0) {
      const error = this.failures.shift();
      this.attempts.push({ table, rows: parsed, dedupToken: options.dedupToken, ok: false });
      throw error;
    }
    this.attempts.push({ table, rows: parsed, dedupToken: options.dedupToken, ok: true });
  }
}
