-- Operations: dead letters (records that could not be processed, with the original bytes)
-- and pipeline metrics snapshots for the operations dashboard.

-- event_id of a dead letter is derived from (topic, partition, offset), so a record that
-- fails again after redelivery collapses with its first dead letter.
CREATE TABLE IF NOT EXISTS dead_letters
(
    event_id           String,
    original_topic     LowCardinality(String),
    original_partition Int32,
    original_offset    String COMMENT 'Kafka offset (decimal) or the line of an imported file',
    stage              LowCardinality(String) COMMENT 'decode | validate | process | import',
    error_class        LowCardinality(String),
    error_code         LowCardinality(String),
    field              String,
    reason             String,
    original_base64    String CODEC(ZSTD(3)),
    original_truncated Bool,
    original_size      UInt32,
    source             LowCardinality(String),
    event_time         DateTime64(3, 'UTC'),
    dead_lettered_at   DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(dead_lettered_at)
PARTITION BY toYYYYMM(event_time)
ORDER BY (original_topic, toStartOfHour(event_time), event_id)
TTL toDateTime(dead_lettered_at) + INTERVAL 90 DAY
SETTINGS non_replicated_deduplication_window = 1000;

-- One point per (metric, processor, instance, labels, time): a re-sent snapshot collapses.
-- Daily partitions so the 30-day TTL drops whole parts (ttl_only_drop_parts).
CREATE TABLE IF NOT EXISTS pipeline_metrics
(
    time      DateTime64(3, 'UTC'),
    processor LowCardinality(String),
    instance  LowCardinality(String),
    metric    LowCardinality(String),
    labels    String COMMENT 'Canonical k=v,k=v (sorted), empty when none',
    value     Float64
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMMDD(time)
ORDER BY (metric, processor, instance, labels, time)
TTL toDateTime(time) + INTERVAL 30 DAY
SETTINGS non_replicated_deduplication_window = 1000, ttl_only_drop_parts = 1;
