/**
 * Prometheus metric names of the processors, one place (kafkajs instrumentationEvents style).
 * Base units, `_total` counters, never an entity id as a label.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const METRIC = {
  eventsConsumed: 'fengkong_events_consumed_total',
  eventsScored: 'fengkong_events_scored_total',
  deadLetters: 'fengkong_dead_letters_total',
  decisions: 'fengkong_decisions_total',
  alerts: 'fengkong_alerts_total',
  lateEvents: 'fengkong_late_events_total',
  duplicateEvents: 'fengkong_duplicate_events_total',
  batchSeconds: 'fengkong_batch_duration_seconds',
  stageSeconds: 'fengkong_stage_duration_seconds',
  groupBatches: 'fengkong_group_batches',
  eventLatencySeconds: 'fengkong_event_latency_seconds',
  paused: 'fengkong_consumer_paused',
  consumerLag: 'fengkong_consumer_lag',
  retries: 'fengkong_dependency_retries_total',
  buildInfo: 'fengkong_build_info',
} as const;

export interface ProcessorMetrics {
  readonly registry: Registry;
  readonly eventsConsumed: Counter<'topic'>;
  readonly eventsScored: Counter<'topic'>;
  readonly deadLetters: Counter<'topic' | 'stage'>;
  readonly decisions: Counter<'tier'>;
  readonly alerts: Counter<'signal' | 'severity'>;
  readonly lateEvents: Counter;
  readonly duplicateEvents: Counter;
  readonly batchSeconds: Histogram;
  /** Time per batch in each stage: validate, features, detectors, write. */
  readonly stageSeconds: Histogram<'stage'>;
  /** Partition batches processed together per group (group commit). */
  readonly groupBatches: Histogram;
  readonly eventLatencySeconds: Histogram;
  readonly paused: Gauge;
  /** Records behind the partition's end offset, per input topic and partition (never an entity id). */
  readonly consumerLag: Gauge<'topic' | 'partition'>;
  readonly retries: Counter<'dependency'>;
}

/** A fresh registry with the processor's metrics (one per process; tests make their own). */
export function createProcessorMetrics(options: { defaultMetrics?: boolean; version?: string } = {}): ProcessorMetrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'fengkong_' });
  new Gauge({ name: METRIC.buildInfo, help: 'Build information', labelNames: ['version'], registers: [registry] }).set({ version: options.version ?? '0.1.0' }, 1);
  return {
    registry,
    eventsConsumed: new Counter({ name: METRIC.eventsConsumed, help: 'Input records consumed', labelNames: ['topic'], registers: [registry] }),
    eventsScored: new Counter({ name: METRIC.eventsScored, help: 'Valid events processed', labelNames: ['topic'], registers: [registry] }),
    deadLetters: new Counter({ name: METRIC.deadLetters, help: 'Records sent to the dead-letter topic', labelNames: ['topic', 'stage'], registers: [registry] }),
    decisions: new Counter({ name: METRIC.decisions, help: 'Credit decisions by tier', labelNames: ['tier'], registers: [registry] }),
    alerts: new Counter({ name: METRIC.alerts, help: 'Alerts raised', labelNames: ['signal', 'severity'], registers: [registry] }),
    lateEvents: new Counter({ name: METRIC.lateEvents, help: 'Events older than the allowed lateness (not counted in windows)', registers: [registry] }),
    duplicateEvents: new Counter({ name: METRIC.duplicateEvents, help: 'Redelivered events recognised by id', registers: [registry] }),
    batchSeconds: new Histogram({ name: METRIC.batchSeconds, help: 'Wall time per group of consumer batches, from validation to durable outputs', buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry] }),
    groupBatches: new Histogram({ name: METRIC.groupBatches, help: 'Partition batches processed together in one group', buckets: [1, 2, 4, 8, 16, 32, 64], registers: [registry] }),
    stageSeconds: new Histogram({ name: METRIC.stageSeconds, help: 'Wall time per group of batches in each processing stage', labelNames: ['stage'], buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry] }),
    eventLatencySeconds: new Histogram({ name: METRIC.eventLatencySeconds, help: 'Record timestamp to durable write', buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [registry] }),
    consumerLag: new Gauge({ name: METRIC.consumerLag, help: 'Records behind the partition end offset', labelNames: ['topic', 'partition'], registers: [registry] }),
    paused: new Gauge({ name: METRIC.paused, help: '1 while consumption is paused for backpressure', registers: [registry] }),
    retries: new Counter({ name: METRIC.retries, help: 'Retries of a dependency that was unavailable', labelNames: ['dependency'], registers: [registry] }),
  };
}
