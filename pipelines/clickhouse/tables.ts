/**
 * The decision-log tables the pipeline writes (created by `migrations/`), each with the column
 * that identifies a row for idempotency: the batch writer derives its insert deduplication
 * token from these ids, and the table's ORDER BY ends in the same id so redelivered rows
 * collapse (read with FINAL).
 */
export const TABLES = {
  events: { idColumn: 'event_id' },
  scores: { idColumn: 'score_id' },
  decisions: { idColumn: 'event_id' },
  alerts: { idColumn: 'event_id' },
  labels: { idColumn: 'event_id' },
  collection_outcomes: { idColumn: 'event_id' },
  dead_letters: { idColumn: 'event_id' },
  pipeline_metrics: { idColumn: null },
} as const satisfies Record<string, { idColumn: string | null }>;

export type TableName = keyof typeof TABLES;

/** Aggregate tables maintained by materialized views (read with the -Merge combinators). */
export const AGGREGATE_TABLES = ['rule_hits_daily', 'model_scores_daily', 'scores_daily'] as const;
