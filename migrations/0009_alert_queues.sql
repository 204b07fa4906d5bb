-- Alert queues of the collection teams (queues/): every queue change as history, and every
-- action people took (or were refused) as the audit log. Written by the queue mirror from the
-- Redis change stream; the stream entry id is the idempotency id (change_id / audit_id), so a
-- batch re-sent after a crash collapses. No TTL on either: collection actions are part of the
-- loan file and follow the bank's retention policy.

-- One row per change of an alert: enqueued, appended, suppressed, claimed, renewed, released,
-- lease_expired, resolved, snoozed, woken, reassigned, escalated, commented. The columns after
-- `state` describe the alert after the change, so the latest row per alert_id is its state;
-- queue depth and ageing come from argMax(state, changed_at) GROUP BY alert_id.
CREATE TABLE IF NOT EXISTS queue_history
(
    change_id      String                 COMMENT 'Redis stream entry id: unique and ordered',
    alert_id       String,
    team           LowCardinality(String),
    from_team      LowCardinality(String) COMMENT 'Team before a reassignment, escalation or re-route; empty otherwise',
    action         LowCardinality(String),
    state          LowCardinality(String) COMMENT 'open | claimed | snoozed | resolved; empty for suppressed',
    actor_id       String,
    actor_role     LowCardinality(String) COMMENT 'agent | supervisor | risk_ops | system',
    signal         LowCardinality(String),
    severity       LowCardinality(String),
    loan_id        String,
    enterprise_id  String,
    assignee       String,
    priority       Float64,
    expected_loss  Decimal(18, 2)         COMMENT 'PD x exposure x LGD, CNY',
    escalated      Bool,
    evidence_count UInt32,
    enqueued_at    Nullable(DateTime64(3, 'UTC')),
    sla_deadline   Nullable(DateTime64(3, 'UTC')),
    age_seconds    Float64                COMMENT 'changed_at - enqueued_at',
    sla_breached   Bool                   COMMENT 'changed_at is past the SLA deadline (or the alert was escalated)',
    outcome        LowCardinality(String) COMMENT 'Resolution outcome, on resolved rows',
    details        String                 COMMENT 'Action details as JSON (reason, comment, previous assignee...)',
    changed_at     DateTime64(3, 'UTC'),
    ingested_at    DateTime64(3, 'UTC') DEFAULT now64(3),
    INDEX idx_alert_id alert_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_loan_id loan_id TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(changed_at)
ORDER BY (team, toStartOfHour(changed_at), change_id)
SETTINGS non_replicated_deduplication_window = 1000;

-- Who did what, when, from where, and whether it was allowed: every API action on a queue or
-- an alert, including refusals (401/403), which a bank's internal audit asks for.
CREATE TABLE IF NOT EXISTS audit_log
(
    audit_id    String                 COMMENT 'Redis stream entry id',
    at          DateTime64(3, 'UTC'),
    actor_id    String,
    actor_role  LowCardinality(String),
    action      LowCardinality(String) COMMENT 'claimed, resolved, reassigned... or the attempted action when refused',
    result      LowCardinality(String) COMMENT 'ok | denied',
    status      UInt16                 COMMENT 'HTTP status answered',
    alert_id    String,
    team        LowCardinality(String),
    request_id  String,
    client_ip   String,
    details     String                 COMMENT 'Action details as JSON',
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3),
    INDEX idx_alert_id alert_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_actor_id actor_id TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(at)
ORDER BY (toStartOfDay(at), audit_id)
SETTINGS non_replicated_deduplication_window = 1000;
