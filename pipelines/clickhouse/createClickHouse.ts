/**
 * Chooses the ClickHouse client from configuration: a server when CLICKHOUSE_URL is set,
 * otherwise chdb under `<FENGKONG_DATA_DIR>/chdb`.
 */
import { join } from 'node:path';
import type { FengkongConfig } from '../../lib/config.ts';
import { ChdbClickHouse } from './chdbClient.ts';
import { ServerClickHouse } from './serverClient.ts';
import type { ClickHouseClient } from './types.ts';

/** Where embedded mode keeps chdb's data. */
export function chdbPathOf(config: Pick<FengkongConfig, 'FENGKONG_DATA_DIR'>): string {
  return join(config.FENGKONG_DATA_DIR, 'chdb');
}

type ClickHouseConfig = Pick<FengkongConfig, 'CLICKHOUSE_URL' | 'CLICKHOUSE_USER' | 'CLICKHOUSE_PASSWORD' | 'CLICKHOUSE_DATABASE' | 'FENGKONG_DATA_DIR'>;

export function createClickHouse(config: ClickHouseConfig): ClickHouseClient {
  if (config.CLICKHOUSE_URL) {
    return new ServerClickHouse({
      url: config.CLICKHOUSE_URL,
      username: config.CLICKHOUSE_USER,
      password: config.CLICKHOUSE_PASSWORD,
      database: config.CLICKHOUSE_DATABASE,
    });
  }
  return new ChdbClickHouse({ path: chdbPathOf(config), database: config.CLICKHOUSE_DATABASE });
}

/** Human-readable target, without credentials, for CLI output and logs. */
export function describeClickHouse(config: ClickHouseConfig): string {
  if (config.CLICKHOUSE_URL) {
    const url = new URL(config.CLICKHOUSE_URL);
    url.username = '';
    url.password = '';
    return `ClickHouse server ${url.origin} database ${config.CLICKHOUSE_DATABASE}`;
  }
  return `chdb (embedded) at ${chdbPathOf(config)} database ${config.CLICKHOUSE_DATABASE}`;
}
