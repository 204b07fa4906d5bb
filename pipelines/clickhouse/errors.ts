/**
 * Errors at the ClickHouse boundary, mapped onto the project's taxonomy: a server that is down,
 * slow or overloaded becomes a retriable `ServiceUnavailableError('clickhouse', …)`; a statement
 * that can never succeed (syntax, unknown table, rejected data) a non-retriable
 * `ClickHouseQueryError` carrying the ClickHouse code.
 */
import { FengkongError, ServiceUnavailableError } from '../../lib/errors.ts';
import { isRetriableClickHouseCode } from './retriableCodes.ts';

/** A statement ClickHouse rejected and will reject again (not worth retrying). */
export class ClickHouseQueryError extends FengkongError {
  constructor(
    message: string,
    /** ClickHouse exception code (e.g. 60 UNKNOWN_TABLE), when known. */
    readonly clickhouseCode: number | undefined,
    options: { cause?: unknown } = {},
  ) {
    super('fengkong:clickhouse-query', message, { retriable: false, ...options });
  }
}

/** Node socket error codes meaning the server could not be reached or dropped the connection. */
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH',
  'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/** chdb's typed errors that mean the embedded engine could not run the statement right now. */
const RETRIABLE_CHDB_CODES = new Set(['CHDB_CONNECTION', 'CHDB_TIMEOUT', 'CHDB_ABORT', 'CHDB_INTERNAL']);

/** The ClickHouse exception code of an error from chdb (`clickhouseCode`) or @clickhouse/client (`code` as a numeric string). */
export function clickHouseCodeOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { clickhouseCode?: unknown; code?: unknown; message?: unknown };
  if (typeof e.clickhouseCode === 'number') return e.clickhouseCode;
  if (typeof e.code === 'string' && /^\d+$/.test(e.code)) return Number(e.code);
  if (typeof e.message === 'string') {
    const m = /^Code: (\d+)\./.exec(e.message);
    if (m) return Number(m[1]);
  }
  return undefined;
}

function isNetworkOrTimeout(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown };
  if (typeof e.code === 'string' && (NETWORK_ERROR_CODES.has(e.code) || RETRIABLE_CHDB_CODES.has(e.code))) return true;
  // @clickhouse/client rejects a request that outlives `request_timeout` with a plain
  // Error('Timeout error.') and a dropped keep-alive socket with 'socket hang up'.
  if (typeof e.message === 'string' && /^Timeout error|socket hang up/i.test(e.message)) return true;
  return e.cause !== undefined && e.cause !== error && isNetworkOrTimeout(e.cause);
}

/** Maps any error from a ClickHouse call to the taxonomy, with `context` (e.g. `inserting into scores`). */
export function toClickHouseError(context: string, error: unknown): FengkongError {
  if (error instanceof FengkongError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = clickHouseCodeOf(error);
  // TOO_MANY_PARTS (252) is retriable when merges lag behind inserts, but "too many partitions
  // for single INSERT block" is a property of the rows: the same insert fails the same way forever.
  const samePartitionProblemForever = code === 252 && /partitions for single INSERT block/i.test(message);
  if (!samePartitionProblemForever && (isRetriableClickHouseCode(code) || (code === undefined && isNetworkOrTimeout(error)))) {
    return new ServiceUnavailableError('clickhouse', `${context}: ${message}`, { cause: error });
  }
  return new ClickHouseQueryError(`${context}: ${message}`, code, { cause: error });
}
