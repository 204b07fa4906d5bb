-- The feedback loop: late outcome labels joined back to the events, scores and decisions they
-- refer to, with label maturity. Read by the model-monitoring dashboard, `fengkong
-- export-training`, `fengkong backtest` and `fengkong report model` (feedback/).
--
-- Label maturity (why it matters): a default is observed only after it happens, so a loan
-- decided 30 days ago with no default yet is not "good" for a 90-day default label — it is
-- immature, and counting it as good inflates every recent vintage's apparent quality (and an
-- evaluation or a retraining set built on it). The rule used throughout, per row and target:
--   bad       a matching label is known whose outcome falls in the performance window
--             (for fraud, a confirmed fraud on the event, its application or its loan, whenever);
--   good      the window has fully elapsed (window_end <= now) and no such label is known;
--   immature  otherwise: neither good nor bad, and left out of every metric and training set.
-- A label arriving after maturity turns a good row bad: rows show the best truth known now.
--
-- Everything here is a plain view (computed at read time) over the ReplacingMergeTree tables,
-- read with FINAL, because labels arrive late and keep changing the answer; the data is small
-- next to the event tables (one row per label). Only the per-model targets are a table: they
-- are data, not code (add a model with an INSERT, change a window with a newer updated_at).

-- What each model predicts and over which window: the label kind that makes a scored row bad
-- and the performance window after the scored event. Read with FINAL.
CREATE TABLE IF NOT EXISTS model_targets
(
    model       LowCardinality(String) COMMENT 'Model name as in scores.models.model',
    label_kind  LowCardinality(String) COMMENT 'fraud_confirmed | default',
    window_days UInt16                 COMMENT 'Performance window after the scored event, days',
    description String,
    updated_at  DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY model
SETTINGS non_replicated_deduplication_window = 100;

-- Fixed updated_at: re-running this file inserts an identical block, which the deduplication
-- window drops (and FINAL would collapse anyway).
INSERT INTO model_targets (model, label_kind, window_days, description, updated_at) VALUES
    ('application_fraud', 'fraud_confirmed', 90, 'Application later confirmed fraudulent (ring, identity theft, bust-out); good after 90 days without a confirmation', '2026-11-25 00:00:00.000'),
    ('transaction_fraud', 'fraud_confirmed', 90, 'Transaction later confirmed fraudulent; good after 90 days without a confirmation', '2026-11-25 00:00:00.000'),
    ('default_pd', 'default', 30, 'Loan reaches 90 days past due within 30 days after the scored event', '2026-11-25 00:00:00.000'),
    ('pd_30d', 'default', 30, 'Loan reaches 90 days past due within 30 days after the scored event', '2026-11-25 00:00:00.000');

-- Applications as stored (pseudonymised), with the attributes dashboards filter on.
CREATE VIEW IF NOT EXISTS application_facts AS
SELECT
    event_id,
    event_time,
    JSONExtractString(payload, 'applicationId') AS application_id,
    JSONExtractString(payload, 'enterpriseId') AS enterprise_id,
    JSONExtractString(payload, 'product') AS product,
    JSONExtractString(payload, 'channel') AS channel,
    if(JSONExtractString(payload, 'enterprise', 'region') = '', 'unknown', JSONExtractString(payload, 'enterprise', 'region')) AS region,
    JSONExtractFloat(payload, 'requestedAmount') AS requested_amount,
    JSONExtractString(payload, 'deviceId') AS device_id,
    JSONExtractString(payload, 'ip') AS ip,
    JSONExtractString(payload, 'applicant', 'phone') AS applicant_phone,
    JSONExtractString(payload, 'declaredCompanyPhone') AS company_phone,
    JSONExtractString(payload, 'address') AS address
FROM events FINAL
WHERE topic = 'applications';

-- Loans as opened (repayments `loan_opened`), linking a loan to the application it came from.
CREATE VIEW IF NOT EXISTS loan_facts AS
SELECT
    JSONExtractString(payload, 'loanId') AS loan_id,
    JSONExtractString(payload, 'applicationId') AS application_id,
    JSONExtractString(payload, 'enterpriseId') AS enterprise_id,
    JSONExtractString(payload, 'product') AS product,
    JSONExtractFloat(payload, 'principal') AS principal,
    event_time AS opened_at
FROM events FINAL
WHERE topic = 'repayments' AND kind = 'loan_opened';

-- Every known label under each key it refers to: `evt:<event id>`, `app:<application id>`,
-- `loan:<loan id>`. One label with several references appears once per reference, so a join
-- on any one key finds it. occurred_at is when the outcome happened, known_at when we learnt it.
CREATE VIEW IF NOT EXISTS label_keys AS
SELECT key, kind, min(occurred_at) AS occurred_at, min(event_time) AS known_at
FROM
(
    SELECT
        kind, occurred_at, event_time,
        arrayJoin(arrayFilter(k -> k != '', [
            if(ref_event_id = '', '', concat('evt:', ref_event_id)),
            if(application_id = '', '', concat('app:', application_id)),
            if(loan_id = '', '', concat('loan:', loan_id))
        ])) AS key
    FROM labels FINAL
    WHERE kind IN ('fraud_confirmed', 'default')
)
GROUP BY key, kind;

-- One row per stored input event with the outcomes known for it: the earliest confirmed fraud
-- on the event, its application or its loan, and the earliest default of its loan at or after
-- the event. Applications reach their loan through loan_facts. The event's keys are grouped
-- on (not aggregated), so a WHERE on event_time or topic is pushed below the join.
CREATE VIEW IF NOT EXISTS event_outcomes AS
SELECT
    ev.event_id AS event_id,
    ev.topic AS topic,
    ev.event_time AS event_time,
    ev.application_id AS application_id,
    ev.loan_id AS loan_id,
    minIfOrNull(lk.occurred_at, lk.kind = 'fraud_confirmed') AS fraud_at,
    minIfOrNull(lk.occurred_at, lk.kind = 'default' AND lk.occurred_at >= ev.event_time) AS default_at
FROM
(
    SELECT e.event_id AS event_id, e.topic AS topic, e.event_time AS event_time, e.application_id AS application_id,
           if(e.loan_id != '', e.loan_id, l.loan_id) AS loan_id,
           arrayJoin(arrayFilter(k -> k != '', [
               concat('evt:', e.event_id),
               if(e.application_id = '', '', concat('app:', e.application_id)),
               if(if(e.loan_id != '', e.loan_id, l.loan_id) = '', '', concat('loan:', if(e.loan_id != '', e.loan_id, l.loan_id)))
           ])) AS key
    FROM
    (
        SELECT event_id, topic, event_time,
               JSONExtractString(payload, 'applicationId') AS application_id,
               JSONExtractString(payload, 'loanId') AS loan_id
        FROM events FINAL
        WHERE topic IN ('applications', 'transactions', 'repayments', 'enterprise-updates')
    ) AS e
    LEFT JOIN
    (
        SELECT application_id, any(loan_id) AS loan_id FROM loan_facts WHERE application_id != '' GROUP BY application_id
    ) AS l ON l.application_id = e.application_id
) AS ev
LEFT JOIN label_keys AS lk ON lk.key = ev.key
GROUP BY event_id, topic, event_time, application_id, loan_id;

-- Credit decisions (latest state of each) with their 90-day default label and its maturity.
-- A loan decided 30 days ago without a default is 'immature', not 'good'. Declined
-- applications never become loans: 'unbooked' (no default can be observed for them).
CREATE VIEW IF NOT EXISTS decision_outcomes AS
SELECT
    d.decision_id AS decision_id,
    d.application_id AS application_id,
    d.enterprise_id AS enterprise_id,
    d.product AS product,
    d.tier AS tier,
    d.probability_of_default AS probability_of_default,
    d.fraud_score AS fraud_score,
    d.credit_score AS credit_score,
    d.rule_set_version AS rule_set_version,
    d.model_versions AS model_versions,
    d.event_time AS decided_at,
    toStartOfMonth(d.event_time) AS decision_month,
    l.loan_id AS loan_id,
    90 AS window_days,
    d.event_time + INTERVAL 90 DAY AS window_end,
    window_end <= now64(3) AS matured,
    o.default_at AS default_at,
    o.fraud_at AS fraud_at,
    multiIf(
        l.loan_id = '', 'unbooked',
        o.default_at IS NOT NULL AND o.default_at <= window_end, 'bad',
        matured, 'good',
        'immature'
    ) AS default_label
FROM
(
    SELECT decision_id,
           argMax(application_id, decided_at) AS application_id,
           argMax(enterprise_id, decided_at) AS enterprise_id,
           argMax(product, decided_at) AS product,
           argMax(tier, decided_at) AS tier,
           argMax(probability_of_default, decided_at) AS probability_of_default,
           argMax(fraud_score, decided_at) AS fraud_score,
           argMax(credit_score, decided_at) AS credit_score,
           argMax(rule_set_version, decided_at) AS rule_set_version,
           argMax(model_versions, decided_at) AS model_versions,
           min(event_time) AS event_time
    FROM decisions
    GROUP BY decision_id
) AS d
LEFT JOIN
(
    SELECT application_id, any(loan_id) AS loan_id FROM loan_facts WHERE application_id != '' GROUP BY application_id
) AS l ON l.application_id = d.application_id
LEFT JOIN
(
    SELECT application_id, min(fraud_at) AS fraud_at, min(default_at) AS default_at
    FROM event_outcomes WHERE topic = 'applications' GROUP BY application_id
) AS o ON o.application_id = d.application_id;

-- Every model score (champion and challenger) with the label of its model's target and its
-- maturity (model_targets). Models without a target are 'untargeted'. `y` is 1 for bad, 0 for
-- good, NULL while immature: metrics read `WHERE label IN ('bad', 'good')`.
CREATE VIEW IF NOT EXISTS model_score_outcomes AS
SELECT
    s.score_id AS score_id,
    s.input_event_id AS input_event_id,
    s.topic AS topic,
    s.event_time AS event_time,
    toStartOfMonth(s.event_time) AS decision_month,
    s.model AS model,
    s.version AS version,
    s.role AS role,
    s.score AS score,
    t.label_kind AS label_kind,
    t.window_days AS window_days,
    s.event_time + toIntervalDay(t.window_days) AS window_end,
    window_end <= now64(3) AS matured,
    o.fraud_at AS fraud_at,
    o.default_at AS default_at,
    multiIf(
        t.label_kind = '', 'untargeted',
        t.label_kind = 'fraud_confirmed' AND o.fraud_at IS NOT NULL, 'bad',
        t.label_kind = 'default' AND o.default_at IS NOT NULL AND o.default_at <= window_end, 'bad',
        matured, 'good',
        'immature'
    ) AS label,
    multiIf(label = 'bad', 1, label = 'good', 0, NULL) AS y
FROM
(
    SELECT score_id, input_event_id, topic, event_time, m.model AS model, m.version AS version, m.role AS role, m.score AS score
    FROM scores FINAL
    ARRAY JOIN models AS m
    WHERE m.status = 'ok' AND m.score IS NOT NULL
) AS s
LEFT JOIN (SELECT model, argMax(label_kind, updated_at) AS label_kind, argMax(window_days, updated_at) AS window_days FROM model_targets GROUP BY model) AS t
    ON t.model = s.model
LEFT JOIN event_outcomes AS o ON o.event_id = s.input_event_id;

-- Every rule hit (shadow included) with the fraud outcome of the event it fired on: the
-- confirmed-fraud rate per rule. A hit is 'fraud' once fraud is confirmed on its event,
-- application or loan; 'clean' after 90 days without; 'immature' before.
CREATE VIEW IF NOT EXISTS rule_hit_outcomes AS
SELECT
    s.score_id AS score_id,
    s.input_event_id AS input_event_id,
    s.topic AS topic,
    s.event_time AS event_time,
    s.rule_id AS rule_id,
    s.rule_set_version AS rule_set_version,
    s.shadow AS shadow,
    s.action AS action,
    s.severity AS severity,
    o.fraud_at AS fraud_at,
    s.event_time + INTERVAL 90 DAY <= now64(3) AS matured,
    multiIf(o.fraud_at IS NOT NULL, 'fraud', matured, 'clean', 'immature') AS fraud_label
FROM
(
    SELECT score_id, input_event_id, topic, event_time, h.rule_id AS rule_id, h.rule_set_version AS rule_set_version,
           h.shadow AS shadow, h.action AS action, h.severity AS severity
    FROM scores FINAL
    ARRAY JOIN rule_hits AS h
) AS s
LEFT JOIN event_outcomes AS o ON o.event_id = s.input_event_id;

-- Alerts as worked by collections: the team that worked each (from its first outcome, else
-- 'unassigned'), when it was first worked and resolved, its last outcome, and when its loan
-- was cured (first repayment event after the alert that brought days past due back to 0).
CREATE VIEW IF NOT EXISTS alert_work AS
SELECT
    a.alert_id AS alert_id,
    a.signal AS signal,
    a.severity AS severity,
    a.loan_id AS loan_id,
    a.enterprise_id AS enterprise_id,
    a.raised_at AS raised_at,
    a.exposure AS exposure,
    if(w.outcomes = 0, 'unassigned', w.team) AS team,
    w.outcomes AS outcomes,
    if(w.outcomes = 0, NULL, w.first_worked_at) AS first_worked_at,
    if(w.outcomes = 0, NULL, w.last_outcome) AS last_outcome,
    if(w.resolved = 0, NULL, w.resolved_at) AS resolved_at,
    multiIf(a.severity = 'critical', 4, a.severity = 'high', 24, a.severity = 'medium', 72, 168) AS sla_hours,
    a.raised_at + toIntervalHour(sla_hours) AS sla_due_at,
    if(empty(c.cure_times), NULL, arrayFirst(t -> t > a.raised_at, arraySort(c.cure_times))) AS cure_candidate,
    if(cure_candidate IS NULL OR cure_candidate <= a.raised_at, NULL, cure_candidate) AS cured_at
FROM
(
    SELECT alert_id, argMax(signal, ingested_at) AS signal, argMax(severity, ingested_at) AS severity,
           argMax(loan_id, ingested_at) AS loan_id, argMax(enterprise_id, ingested_at) AS enterprise_id,
           min(raised_at) AS raised_at, argMax(exposure, ingested_at) AS exposure
    FROM alerts
    GROUP BY alert_id
) AS a
LEFT JOIN
(
    SELECT alert_id,
           argMin(team, event_time) AS team,
           count() AS outcomes,
           min(event_time) AS first_worked_at,
           argMax(outcome, event_time) AS last_outcome,
           countIf(outcome IN ('paid', 'unreachable', 'fraud_confirmed', 'false_alarm')) AS resolved,
           minIf(event_time, outcome IN ('paid', 'unreachable', 'fraud_confirmed', 'false_alarm')) AS resolved_at
    FROM collection_outcomes FINAL
    GROUP BY alert_id
) AS w ON w.alert_id = a.alert_id
LEFT JOIN
(
    SELECT JSONExtractString(payload, 'loanId') AS loan_id, groupArray(event_time) AS cure_times
    FROM events FINAL
    WHERE topic = 'repayments' AND kind IN ('paid', 'dpd_update') AND JSONExtractInt(payload, 'daysPastDue') = 0
      AND JSONExtractString(payload, 'loanId') != ''
    GROUP BY loan_id
) AS c ON c.loan_id = a.loan_id;
