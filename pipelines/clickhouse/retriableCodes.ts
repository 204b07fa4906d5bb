/**
 * ClickHouse error codes that mean "the server is overloaded, restarting or briefly unable":
 * the same statement may succeed later. Everything else (syntax, unknown table, bad data,
 * access denied) fails the same way every time. Codes from ClickHouse `src/Common/ErrorCodes.cpp`.
 */
export const RETRIABLE_CLICKHOUSE_CODES: ReadonlySet<number> = new Set([
  159, // TIMEOUT_EXCEEDED
  160, // TOO_SLOW
  173, // CANNOT_ALLOCATE_MEMORY
  198, // DNS_ERROR
  201, // QUOTA_EXCEEDED (quotas reset with their interval)
  202, // TOO_MANY_SIMULTANEOUS_QUERIES
  203, // NO_FREE_CONNECTION
  209, // SOCKET_TIMEOUT
  210, // NETWORK_ERROR
  236, // ABORTED
  241, // MEMORY_LIMIT_EXCEEDED
  242, // TABLE_IS_READ_ONLY (replica lost Keeper session)
  243, // NOT_ENOUGH_SPACE
  252, // TOO_MANY_PARTS (inserts outpace merges: back off)
  279, // ALL_CONNECTION_TRIES_FAILED
  285, // TOO_FEW_LIVE_REPLICAS
  319, // UNKNOWN_STATUS_OF_INSERT
  394, // QUERY_WAS_CANCELLED
  415, // ALL_REPLICAS_LOST
  425, // SYSTEM_ERROR
  439, // CANNOT_SCHEDULE_TASK
  999, // KEEPER_EXCEPTION
]);

/** True when a ClickHouse error code is worth retrying after a pause. */
export function isRetriableClickHouseCode(code: number | undefined): boolean {
  return code !== undefined && RETRIABLE_CLICKHOUSE_CODES.has(code);
}
