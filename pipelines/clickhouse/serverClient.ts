/**
 * ClickHouse server (24.3 or later) through @clickhouse/client over HTTP(S). Inserts are
 * synchronous (`async_insert = 0`) and every request waits for the end of the query
 * (`wait_end_of_query = 1`), so an error that happens after the first bytes still fails the
 * call instead of arriving as a truncated 200 response.
 */
import { Readable } from 'node:stream';
import { ClickHouseLogLevel, createClient, type ClickHouseClient as NodeClient, type ClickHouseClientConfigOptions } from '@clickhouse/client';
import { asEncoded } from './encodeJsonEachRow.ts';
import { toClickHouseError } from './errors.ts';
import { firstWords } from './describeSql.ts';
import { checkIdentifier, qualifyTable } from './identifiers.ts';
import { INSERT_SETTINGS, QUERY_SETTINGS } from './settings.ts';
import type { ClickHouseClient, ClickHouseRow, EncodedRows, InsertOptions, QueryParams } from './types.ts';

export interface ServerClickHouseOptions {
  readonly url?: string;
  readonly username: string;
  readonly password: string;
  readonly database: string;
  /** A request still running after this is abandoned and reported retriable. Default 30 s. */
  readonly requestTimeoutMs?: number;
  /**
   * Extra client options, made fresh for each underlying client (one for the database, one
   * without it for CREATE DATABASE). Tests pass chdb's `connection` here.
   */
  readonly clientOptions?: () => Partial<ClickHouseClientConfigOptions>;
}

export class ServerClickHouse implements ClickHouseClient {
  readonly kind = 'server' as const;
  readonly database: string;
  readonly #options: ServerClickHouseOptions;
  readonly #client: NodeClient;
  #closed = false;

  constructor(options: ServerClickHouseOptions) {
    this.database = checkIdentifier(options.database, 'CLICKHOUSE_DATABASE');
    this.#options = options;
    this.#client = this.#create(this.database);
  }

  #create(database: string): NodeClient {
    const o = this.#options;
    return createClient({
      ...(o.url === undefined ? {} : { url: o.url }),
      username: o.username,
      password: o.password,
      database,
      application: 'fengkong',
      request_timeout: o.requestTimeoutMs ?? 30_000,
      clickhouse_settings: { ...QUERY_SETTINGS, wait_end_of_query: 1, async_insert: 0 },
      // Failures come back to the caller as mapped errors and are logged there (pino, with
      // context); the client's own console logging would print each one a second time.
      log: { level: ClickHouseLogLevel.OFF },
      ...o.clientOptions?.(),
    });
  }

  async ensureDatabase(): Promise<void> {
    // The HTTP interface refuses every request naming a database that does not exist yet, so
    // the database is created through a client bound to `default`.
    const admin = this.#create('default');
    try {
      await admin.command({ query: `CREATE DATABASE IF NOT EXISTS ${this.database}` });
    } catch (error) {
      throw toClickHouseError(`creating database ${this.database}`, error);
    } finally {
      await admin.close();
    }
  }

  async command(sql: string): Promise<void> {
    try {
      await this.#client.command({ query: sql });
    } catch (error) {
      throw toClickHouseError(`running ${firstWords(sql)}`, error);
    }
  }

  async insert(table: string, rows: readonly ClickHouseRow[] | EncodedRows, options: InsertOptions = {}): Promise<void> {
    const encoded = asEncoded(rows);
    if (encoded.count === 0) return;
    const target = qualifyTable(this.database, table);
    try {
      // exec with a raw body: the rows are already JSONEachRow text (the batch writer encodes
      // them once when they are added), so the client does not re-serialise them.
      const result = await this.#client.exec({
        query: `INSERT INTO ${target} FORMAT JSONEachRow`,
        values: Readable.from([Buffer.from(encoded.body, 'utf8')]),
        clickhouse_settings: {
          ...INSERT_SETTINGS,
          // UInt64 settings travel as strings over HTTP.
          max_partitions_per_insert_block: String(INSERT_SETTINGS.max_partitions_per_insert_block),
          ...(options.dedupToken === undefined ? {} : { insert_deduplication_token: options.dedupToken }),
        },
      });
      // The response body of an INSERT is empty, but it must be consumed to free the socket.
      for await (const _ of result.stream) { /* drain */ }
    } catch (error) {
      throw toClickHouseError(`inserting ${encoded.count} rows into ${target}`, error);
    }
  }

  async query<T = Record<string, unknown>>(sql: string, params?: QueryParams): Promise<T[]> {
    try {
      const result = await this.#client.query({
        query: sql,
        format: 'JSONEachRow',
        ...(params === undefined ? {} : { query_params: params as Record<string, unknown> }),
      });
      return await result.json<T>();
    } catch (error) {
      throw toClickHouseError(`querying ${firstWords(sql)}`, error);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#client.close();
  }
}
