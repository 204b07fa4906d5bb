-- Every scored event: risk score, per-model scores and versions, rule hits (shadow included)
-- and the feature snapshot the detectors saw. score_id is derived from the input event id,
-- so a redelivered event's score replaces the first (latest scored_at wins under FINAL).
CREATE TABLE IF NOT EXISTS scores
(
    score_id         String,
    event_id         String                 COMMENT 'Envelope eventId of the score record',
    input_event_id   String                 COMMENT 'The event that was scored',
    topic            LowCardinality(String) COMMENT 'Input topic of the scored event',
    entity_type      LowCardinality(String),
    entity_id        String                 COMMENT 'Pseudonymised where personal',
    status           LowCardinality(String) COMMENT 'ok | degraded | error',
    risk_score       Float64,
    models Nested
    (
        model   LowCardinality(String),
        version LowCardinality(String),
        role    LowCardinality(String),
        score   Nullable(Float64),
        status  LowCardinality(String),
        error   String
    ),
    rule_hits Nested
    (
        rule_id          LowCardinality(String),
        rule_set_version LowCardinality(String),
        reason_code      LowCardinality(String),
        severity         LowCardinality(String),
        points           Float64,
        action           LowCardinality(String),
        shadow           Bool
    ),
    features         Map(LowCardinality(String), Nullable(Float64)) COMMENT 'NULL: the feature was unknown when scored',
    model_versions   Map(LowCardinality(String), LowCardinality(String)),
    rule_set_version LowCardinality(String),
    reason_codes     Array(LowCardinality(String)),
    reasons          String                 COMMENT 'Reason objects (code, description, value, threshold) as JSON',
    source           LowCardinality(String),
    event_time       DateTime64(3, 'UTC'),
    scored_at        DateTime64(3, 'UTC') DEFAULT now64(3),
    INDEX idx_entity_id entity_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_input_event_id input_event_id TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = ReplacingMergeTree(scored_at)
PARTITION BY toYYYYMM(event_time)
ORDER BY (topic, toStartOfHour(event_time), score_id)
TTL toDateTime(scored_at) + INTERVAL 2 YEAR
SETTINGS non_replicated_deduplication_window = 1000;
