/**
 * Live risk overview, for the risk-operations desk: what is flowing in, what is being decided
 * and raised, and why.
 */
import { inVariable, macro } from '../clickhouse.ts';
import type { DashboardSpec } from '../dashboard.ts';
import { barChart, barGauge, stat, table, timeSeries } from '../panels.ts';

/** Decisions of the selected products and regions in the time range. */
const DECISIONS = `
    FROM decisions FINAL
    WHERE ${macro.timeFilter('event_time')}
      AND ${inVariable('product', 'product')}
      AND application_id IN (SELECT application_id FROM application_facts WHERE ${macro.timeFilter('event_time')} AND ${inVariable('region', 'region')})`;

const APPROVED = "tier IN ('auto_approve', 'suggest_pass')";

export const liveRiskOverview: DashboardSpec = {
  uid: 'fengkong-live-risk',
  title: 'Fengkong · Live risk overview',
  description: 'Events flowing in, credit decisions by tier, approval rate, alerts, score distributions and the reasons behind them.',
  tags: ['risk-ops', 'live'],
  from: 'now-24h',
  refresh: '30s',
  variables: ['product', 'region'],
  rows: [
    {
      title: 'Flow',
      panels: [
        timeSeries({
          title: 'Events per second by topic',
          description: 'Input events stored in ClickHouse per second of event time, by topic (events table).',
          unit: 'suffix: ev/s',
          span: 12,
          sql: `
            SELECT ${macro.timeInterval('event_time')} AS time, topic, count() / ${macro.intervalSeconds} AS events_per_second
            FROM events
            WHERE ${macro.timeFilter('event_time')}
            GROUP BY time, topic
            ORDER BY time`,
        }),
        timeSeries({
          title: 'Decisions by tier',
          description: 'Credit decisions per interval by tier, for the selected products and regions (latest state of each decision).',
          span: 12,
          interval: '1h',
          stacked: true,
          bars: true,
          sql: `
            SELECT ${macro.timeInterval('event_time')} AS time, tier, uniqExact(decision_id) AS decisions
            ${DECISIONS}
            GROUP BY time, tier
            ORDER BY time`,
        }),
        stat({
          title: 'Decisions',
          description: 'Credit decisions made in the time range (selected products and regions).',
          sql: `SELECT uniqExact(decision_id) AS decisions ${DECISIONS}`,
        }),
        stat({
          title: 'Approval rate',
          description: 'Share of decisions in the auto-approve or suggest-pass tiers.',
          unit: 'percentunit',
          decimals: 1,
          sql: `SELECT uniqExactIf(decision_id, ${APPROVED}) / greatest(uniqExact(decision_id), 1) AS approval_rate ${DECISIONS}`,
        }),
        stat({
          title: 'Alerts raised',
          description: 'Early-warning and fraud alerts raised in the time range.',
          sql: `SELECT uniqExact(alert_id) AS alerts FROM alerts WHERE ${macro.timeFilter('raised_at')}`,
        }),
        stat({
          title: 'Degraded scores',
          description: "Share of scores where a model failed and the score was made without it (status 'degraded' or 'error').",
          unit: 'percentunit',
          decimals: 2,
          thresholds: [{ value: null, color: 'green' }, { value: 0.01, color: 'orange' }, { value: 0.05, color: 'red' }],
          sql: `SELECT countIf(status != 'ok') / greatest(count(), 1) AS degraded FROM scores FINAL WHERE ${macro.timeFilter('event_time')}`,
        }),
        timeSeries({
          title: 'Approval rate over time',
          description: 'Share of decisions per interval in the auto-approve or suggest-pass tiers.',
          unit: 'percentunit',
          interval: '1h',
          span: 12,
          sql: `
            SELECT ${macro.timeInterval('event_time')} AS time, uniqExactIf(decision_id, ${APPROVED}) / greatest(uniqExact(decision_id), 1) AS approval_rate
            ${DECISIONS}
            GROUP BY time
            ORDER BY time`,
        }),
        barChart({
          title: 'Alerts by signal and severity',
          description: 'Alerts raised in the time range by signal, stacked by severity.',
          xField: 'signal',
          stacked: true,
          span: 12,
          sql: `
            SELECT signal, uniqExactIf(alert_id, severity = 'critical') AS critical, uniqExactIf(alert_id, severity = 'high') AS high,
                   uniqExactIf(alert_id, severity = 'medium') AS medium, uniqExactIf(alert_id, severity = 'low') AS low
            FROM alerts
            WHERE ${macro.timeFilter('raised_at')}
            GROUP BY signal
            ORDER BY uniqExact(alert_id) DESC`,
        }),
      ],
    },
    {
      title: 'Scores and reasons',
      panels: [
        barChart({
          title: 'Risk score distribution',
          description: 'Scored events by risk score (0-1000, buckets of 100) and input topic.',
          xField: 'risk_band',
          stacked: true,
          span: 12,
          sql: `
            SELECT concat(toString(b * 100), '-', toString(b * 100 + 99)) AS risk_band,
                   countIf(topic = 'applications') AS applications, countIf(topic = 'transactions') AS transactions,
                   countIf(topic = 'repayments') AS repayments, countIf(topic = 'enterprise-updates') AS enterprise_updates
            FROM scores FINAL
            WHERE ${macro.timeFilter('event_time')}
            GROUP BY least(intDiv(toUInt32(risk_score), 100), 9) AS b
            ORDER BY b`,
        }),
        timeSeries({
          title: 'Model score percentiles (champions)',
          description: 'Median and 90th percentile of each champion model score per interval: a quick look at score shifts (Model monitoring has PSI).',
          interval: '1h',
          span: 12,
          sql: `
            SELECT time, concat(model, ' p', toString(p)) AS series, value AS score
            FROM
            (
                SELECT ${macro.timeInterval('event_time')} AS time, m.model AS model, quantilesExact(0.5, 0.9)(m.score) AS qs
                FROM scores FINAL
                ARRAY JOIN models AS m
                WHERE ${macro.timeFilter('event_time')} AND m.role = 'champion' AND m.score IS NOT NULL
                GROUP BY time, model
            )
            ARRAY JOIN [50, 90] AS p, qs AS value
            ORDER BY time`,
        }),
        barGauge({
          title: 'Top reason codes',
          description: 'The ten most frequent reason codes on scores in the time range (rule hits acted on and model reasons).',
          span: 12,
          sql: `
            SELECT code, count() AS scores
            FROM scores FINAL
            ARRAY JOIN reason_codes AS code
            WHERE ${macro.timeFilter('event_time')}
            GROUP BY code
            ORDER BY scores DESC
            LIMIT 10`,
        }),
        barGauge({
          title: 'Top decline reasons',
          description: 'The ten most frequent reason codes on decisions in the reject or careful-review tiers (selected products and regions).',
          span: 12,
          sql: `
            SELECT code, uniqExact(decision_id) AS decisions
            FROM decisions FINAL
            ARRAY JOIN reason_codes AS code
            WHERE ${macro.timeFilter('event_time')} AND tier IN ('auto_reject', 'suggest_reject', 'careful_review')
              AND ${inVariable('product', 'product')}
              AND application_id IN (SELECT application_id FROM application_facts WHERE ${macro.timeFilter('event_time')} AND ${inVariable('region', 'region')})
            GROUP BY code
            ORDER BY decisions DESC
            LIMIT 10`,
        }),
      ],
    },
    {
      title: 'Originators',
      panels: [
        table({
          title: 'Originators: volume, approvals and confirmed outcomes',
          description: 'Per originator (branch, channel partner, or the bank\u2019s online channel: `originatorId` on the application), applications in the time range for the selected products and regions, the share approved, the mean fraud score, and how many of those applications have since been labelled default or confirmed fraud. A partner or branch whose confirmed outcomes climb is a channel to review; its record is also a model input (`originator.*` features).',
          span: 24,
          height: 8,
          sql: `
            SELECT a.originator AS originator, count() AS applications,
                   round(100 * countIf(d.tier IN ('auto_approve', 'suggest_pass')) / count(), 1) AS approved_pct,
                   round(avg(d.fraud_score), 3) AS mean_fraud_score,
                   countIf(a.application_id IN (SELECT application_id FROM labels FINAL WHERE kind = 'default')) AS defaults_confirmed,
                   countIf(a.application_id IN (SELECT application_id FROM labels FINAL WHERE kind = 'fraud_confirmed')) AS fraud_confirmed
            FROM (
              SELECT JSONExtractString(payload, 'applicationId') AS application_id, JSONExtractString(payload, 'originatorId') AS originator
              FROM events FINAL
              WHERE topic = 'applications' AND ${macro.timeFilter('event_time')}
            ) AS a
            INNER JOIN (
              SELECT application_id, argMax(tier, decided_at) AS tier, argMax(fraud_score, decided_at) AS fraud_score
              ${DECISIONS}
              GROUP BY application_id
            ) AS d ON d.application_id = a.application_id
            WHERE a.originator != ''
            GROUP BY originator
            ORDER BY applications DESC, originator
            LIMIT 20`,
        }),
      ],
    },
    {
      title: 'Pre-loan prospects',
      panels: [
        table({
          title: 'Top prospects',
          description: 'Growing, creditworthy enterprises from prospect discovery (prospects table, latest evaluation of each enterprise; docs/prospects.md), best score first, for the selected products: recommended product, indicative limit, invoice-sales growth, next-quarter forecast and the first reason.',
          span: 16,
          height: 10,
          sql: `
            SELECT enterprise_id, enterprise_name, product, round(score, 1) AS score, toFloat64(indicative_limit) AS indicative_limit,
                   round((exp(growth) - 1) * 100, 1) AS growth_pct, forecast_from, toFloat64(forecast_median) AS next_quarter_sales,
                   JSONExtractString(reasons, 1, 'en') AS first_reason, as_of
            FROM prospects FINAL
            WHERE eligible AND ${inVariable('product', 'product')}
            ORDER BY score DESC, enterprise_id
            LIMIT 20`,
        }),
        barGauge({
          title: 'Prospects by product',
          description: 'Enterprises on the prospect list by recommended product (prospects table, latest evaluation of each enterprise).',
          span: 8,
          height: 10,
          sql: `
            SELECT product, count() AS prospects
            FROM prospects FINAL
            WHERE eligible AND ${inVariable('product', 'product')}
            GROUP BY product
            ORDER BY prospects DESC`,
        }),
      ],
    },
  ],
};
