-- Credit decisions and alerts: the audit record of what the platform decided and raised.
-- Kept without TTL (credit-decision records follow the bank's retention policy; delete by
-- policy, not by default). Keyed by (natural id, event_id): a redelivered record collapses,
-- while a later record about the same decision (e.g. manual review making it final) is kept
-- as history. Latest state: argMax(col, decided_at) GROUP BY decision_id.
CREATE TABLE IF NOT EXISTS decisions
(
    decision_id            String,
    event_id               String,
    application_id         String,
    enterprise_id          String,
    product                LowCardinality(String),
    tier                   LowCardinality(String),
    admission_passed       Bool,
    credit_score           UInt16,
    probability_of_default Float64,
    fraud_score            Float64,
    suggested_limit        Decimal(18, 2) COMMENT 'CNY',
    suggested_annual_rate  Float64,
    rule_set_version       LowCardinality(String),
    model_versions         Map(LowCardinality(String), LowCardinality(String)),
    reason_codes           Array(LowCardinality(String)),
    reasons                String COMMENT 'Reason objects as JSON',
    final                  Bool,
    source                 LowCardinality(String),
    event_time             DateTime64(3, 'UTC'),
    decided_at             DateTime64(3, 'UTC') DEFAULT now64(3),
    INDEX idx_application_id application_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_enterprise_id enterprise_id TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = ReplacingMergeTree(decided_at)
PARTITION BY toYYYYMM(event_time)
ORDER BY (product, toStartOfHour(event_time), decision_id, event_id)
SETTINGS non_replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS alerts
(
    alert_id               String,
    event_id               String,
    signal                 LowCardinality(String),
    severity               LowCardinality(String),
    loan_id                String,
    application_id         String,
    enterprise_id          String,
    probability_of_default Nullable(Float64),
    exposure               Nullable(Decimal(18, 2)) COMMENT 'CNY',
    days_past_due          Nullable(UInt32),
    source_event_id        String,
    why_codes              Array(LowCardinality(String)),
    why                    String COMMENT 'Reasons in plain words with their values, as JSON',
    raised_at              DateTime64(3, 'UTC'),
    source                 LowCardinality(String),
    event_time             DateTime64(3, 'UTC'),
    ingested_at            DateTime64(3, 'UTC') DEFAULT now64(3),
    INDEX idx_alert_id alert_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_loan_id loan_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_enterprise_id enterprise_id TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(event_time)
ORDER BY (signal, toStartOfHour(event_time), alert_id, event_id)
SETTINGS non_replicated_deduplication_window = 1000;
