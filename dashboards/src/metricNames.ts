/**
 * Names of the processor metrics the pipeline-health dashboard reads from `pipeline_metrics`
 * (snapshots of the prom-client registry, one row per series and time; see
 * pipelines/metricsSnapshot.ts for the row shape). Histograms are stored as Prometheus stores them:
 * cumulative `<name>_bucket` counters labelled `le=<upper bound>`.
 */
import { METRIC } from '../../pipelines/metrics.ts';

/** Records behind the partition's end offset, per `topic` and `partition` (a gauge). */
export const CONSUMER_LAG_METRIC = METRIC.consumerLag;

export const DASHBOARD_METRIC = {
  eventsConsumed: METRIC.eventsConsumed,
  eventsScored: METRIC.eventsScored,
  deadLetters: METRIC.deadLetters,
  eventLatencyBucket: `${METRIC.eventLatencySeconds}_bucket`,
  batchSecondsBucket: `${METRIC.batchSeconds}_bucket`,
  consumerLag: CONSUMER_LAG_METRIC,
  paused: METRIC.paused,
} as const;
