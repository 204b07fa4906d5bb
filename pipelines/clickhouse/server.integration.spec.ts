/**
 * The server client (@clickhouse/client over HTTP). Without a server, its request path is run
 * against chdb's @clickhouse/client Connection (same client code, embedded engine), and its
 * error mapping against a refused port and a server that never answers. With CLICKHOUSE_URL
 * set (a 24.3+ server), the full contract runs there in a throw-away database.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseClientConfigOptions } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { afterAll, describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../../lib/errors.ts';
import { freePort } from '../../services/ports.ts';
import { ClickHouseQueryError } from './errors.ts';
import { ServerClickHouse } from './serverClient.ts';
import { AWKWARD_TEXT, describeClickHouseContract } from './testing/contractSuite.ts';

const serverUrl = process.env.CLICKHOUSE_URL;

describe.skipIf(!serverUrl)('ServerClickHouse against CLICKHOUSE_URL', () => {
  describeClickHouseContract(
    `server ${serverUrl ?? ''}`,
    async () => new ServerClickHouse({
      url: serverUrl,
      username: process.env.CLICKHOUSE_USER ?? 'default',
      password: process.env.CLICKHOUSE_PASSWORD ?? '',
      database: `fengkong_test_${process.pid}_${Date.now()}`,
    }),
    async (ch) => {
      await ch.command(`DROP DATABASE IF EXISTS ${ch.database}`);
    },
  );
});

describe('ServerClickHouse request path (through chdb\u2019s @clickhouse/client connection)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fk-chdb-conn-'));
  // chdb's Connection ignores the HTTP `database` parameter, so this runs in `default`. (Its
  // types come from a different @clickhouse/client-common build, hence the cast.)
  const connection = () => createChdbConnection({ path: dir }) as unknown as ClickHouseClientConfigOptions['connection'];
  const ch = new ServerClickHouse({ username: 'default', password: '', database: 'default', clientOptions: () => ({ connection: connection() }) });

  afterAll(async () => {
    await ch.close();
  });

  it('inserts pre-encoded JSONEachRow, binds query parameters and maps errors', async () => {
    await ch.command('CREATE TABLE IF NOT EXISTS t (id String, v String) ENGINE = ReplacingMergeTree ORDER BY id SETTINGS non_replicated_deduplication_window = 100');
    const rows = [{ id: 'a', v: AWKWARD_TEXT }, { id: 'b', v: '' }];
    await ch.insert('t', rows, { dedupToken: 'server-path-1' });
    await ch.insert('t', rows, { dedupToken: 'server-path-1' });
    const back = await ch.query<{ n: number; v: string }>('SELECT count() AS n, anyIf(v, id = {id:String}) AS v FROM t', { id: 'a' });
    expect(back).toEqual([{ n: 2, v: AWKWARD_TEXT }]);
    const error = await ch.query('SELECT * FROM no_such_table').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClickHouseQueryError);
    expect((error as ClickHouseQueryError).clickhouseCode).toBe(60);
  });
});

describe('ServerClickHouse when the server is unreachable or slow', () => {
  let silent: Server | undefined;

  afterAll(async () => {
    silent?.closeAllConnections();
    await new Promise((r) => silent?.close(r) ?? r(undefined));
  });

  it('reports a refused connection as retriable ServiceUnavailableError', async () => {
    const port = await freePort(); // free a moment ago: nothing listens there
    const ch = new ServerClickHouse({ url: `http://127.0.0.1:${port}`, username: 'default', password: '', database: 'fengkong' });
    try {
      const error = await ch.insert('events', [{ event_id: 'x' }]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect((error as ServiceUnavailableError).service).toBe('clickhouse');
    } finally {
      await ch.close();
    }
  });

  it('reports a request that outlives request_timeout as retriable', async () => {
    silent = createServer(() => { /* accepts and never answers */ });
    const port = await freePort();
    await new Promise<void>((r) => silent?.listen(port, '127.0.0.1', r));
    const ch = new ServerClickHouse({ url: `http://127.0.0.1:${port}`, username: 'default', password: '', database: 'fengkong', requestTimeoutMs: 200 });
    try {
      const error = await ch.query('SELECT 1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServiceUnavailableError);
    } finally {
      await ch.close();
    }
  });
});
