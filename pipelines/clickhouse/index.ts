/**
 * The storage edge of the pipeline: ClickHouse clients (chdb embedded or a server), migrations,
 * batch writers and the decision log. See types.ts for the client interface and the migrations/
 * folder for the tables.
 */
export type { ClickHouseClient, ClickHouseRow, EncodedRows, InsertOptions, QueryParams } from './types.ts';
export { createClickHouse, chdbPathOf, describeClickHouse } from './createClickHouse.ts';
export { ChdbClickHouse } from './chdbClient.ts';
export { ServerClickHouse, type ServerClickHouseOptions } from './serverClient.ts';
export { ClickHouseQueryError, toClickHouseError } from './errors.ts';
export { migrate, loadMigrations, planMigrations, MigrationError, MIGRATIONS_DIR, type MigrateResult } from './migrations.ts';
export { BatchWriter, WriterClosedError, type BatchWriterOptions, type BatchWriterStatus } from './batchWriter.ts';
export { ClickHouseDecisionLog, type DecisionLogBatch, type DecisionLogOptions } from './decisionLog.ts';
export { CLICKHOUSE_METRIC, clickHouseMetrics, type ClickHouseMetrics } from './metrics.ts';
export { TABLES, AGGREGATE_TABLES, type TableName } from './tables.ts';
export * from './rows.ts';
