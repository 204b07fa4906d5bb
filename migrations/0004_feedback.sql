-- Late feedback: outcome labels (fraud confirmed, default, false positive) and collection
-- agents' outcomes on alerts. Small tables joined to scores, decisions and alerts by id for
-- model and rule evaluation, hence the bloom-filter indexes on every reference. No TTL:
-- labels are the training and audit ground truth.
CREATE TABLE IF NOT EXISTS labels
(
    label_id       String,
    event_id       String,
    kind           LowCardinality(String) COMMENT 'fraud_confirmed | default | false_positive',
    fraud_type     LowCardinality(String),
    ref_event_id   String,
    application_id String,
    loan_id        String,
    alert_id       String,
    enterprise_id  String,
    occurred_at    DateTime64(3, 'UTC') COMMENT 'When the outcome happened; event_time is when it became known',
    source         LowCardinality(String),
    event_time     DateTime64(3, 'UTC'),
    ingested_at    DateTime64(3, 'UTC') DEFAULT now64(3),
    INDEX idx_ref_event_id ref_event_id TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_application_id application_id TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_loan_id loan_id TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_alert_id alert_id TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_enterprise_id enterprise_id TYPE bloom_filter(0.01) GRANULARITY 1
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(event_time)
ORDER BY (kind, label_id, event_id)
SETTINGS non_replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS collection_outcomes
(
    outcome_id     String,
    event_id       String,
    alert_id       String,
    loan_id        String,
    enterprise_id  String,
    team           LowCardinality(String),
    agent_id       String,
    outcome        LowCardinality(String),
    promise_date   Nullable(Date),
    promise_amount Nullable(Decimal(18, 2)) COMMENT 'CNY',
    paid_amount    Nullable(Decimal(18, 2)) COMMENT 'CNY',
    note           String,
    source         LowCardinality(String),
    event_time     DateTime64(3, 'UTC'),
    ingested_at    DateTime64(3, 'UTC') DEFAULT now64(3),
    INDEX idx_alert_id alert_id TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_loan_id loan_id TYPE bloom_filter(0.01) GRANULARITY 1
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(event_time)
ORDER BY (team, toStartOfHour(event_time), outcome_id, event_id)
SETTINGS non_replicated_deduplication_window = 1000;
