/**
 * ClickHouse embedded in the process through chdb (ClickHouse 26.x engine), for embedded mode
 * and tests. chdb loads a ~500 MB library and binds one data directory per process, so
 * sessions are opened once per (directory, database) and shared; the session is closed when
 * its last client closes.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createRequire } from 'node:module';
import type { Session } from 'chdb';
import { firstWords } from './describeSql.ts';
import { asEncoded } from './encodeJsonEachRow.ts';
import { toClickHouseError } from './errors.ts';
import { checkIdentifier, qualifyTable } from './identifiers.ts';
import { INSERT_SETTINGS, QUERY_SETTINGS } from './settings.ts';
import type { ClickHouseClient, ClickHouseRow, EncodedRows, InsertOptions, QueryParams } from './types.ts';

interface SharedSession {
  readonly session: Session;
  refs: number;
}

const sessions = new Map<string, SharedSession>();

/** chdb is required on first use, so a process talking to a server never loads its engine. */
function chdbSession(dir: string): Session {
  const chdb = createRequire(import.meta.url)('chdb') as typeof import('chdb');
  return new chdb.Session(dir);
}

function openShared(path: string, database: string): { key: string; shared: SharedSession } {
  const dir = resolve(path);
  const key = `${dir}\0${database}`;
  let shared = sessions.get(key);
  if (!shared) {
    mkdirSync(dir, { recursive: true });
    let session: Session;
    try {
      session = chdbSession(dir);
    } catch (error) {
      throw toClickHouseError(`opening chdb at ${dir}`, error);
    }
    // Session state: the default database and output settings apply to every later query on
    // this connection (each Session has its own connection, so two databases can coexist).
    const settings = Object.entries(QUERY_SETTINGS).map(([k, v]) => `SET ${k} = ${v}`).join('; ');
    try {
      session.query(`CREATE DATABASE IF NOT EXISTS ${database}; USE ${database}; ${settings}`);
    } catch (error) {
      session.close();
      throw toClickHouseError(`preparing chdb database ${database}`, error);
    }
    shared = { session, refs: 0 };
    sessions.set(key, shared);
  }
  shared.refs++;
  return { key, shared };
}

function parseJsonEachRow<T>(text: string): T[] {
  const rows: T[] = [];
  for (const line of text.split('\n')) if (line.length > 0) rows.push(JSON.parse(line) as T);
  return rows;
}

/** chdb-backed client; `path` is the data directory (e.g. `<FENGKONG_DATA_DIR>/chdb`). */
export class ChdbClickHouse implements ClickHouseClient {
  readonly kind = 'chdb' as const;
  readonly database: string;
  readonly path: string;
  #key: string;
  #session: Session | undefined;

  constructor(options: { path: string; database: string }) {
    this.database = checkIdentifier(options.database, 'CLICKHOUSE_DATABASE');
    this.path = options.path;
    const { key, shared } = openShared(options.path, this.database);
    this.#key = key;
    this.#session = shared.session;
  }

  #live(): Session {
    if (!this.#session) throw toClickHouseError('using chdb', new Error('client is closed'));
    return this.#session;
  }

  async ensureDatabase(): Promise<void> {
    await this.command(`CREATE DATABASE IF NOT EXISTS ${this.database}`);
  }

  async command(sql: string): Promise<void> {
    const session = this.#live();
    try {
      await session.queryAsync(sql);
    } catch (error) {
      throw toClickHouseError(`running ${firstWords(sql)}`, error);
    }
  }

  async insert(table: string, rows: readonly ClickHouseRow[] | EncodedRows, options: InsertOptions = {}): Promise<void> {
    const encoded = asEncoded(rows);
    if (encoded.count === 0) return;
    const session = this.#live();
    const target = qualifyTable(this.database, table);
    const settings: Record<string, string | number> = { ...INSERT_SETTINGS };
    if (options.dedupToken !== undefined) settings.insert_deduplication_token = options.dedupToken;
    try {
      // Raw passthrough insert: the engine's own JSON parser reads the bytes; the table name is
      // checked by qualifyTable and setting values are escaped by chdb (buildRawInsertPrefix).
      await session.insert({ table: target, values: Buffer.from(encoded.body, 'utf8'), format: 'JSONEachRow', settings });
    } catch (error) {
      throw toClickHouseError(`inserting ${encoded.count} rows into ${target}`, error);
    }
  }

  async query<T = Record<string, unknown>>(sql: string, params?: QueryParams): Promise<T[]> {
    const session = this.#live();
    try {
      const result = params && Object.keys(params).length > 0
        ? await session.queryBindAsync(sql, params, { format: 'JSONEachRow' })
        : await session.queryAsync(sql, { format: 'JSONEachRow' });
      return parseJsonEachRow<T>(result.text());
    } catch (error) {
      throw toClickHouseError(`querying ${firstWords(sql)}`, error);
    }
  }

  async close(): Promise<void> {
    if (!this.#session) return;
    this.#session = undefined;
    const shared = sessions.get(this.#key);
    if (shared && --shared.refs === 0) {
      sessions.delete(this.#key);
      shared.session.close();
    }
  }
}
