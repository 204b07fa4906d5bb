/**
 * Post-loan early warning and collections: alerts by severity and team, the work queue's depth
 * and age, SLA breaches, what collectors recorded, and how many delinquent loans were cured.
 * Built on the alert_work view (migrations/0011_alert_work_from_queues.sql): one row per queue
 * work item (alerts the queue merged into an open one or suppressed are evidence, not work),
 * its team, first claim, resolution and SLA deadline from the queue history; alerts never queued
 * fall back to collection outcomes ('unassigned' until someone works them, SLA by severity: 4 h
 * critical, 24 h high, 72 h medium, 168 h low); cure = days past due back to 0 after the alert.
 */
import { inVariable, macro } from '../clickhouse.ts';
import type { DashboardSpec } from '../dashboard.ts';
import { barChart, pieChart, stat, table, timeSeries } from '../panels.ts';

const TEAM = inVariable('team', 'team');
/** Open at the end of the range: raised before it and not resolved by then. */
const OPEN_AT_END = `raised_at <= ${macro.toTime} AND (resolved_at IS NULL OR resolved_at > ${macro.toTime})`;
/** Breached: first worked after its SLA, or still unworked past it at the end of the range. */
const BREACHED = `(first_worked_at IS NOT NULL AND first_worked_at > sla_due_at) OR (first_worked_at IS NULL AND sla_due_at < ${macro.toTime})`;
const DELINQUENCY_SIGNALS = "signal IN ('missed_payment', 'partial_payment', 'dpd_transition')";

