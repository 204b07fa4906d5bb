-- Alerts as worked by collections, now read from the queues (queue_history, migration 0009)
-- where the queue service runs, instead of from collection outcomes alone:
--  - an alert the queue merged into the open alert of the same loan and signal (an `appended`
--    change naming it as `sourceAlertId`) or suppressed inside its cooldown is evidence, not a
--    work item: it is left out, so open-alert counts and ageing are not inflated by repeats;
--  - team, first claim, resolution, last outcome and SLA deadline come from the alert's own
--    queue history (latest team after reassignments and escalations);
--  - alerts with no queue history (no queue service, e.g. embedded mode, or an external
--    collection system reporting on the collection-outcomes topic) keep the outcome-based
--    reading of 0008.
-- The columns of 0008's view, so dashboards and reports read it unchanged, plus `queued`.
CREATE OR REPLACE VIEW alert_work AS
SELECT
    a.alert_id AS alert_id,
    a.signal AS signal,
    a.severity AS severity,
    a.loan_id AS loan_id,
    a.enterprise_id AS enterprise_id,
    a.raised_at AS raised_at,
    a.exposure AS exposure,
    q.alert_id != '' AS queued,
    multiIf(queued, q.team, w.outcomes = 0, 'unassigned', w.team) AS team,
    if(queued, q.resolutions, w.outcomes) AS outcomes,
    multiIf(queued, q.first_claimed_at, w.outcomes = 0, NULL, w.first_worked_at) AS first_worked_at,
    multiIf(queued, q.last_outcome, w.outcomes = 0, NULL, w.last_outcome) AS last_outcome,
    multiIf(queued, q.resolved_at, w.resolved = 0, NULL, w.resolved_at) AS resolved_at,
    multiIf(a.severity = 'critical', 4, a.severity = 'high', 24, a.severity = 'medium', 72, 168) AS sla_hours,
    if(queued AND q.sla_deadline IS NOT NULL, assumeNotNull(q.sla_deadline), a.raised_at + toIntervalHour(sla_hours)) AS sla_due_at,
    if(empty(c.cure_times), NULL, arrayFirst(t -> t > a.raised_at, arraySort(c.cure_times))) AS cure_candidate,
    if(cure_candidate IS NULL OR cure_candidate <= a.raised_at, NULL, cure_candidate) AS cured_at
FROM
(
    SELECT alert_id, argMax(signal, ingested_at) AS signal, argMax(severity, ingested_at) AS severity,
           argMax(loan_id, ingested_at) AS loan_id, argMax(enterprise_id, ingested_at) AS enterprise_id,
           min(raised_at) AS raised_at, argMax(exposure, ingested_at) AS exposure
    FROM alerts
    WHERE alert_id NOT IN (
        SELECT JSONExtractString(details, 'sourceAlertId') FROM queue_history FINAL WHERE action = 'appended'
        UNION ALL
        SELECT alert_id FROM queue_history FINAL WHERE action = 'suppressed'
    )
    GROUP BY alert_id
) AS a
LEFT JOIN
(
    SELECT alert_id,
           argMax(team, changed_at) AS team,
           countIf(action = 'resolved') AS resolutions,
           minIf(changed_at, action = 'claimed') AS claimed_min,
           if(countIf(action = 'claimed') = 0, NULL, claimed_min) AS first_claimed_at,
           if(countIf(action = 'resolved') = 0, NULL, argMaxIf(outcome, changed_at, action = 'resolved')) AS last_outcome,
           minIf(changed_at, action = 'resolved') AS resolved_min,
           if(countIf(action = 'resolved') = 0, NULL, resolved_min) AS resolved_at,
           argMax(sla_deadline, changed_at) AS sla_deadline
    FROM queue_history FINAL
    GROUP BY alert_id
) AS q ON q.alert_id = a.alert_id
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
