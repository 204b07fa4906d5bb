/**
 * ClickHouse settings both clients apply, so chdb and a server behave the same.
 */

/** Applied to every INSERT. */
export const INSERT_SETTINGS = {
  // Synchronous inserts: the call returns only when the part is written, which is what lets
  // a processor commit Kafka offsets after `flush()`. (Async inserts would acknowledge from
  // a server-side buffer.)
  async_insert: 0,
  // Explicit, though on by default: retried blocks with the same token or content are dropped
  // (for plain MergeTree only within `non_replicated_deduplication_window` blocks, set per table).
  insert_deduplicate: 1,
  // A block dropped as a duplicate in the source table is also not pushed to the materialized
  // views' target tables (which set their own deduplication window), so MV sums stay exact.
  deduplicate_blocks_in_dependent_materialized_views: 1,
  // Our rows carry ISO-8601 instants with 'Z' (e.g. 2026-03-01T08:00:00.000Z).
  date_time_input_format: 'best_effort',
  // Tables are partitioned by month of event time; a replay of history (the SBA loans span
  // 1971-2006) puts hundreds of months in one batch. Unlimited here: batches are bounded by
  // the writer's row limit, and a live stream touches one or two months per batch.
  max_partitions_per_insert_block: 0,
  // A field the table lacks is a bug (typo or a migration not yet applied): fail loudly.
  input_format_skip_unknown_fields: 0,
} as const;

/** Applied to every query and command. */
export const QUERY_SETTINGS = {
  // JSON output of UInt64/Int64 as numbers (chdb's default; servers quote them): the
  // counts and offsets we read stay far below 2^53.
  output_format_json_quote_64bit_integers: 0,
} as const;