export const postLoanCollections: DashboardSpec = {
  uid: 'fengkong-collections',
  title: 'Fengkong · Post-loan early warning & collections',
  description: 'Alerts by severity and team, queue depth and age, SLA breaches, collection outcomes and cure rates.',
  tags: ['post-loan', 'collections'],
  from: 'now-7d',
  refresh: '1m',
  variables: ['team'],
  rows: [
    {
      title: 'Queue',
      panels: [
        stat({
          title: 'Open alerts',
          description: 'Alerts raised and not yet resolved at the end of the time range (selected teams).',
          thresholds: [{ value: null, color: 'green' }, { value: 100, color: 'orange' }, { value: 500, color: 'red' }],
          sql: `SELECT countIf(${OPEN_AT_END}) AS open_alerts FROM alert_work WHERE ${TEAM}`,
        }),
        stat({
          title: 'SLA breach rate',
          description: 'Share of alerts raised in the range that were first worked after their SLA, or are still unworked past it.',
          unit: 'percentunit',
          decimals: 1,
          thresholds: [{ value: null, color: 'green' }, { value: 0.05, color: 'orange' }, { value: 0.15, color: 'red' }],
          sql: `SELECT countIf(${BREACHED}) / greatest(count(), 1) AS breach_rate FROM alert_work WHERE ${macro.timeFilter('raised_at')} AND ${TEAM}`,
        }),
        stat({
          title: 'Median time to first action',
          description: 'Median hours from an alert being raised to the first collection outcome recorded on it (alerts raised in the range).',
          unit: 'h',
          decimals: 1,
          sql: `SELECT quantileExact(0.5)(dateDiff('second', raised_at, first_worked_at) / 3600) AS hours FROM alert_work WHERE ${macro.timeFilter('raised_at')} AND first_worked_at IS NOT NULL AND ${TEAM}`,
        }),
        stat({
          title: 'Exposure under open alerts',
          description: 'Outstanding exposure (CNY) of the loans with an open alert at the end of the range.',
          unit: 'currencyCNY',
          sql: `SELECT sum(ifNull(exposure, 0)) AS exposure FROM alert_work WHERE ${OPEN_AT_END} AND ${TEAM}`,
        }),
        timeSeries({
          title: 'Alerts by severity',
          description: 'Alerts raised per interval by severity (selected teams).',
          interval: '6h',
          stacked: true,
          bars: true,
          span: 12,
          sql: `
            SELECT ${macro.timeInterval('raised_at')} AS time, severity, count() AS alerts
            FROM alert_work
            WHERE ${macro.timeFilter('raised_at')} AND ${TEAM}
            GROUP BY time, severity
            ORDER BY time`,
        }),
        barChart({
          title: 'Alerts by team and severity',
          description: 'Alerts raised in the range by the team that worked them, stacked by severity.',
          xField: 'team',
          stacked: true,
          span: 12,
          sql: `
            SELECT team, countIf(severity = 'critical') AS critical, countIf(severity = 'high') AS high,
                   countIf(severity = 'medium') AS medium, countIf(severity = 'low') AS low
            FROM alert_work
            WHERE ${macro.timeFilter('raised_at')} AND ${TEAM}
            GROUP BY team
            ORDER BY team`,
        }),
        timeSeries({
          title: 'Queue depth',
          description: 'Open alerts over time: every alert raised counts +1, every resolution -1, summed from the start (alerts raised before the range count from its first point).',
          interval: '1h',
          span: 12,
          sql: `
            SELECT time, sum(sum(d)) OVER (ORDER BY time ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS open_alerts
            FROM
            (
                SELECT ${macro.timeInterval('t')} AS time, d
                FROM
                (
                    SELECT greatest(raised_at, ${macro.fromTime}) AS t, 1 AS d FROM alert_work WHERE raised_at <= ${macro.toTime} AND ${TEAM}
                    UNION ALL
                    SELECT greatest(assumeNotNull(resolved_at), ${macro.fromTime}) AS t, -1 AS d FROM alert_work
                    WHERE resolved_at IS NOT NULL AND resolved_at <= ${macro.toTime} AND ${TEAM}
                )
            )
            GROUP BY time
            ORDER BY time`,
        }),
        barChart({
          title: 'Age of open alerts',
          description: 'Alerts open at the end of the range by age, stacked by severity (an alert has a team once someone works it, so open ones are mostly unassigned).',
          xField: 'age',
          stacked: true,
          span: 12,
          sql: `
            SELECT age, countIf(severity = 'critical') AS critical, countIf(severity = 'high') AS high,
                   countIf(severity = 'medium') AS medium, countIf(severity = 'low') AS low
            FROM alert_work
            WHERE ${OPEN_AT_END} AND ${TEAM}
            GROUP BY multiIf(dateDiff('hour', raised_at, ${macro.toTime}) < 24, 1, dateDiff('hour', raised_at, ${macro.toTime}) < 72, 2,
                             dateDiff('hour', raised_at, ${macro.toTime}) < 168, 3, dateDiff('hour', raised_at, ${macro.toTime}) < 720, 4, 5) AS bucket,
                     ['< 1 day', '1-3 days', '3-7 days', '7-30 days', '30+ days'][bucket] AS age
            ORDER BY bucket`,
        }),
      ],
    },
    {
      title: 'Service levels and outcomes',
      panels: [
        timeSeries({
          title: 'SLA breaches by team',
          description: 'Alerts raised per day that breached their SLA (first worked late, or still unworked past it), by team.',
          interval: '1d',
          bars: true,
          stacked: true,
          span: 12,
          sql: `
            SELECT ${macro.timeInterval('raised_at')} AS time, team, countIf(${BREACHED}) AS breaches
            FROM alert_work
            WHERE ${macro.timeFilter('raised_at')} AND ${TEAM}
            GROUP BY time, team
            ORDER BY time`,
        }),
        timeSeries({
          title: 'Collection outcomes',
          description: 'What collectors recorded per interval: promise to pay, paid, unreachable, dispute, false alarm (collection_outcomes).',
          interval: '6h',
          bars: true,
          stacked: true,
          span: 12,
          sql: `
            SELECT ${macro.timeInterval('event_time')} AS time, outcome, count() AS outcomes
            FROM collection_outcomes FINAL
            WHERE ${macro.timeFilter('event_time')} AND ${TEAM}
            GROUP BY time, outcome
            ORDER BY time`,
        }),
        pieChart({
          title: 'Outcome mix',
          description: 'Collection outcomes recorded in the range.',
          span: 8,
          sql: `
            SELECT outcome, count() AS outcomes
            FROM collection_outcomes FINAL
            WHERE ${macro.timeFilter('event_time')} AND ${TEAM}
            GROUP BY outcome
            ORDER BY outcomes DESC`,
        }),
        table({
          title: 'Cure rate by team and signal (last 90 days)',
          description: 'Delinquency alerts (missed, partial payment, days-past-due transition) whose loan returned to 0 days past due within 30 days of the alert. Alerts younger than 30 days are not yet counted as uncured.',
          span: 16,
          timeFrom: '90d',
          sql: `
            SELECT team, signal, count() AS alerts,
                   countIf(cured_at IS NOT NULL AND cured_at <= raised_at + INTERVAL 30 DAY) AS cured_30d,
                   countIf(raised_at + INTERVAL 30 DAY <= ${macro.toTime} OR (cured_at IS NOT NULL AND cured_at <= raised_at + INTERVAL 30 DAY)) AS decided,
                   cured_30d / nullIf(decided, 0) AS cure_rate
            FROM alert_work
            WHERE ${macro.timeFilter('raised_at')} AND ${DELINQUENCY_SIGNALS} AND ${TEAM}
            GROUP BY team, signal
            ORDER BY team, signal`,
        }),
      ],
    },
  ],
};
