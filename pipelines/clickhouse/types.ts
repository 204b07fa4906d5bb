/**
 * The small ClickHouse interface the pipeline uses, with two implementations: chdb embedded in
 * the process (`chdbClient.ts`) and a server through @clickhouse/client (`serverClient.ts`).
 * `createClickHouse(config)` picks one; nothing above this layer knows which.
 */

/** A row as written: column name → JSON value. Nested columns are given as `name.sub` arrays. */
export type ClickHouseRow = Readonly<Record<string, unknown>>;

/** Rows already encoded as JSONEachRow (one JSON object per line, each ending in '\n'). */
export interface EncodedRows {
  readonly format: 'JSONEachRow';
  readonly body: string;
  readonly count: number;
}

export interface InsertOptions {
  /**
   * `insert_deduplication_token`: a retried insert with the same token is dropped by the
   * engine (MergeTree needs `non_replicated_deduplication_window` > 0, which our tables set).
   */
  readonly dedupToken?: string;
}

export type QueryParams = Readonly<Record<string, string | number | boolean | null | readonly (string | number)[]>>;

export interface ClickHouseClient {
  /** `chdb` (embedded) or `server`. */
  readonly kind: 'chdb' | 'server';
  /** Database unqualified table names resolve to. */
  readonly database: string;
  /** Creates the database when missing (migrations call this first). */
  ensureDatabase(): Promise<void>;
  /** Runs a statement without result rows (DDL, ALTER, OPTIMIZE, INSERT … SELECT). */
  command(sql: string): Promise<void>;
  /** Inserts rows as JSONEachRow; resolves once the engine has written them (no async insert). */
  insert(table: string, rows: readonly ClickHouseRow[] | EncodedRows, options?: InsertOptions): Promise<void>;
  /**
   * Runs a SELECT and returns its rows. Parameters bind `{name:Type}` placeholders server-side.
   * 64-bit integers come back as JS numbers (`output_format_json_quote_64bit_integers = 0`).
   */
  query<T = Record<string, unknown>>(sql: string, params?: QueryParams): Promise<T[]>;
  /** Releases the connection (the chdb session is shared: closed when its last user closes). */
  close(): Promise<void>;
}
