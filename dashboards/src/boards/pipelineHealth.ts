/**
 * Pipeline health, for whoever runs the platform: throughput, event latency percentiles,
 * consumer lag, batch durations and dead letters. Processor metrics come from the
 * `pipeline_metrics` snapshots (metricNames.ts), dead letters from their table.
 */
import { macro } from '../clickhouse.ts';
import type { DashboardSpec } from '../dashboard.ts';
import { DASHBOARD_METRIC } from '../metricNames.ts';
import { barGauge, stat, table, timeSeries } from '../panels.ts';
import { counterIncrements, histogramQuantiles } from '../sql.ts';

const label = (name: string): string => `extract(labels, '${name}=([^,]+)')`;

export const pipelineHealth: DashboardSpec = {
  uid: 'fengkong-pipeline-health',
  title: 'Fengkong · Pipeline health',
  description: 'Throughput, event latency percentiles, consumer lag, batch durations and dead letters by reason.',
  tags: ['operations', 'pipeline'],
  from: 'now-6h',
  refresh: '30s',
  variables: [],
  rows: [
    {
      title: 'Throughput and latency',
      panels: [
        timeSeries({
          title: 'Throughput by topic',
          description: `Records consumed per second by input topic (${DASHBOARD_METRIC.eventsConsumed}).`,
          unit: 'suffix: rec/s',
          span: 12,
          interval: '1m',
          stacked: true,
          sql: `
            SELECT ${macro.timeInterval('time')} AS time, ${label('topic')} AS topic, sum(inc) / ${macro.intervalSeconds} AS records_per_second
            FROM (${counterIncrements(DASHBOARD_METRIC.eventsConsumed)})
            GROUP BY time, topic
            ORDER BY time`,
        }),
        timeSeries({
          title: 'Event latency percentiles',
          description: `Record timestamp to durable write, p50/p90/p99 per interval, from the ${DASHBOARD_METRIC.eventLatencyBucket} histogram (linear interpolation in the bucket, as histogram_quantile does).`,
          unit: 's',
          span: 12,
          interval: '5m',
          sql: histogramQuantiles(DASHBOARD_METRIC.eventLatencyBucket),
        }),
        stat({
          title: 'Records per second (range average)',
          description: 'All input topics together, over the range.',
          unit: 'suffix: rec/s',
          decimals: 1,
          sql: `SELECT sum(inc) / greatest(dateDiff('second', ${macro.fromTime}, ${macro.toTime}), 1) AS records_per_second FROM (${counterIncrements(DASHBOARD_METRIC.eventsConsumed)})`,
        }),
        stat({
          title: 'Scored share',
          description: `Records scored over records consumed in the range (${DASHBOARD_METRIC.eventsScored} / ${DASHBOARD_METRIC.eventsConsumed}); the rest were dead-lettered or are labels and outcomes, which are not scored.`,
          unit: 'percentunit',
          decimals: 1,
          sql: `
            SELECT (SELECT sum(inc) FROM (${counterIncrements(DASHBOARD_METRIC.eventsScored)})) / greatest((SELECT sum(inc) FROM (${counterIncrements(DASHBOARD_METRIC.eventsConsumed)})), 1) AS scored_share`,
        }),
        stat({
          title: 'Consumer lag now',
          description: `Records behind the high watermark over all partitions at the last snapshot (${DASHBOARD_METRIC.consumerLag}).`,
          thresholds: [{ value: null, color: 'green' }, { value: 1000, color: 'orange' }, { value: 10000, color: 'red' }],
          sql: `
            SELECT sum(value) AS lag
            FROM pipeline_metrics FINAL
            WHERE metric = '${DASHBOARD_METRIC.consumerLag}' AND time = (SELECT max(time) FROM pipeline_metrics WHERE metric = '${DASHBOARD_METRIC.consumerLag}' AND ${macro.timeFilter('time')})`,
        }),
        stat({
          title: 'Dead letters (24 h)',
          description: 'Records dead-lettered in the last 24 hours.',
          timeFrom: '24h',
          thresholds: [{ value: null, color: 'green' }, { value: 10, color: 'orange' }, { value: 100, color: 'red' }],
          sql: `SELECT count() AS dead_letters FROM dead_letters FINAL WHERE ${macro.timeFilter('event_time')}`,
        }),
        timeSeries({
          title: 'Consumer lag by topic',
          description: `Records behind the high watermark, summed over each topic's partitions (last snapshot in each interval; ${DASHBOARD_METRIC.consumerLag}).`,
          span: 12,
          interval: '1m',
          sql: `
            SELECT time, topic, sum(lag) AS lag
            FROM
            (
                SELECT ${macro.timeInterval('time')} AS time, ${label('topic')} AS topic, labels, argMax(value, pipeline_metrics.time) AS lag
                FROM pipeline_metrics FINAL
                WHERE metric = '${DASHBOARD_METRIC.consumerLag}' AND ${macro.timeFilter('time')}
                GROUP BY time, topic, labels
            )
            GROUP BY time, topic
            ORDER BY time`,
        }),
        timeSeries({
          title: 'Batch duration percentiles',
          description: `Wall time per consumer batch, p50/p90/p99 (${DASHBOARD_METRIC.batchSecondsBucket}).`,
          unit: 's',
          span: 12,
          interval: '5m',
          sql: histogramQuantiles(DASHBOARD_METRIC.batchSecondsBucket),
        }),
      ],
    },
    {
      title: 'Dead letters',
      panels: [
        timeSeries({
          title: 'Dead letters by reason (7 days)',
          description: 'Records dead-lettered per interval by stage and error class (dead_letters).',
          timeFrom: '7d',
          interval: '6h',
          bars: true,
          stacked: true,
          span: 12,
          sql: `
            SELECT ${macro.timeInterval('event_time')} AS time, concat(stage, ': ', error_class) AS reason, count() AS dead_letters
            FROM dead_letters FINAL
            WHERE ${macro.timeFilter('event_time')}
            GROUP BY time, reason
            ORDER BY time`,
        }),
        table({
          title: 'Top dead-letter reasons (7 days)',
          description: 'The most frequent reasons records could not be processed, with the field at fault; the original bytes are kept in dead_letters.original_base64.',
          timeFrom: '7d',
          span: 12,
          sql: `
            SELECT original_topic AS topic, stage, error_code, field, reason, count() AS dead_letters, max(event_time) AS last_seen
            FROM dead_letters FINAL
            WHERE ${macro.timeFilter('event_time')}
            GROUP BY topic, stage, error_code, field, reason
            ORDER BY dead_letters DESC
            LIMIT 20`,
        }),
        barGauge({
          title: 'Data freshness by topic',
          description: 'Seconds between the end of the range and the newest stored event of each topic (looked for in the last day).',
          unit: 's',
          span: 24,
          height: 6,
          sql: `
            SELECT topic, dateDiff('second', max(event_time), ${macro.toTime}) AS seconds_behind
            FROM events
            WHERE event_time >= ${macro.toTime} - INTERVAL 1 DAY AND event_time <= ${macro.toTime}
            GROUP BY topic
            ORDER BY topic`,
        }),
      ],
    },
  ],
};
