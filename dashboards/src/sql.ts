/**
 * SQL fragments several dashboards share: rates from cumulative counters, quantiles from
 * Prometheus-style histogram buckets, and the rule ids of the rule set that read lists.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileRuleSet } from '../../detectors/rules/load.ts';
import { macro } from './clickhouse.ts';

/** The rule set the dashboards describe (list rules are taken from it at generation time). */
export const DEFAULT_RULES_FILE = fileURLToPath(new URL('../../rules/default.yaml', import.meta.url));

/**
 * Ids of the rules whose condition reads `lists.*` (blacklists, greylists): their hits are the
 * list hits. Read from the rule set so the dashboard follows it when it is regenerated.
 */
export function listRuleIds(file: string = DEFAULT_RULES_FILE): string[] {
  const result = compileRuleSet(readFileSync(file, 'utf8'), file, { checkEventPaths: false });
  if (!result.ok) throw new Error(`reading list rules from ${file}: ${result.issues.map((i) => `${i.line}:${i.col} ${i.message}`).join('; ')}`);
  return result.ruleSet.rules.filter((r) => r.references.lists.size > 0).map((r) => r.id).sort();
}

/** `'a', 'b'` for an IN list of string literals (ids from our own rule file, escaped anyway). */
export const sqlList = (values: readonly string[]): string => values.map((v) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`).join(', ');

/**
 * Per-step increments of cumulative counters in `pipeline_metrics` (one series per processor,
 * instance and label set), as rows (time, labels, inc). A counter that went down restarted with
 * its process: its new value is the increment (as Prometheus' rate() does).
 */
export function counterIncrements(metric: string): string {
  return `
    SELECT time, labels, if(d < 0, value, d) AS inc
    FROM
    (
        SELECT time, labels, value,
               value - lagInFrame(value, 1, value) OVER (PARTITION BY processor, instance, labels ORDER BY time ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS d
        FROM pipeline_metrics FINAL
        WHERE metric = '${metric}' AND ${macro.timeFilter('time')}
    )`;
}

/**
 * Quantiles over time from a histogram's cumulative `_bucket{le}` counters, interpolated
 * linearly inside the bucket as Prometheus' histogram_quantile() does; the +Inf bucket answers
 * its lower bound. Rows: (time, quantile label, seconds).
 */
export function histogramQuantiles(bucketMetric: string, quantiles: readonly number[] = [0.5, 0.9, 0.99]): string {
  return `
    SELECT time, concat('p', toString(q * 100)) AS quantile,
           if(idx = 0, NULL,
              if(isInfinite(les[idx]), if(idx = 1, 0, les[idx - 1]),
                 if(idx = 1, 0, les[idx - 1]) + (les[idx] - if(idx = 1, 0, les[idx - 1]))
                   * (q * total - if(idx = 1, 0, cums[idx - 1])) / greatest(cums[idx] - if(idx = 1, 0, cums[idx - 1]), 1e-9))) AS seconds
    FROM
    (
        SELECT time, arrayMap(x -> x.1, sorted) AS les, arrayMap(x -> x.2, sorted) AS cums, arrayMax(cums) AS total,
               arrayJoin([${quantiles.join(', ')}]) AS q,
               arrayFirstIndex(c -> c >= q * total, cums) AS idx
        FROM
        (
            SELECT time, arraySort(x -> x.1, groupArray((le, n))) AS sorted
            FROM
            (
                SELECT ${macro.timeInterval('time')} AS time,
                       if(extract(labels, 'le=([^,]+)') = '+Inf', inf, toFloat64OrZero(extract(labels, 'le=([^,]+)'))) AS le,
                       sum(inc) AS n
                FROM (${counterIncrements(bucketMetric)})
                GROUP BY time, le
            )
            GROUP BY time
        )
        WHERE total > 0
    )
    ORDER BY time, quantile`;
}
