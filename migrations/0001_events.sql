-- Raw input events after validation and pseudonymisation: what came in, replayable.
--
-- Conventions for every table in these migrations (why, once):
-- * Names are unqualified: the runner executes them in the configured database
--   (CLICKHOUSE_DATABASE), so the same files serve any database name.
-- * Idempotency: ReplacingMergeTree whose ORDER BY ends in the idempotency id, so a row
--   redelivered after a crash collapses with the first copy when parts merge. Until a merge,
--   both copies exist on disk: read with FINAL (`SELECT … FROM events FINAL WHERE …`), or for
--   very large scans `GROUP BY <id>` with `argMax(col, <version column>)`.
-- * non_replicated_deduplication_window: plain MergeTree keeps no insert hashes by default;
--   with a window, a retried INSERT with the same insert_deduplication_token (the batch
--   writer sends one derived from the batch's ids) is dropped before it is even written.
-- * PARTITION BY month of event time; ORDER BY starts with a low-cardinality category and
--   the hour, so dashboards' time-range queries read few granules; bloom-filter indexes serve
--   the feedback lookups by entity or id.
-- * TTLs count from when we stored the row, not event time: replaying years-old history must
--   not be deleted on its first merge. Change them later with ALTER TABLE … MODIFY TTL in a
--   new migration.
-- * Only types ClickHouse 24.3 has (no JSON type, no Variant/Dynamic): payloads are String.
CREATE TABLE IF NOT EXISTS events
(
    topic           LowCardinality(String)  COMMENT 'Input topic (applications, transactions, repayments, …)',
    event_id        String                  COMMENT 'Envelope eventId: the platform-wide idempotency key',
    event_time      DateTime64(3, 'UTC')    COMMENT 'When the fact happened',
    entity_key      String                  COMMENT 'Partition key of the event (pseudonymised where personal)',
    kind            LowCardinality(String)  COMMENT 'Union member or event kind, empty when the topic has none',
    schema_version  UInt8,
    source          LowCardinality(String),
    payload         String COMMENT 'The validated, pseudonymised event as JSON' CODEC(ZSTD(3)),
    kafka_partition Int32 DEFAULT -1,
    kafka_offset    Int64 DEFAULT -1,
    ingested_at     DateTime64(3, 'UTC') DEFAULT now64(3),
    INDEX idx_entity_key entity_key TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_event_id event_id TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(event_time)
ORDER BY (topic, toStartOfHour(event_time), event_id)
TTL toDateTime(ingested_at) + INTERVAL 2 YEAR
SETTINGS non_replicated_deduplication_window = 1000;
