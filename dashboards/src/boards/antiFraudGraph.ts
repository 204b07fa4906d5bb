/**
 * Anti-fraud and knowledge graph: linked groups the graph checks found, identifiers shared
 * across enterprises, rules fired (shadow rules included), list hits, and how often each rule's
 * hits turn out to be confirmed fraud.
 */
import { inVariable, macro } from '../clickhouse.ts';
import type { DashboardSpec } from '../dashboard.ts';
import { barChart, stat, table, timeSeries } from '../panels.ts';
import { listRuleIds, sqlList } from '../sql.ts';

/** Graph signals are in the score's feature snapshot as `graph.<signal>` (detectors/graph/featureVector.ts). */
const APPLICATION_SCORES = `FROM scores FINAL WHERE topic = 'applications' AND ${macro.timeFilter('event_time')}`;
/** A linked group worth a look: the applicant plus at least two other linked persons or enterprises. */
const LINKED = "features['graph.linkedGroupSize'] >= 3";

export function antiFraudGraph(rulesFile?: string): DashboardSpec {
  const listRules = listRuleIds(rulesFile);
  return {
    uid: 'fengkong-fraud-graph',
    title: 'Fengkong · Anti-fraud & graph',
    description: 'Linked groups and shared identifiers from the knowledge graph, rules fired (shadow included), list hits and confirmed-fraud rate per rule.',
    tags: ['fraud', 'graph', 'rules'],
    from: 'now-7d',
    refresh: '5m',
    variables: ['rule_set', 'region'],
    rows: [
      {
        title: 'Knowledge graph',
        panels: [
          stat({
            title: 'Applications in linked groups',
            description: 'Applications whose applicant belongs to a linked group of three or more nodes (graph.linkedGroupSize >= 3).',
            sql: `SELECT countIf(${LINKED}) AS applications ${APPLICATION_SCORES}`,
          }),
          stat({
            title: 'Near a flagged node',
            description: 'Applications whose linked group holds a listed, defaulted or confirmed-fraud node (graph.linkedFlaggedCount > 0).',
            thresholds: [{ value: null, color: 'green' }, { value: 1, color: 'orange' }],
            sql: `SELECT countIf(features['graph.linkedFlaggedCount'] > 0) AS applications ${APPLICATION_SCORES}`,
          }),
          barChart({
            title: 'Linked group sizes',
            description: 'Applications by the size of the linked group the graph check found (groups of two or more nodes).',
            xField: 'group_size',
            span: 12,
            sql: `
              SELECT toString(size) AS group_size, count() AS applications
              ${APPLICATION_SCORES} AND features['graph.linkedGroupSize'] >= 2
              GROUP BY toUInt32(features['graph.linkedGroupSize']) AS size
              ORDER BY size`,
          }),
          timeSeries({
            title: 'Linked-group applications over time',
            description: 'Applications per interval in linked groups of three or more, and those near a flagged node.',
            interval: '6h',
            span: 12,
            sql: `
              SELECT ${macro.timeInterval('event_time')} AS time, countIf(${LINKED}) AS in_linked_group,
                     countIf(features['graph.linkedFlaggedCount'] > 0) AS near_flagged_node
              ${APPLICATION_SCORES}
              GROUP BY time
              ORDER BY time`,
          }),
          table({
            title: 'Shared-identifier hot spots',
            description: 'Devices, phones (pseudonymised), IP addresses and business addresses used by two or more enterprises in applications of the selected regions; the top 20 by enterprises.',
            span: 12,
            sql: `
              SELECT tupleElement(pair, 1) AS identifier, tupleElement(pair, 2) AS value,
                     uniqExact(enterprise_id) AS enterprises, count() AS applications, max(event_time) AS last_seen
              FROM application_facts
              ARRAY JOIN [('device', device_id), ('applicant phone', applicant_phone), ('company phone', company_phone), ('ip', ip), ('address', address)] AS pair
              WHERE ${macro.timeFilter('event_time')} AND ${inVariable('region', 'region')} AND tupleElement(pair, 2) != ''
              GROUP BY identifier, value
              HAVING enterprises >= 2
              ORDER BY enterprises DESC, applications DESC
              LIMIT 20`,
          }),
        ],
      },
      {
        title: 'Rules and lists',
        panels: [
          timeSeries({
            title: 'Rules fired per day (shadow included)',
            description: 'Distinct scores each rule hit per Beijing calendar day (rule_hits_daily); shadow rules are marked and never act.',
            interval: '1d',
            stacked: true,
            bars: true,
            span: 12,
            sql: `
              SELECT toDateTime(day) AS time, concat(rule_id, if(shadow, ' (shadow)', '')) AS rule, uniqExactMerge(hits) AS hits
              FROM rule_hits_daily
              WHERE ${macro.dateFilter('day')} AND ${inVariable('rule_set_version', 'rule_set')}
              GROUP BY day, rule
              ORDER BY time`,
          }),
          table({
            title: 'Rule hits and hit rates',
            description: 'Per rule in the time range: distinct scores hit, and the hit rate over the scores of its topic (rule_hits_daily / scores_daily).',
            span: 12,
            sql: `
              SELECT r.rule_id AS rule, r.shadow AS shadow, r.action AS action, r.severity AS severity, r.hits AS hits,
                     r.hits / greatest(s.scores, 1) AS hit_rate
              FROM
              (
                  SELECT topic, rule_id, shadow, action, severity, uniqExactMerge(hits) AS hits
                  FROM rule_hits_daily
                  WHERE ${macro.dateFilter('day')} AND ${inVariable('rule_set_version', 'rule_set')}
                  GROUP BY topic, rule_id, shadow, action, severity
              ) AS r
              LEFT JOIN
              (
                  SELECT topic, uniqExactMerge(scores) AS scores FROM scores_daily WHERE ${macro.dateFilter('day')} GROUP BY topic
              ) AS s ON s.topic = r.topic
              ORDER BY hits DESC`,
          }),
          timeSeries({
            title: 'List hits',
            description: `Hits of the rules that read blacklists and greylists (${listRules.join(', ')}; taken from rules/default.yaml when the dashboard is generated).`,
            interval: '1d',
            bars: true,
            stacked: true,
            span: 12,
            sql: `
              SELECT toDateTime(day) AS time, rule_id AS rule, uniqExactMerge(hits) AS hits
              FROM rule_hits_daily
              WHERE ${macro.dateFilter('day')} AND rule_id IN (${sqlList(listRules)}) AND ${inVariable('rule_set_version', 'rule_set')}
              GROUP BY day, rule_id
              ORDER BY time`,
          }),
          table({
            title: 'Confirmed-fraud rate per rule (last 180 days)',
            description:
              'Per rule: hits, hits whose fraud outcome is known (confirmed fraud, or 90 days passed without), confirmed fraud, and the rate among known outcomes (rule_hit_outcomes). Over 180 days: fraud takes weeks to confirm.',
            span: 12,
            timeFrom: '180d',
            sql: `
              SELECT rule_id AS rule, any(shadow) AS shadow, count() AS hits,
                     countIf(fraud_label != 'immature') AS known_outcomes,
                     countIf(fraud_label = 'fraud') AS confirmed_fraud,
                     confirmed_fraud / nullIf(known_outcomes, 0) AS confirmed_fraud_rate
              FROM rule_hit_outcomes
              WHERE ${macro.timeFilter('event_time')} AND ${inVariable('rule_set_version', 'rule_set')}
              GROUP BY rule_id
              ORDER BY confirmed_fraud_rate DESC NULLS LAST, hits DESC`,
          }),
          timeSeries({
            title: 'Fraud alerts',
            description: 'Application- and transaction-fraud alerts raised per interval, by signal and severity.',
            interval: '6h',
            span: 24,
            sql: `
              SELECT ${macro.timeInterval('raised_at')} AS time, concat(signal, ' · ', severity) AS series, uniqExact(alert_id) AS alerts
              FROM alerts
              WHERE ${macro.timeFilter('raised_at')} AND signal IN ('application_fraud', 'transaction_fraud')
              GROUP BY time, series
              ORDER BY time`,
          }),
        ],
      },
    ],
  };
}
