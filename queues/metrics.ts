/**
 * Prometheus metrics of the alert queues, one place (kafkajs instrumentationEvents style).
 * Base units, `_total` counters; labels are teams, actions and results — never an alert, loan
 * or agent id (those belong in logs and ClickHouse).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const QUEUE_METRIC = {
  ingested: 'fengkong_queue_alerts_ingested_total',
  routeSeconds: 'fengkong_queue_route_duration_seconds',
  actions: 'fengkong_queue_actions_total',
  denied: 'fengkong_queue_denied_total',
  depth: 'fengkong_queue_depth',
  mirrored: 'fengkong_queue_changes_mirrored_total',
  mirrorLagSeconds: 'fengkong_queue_mirror_lag_seconds',
  sseClients: 'fengkong_queue_sse_clients',
  buildInfo: 'fengkong_build_info',
} as const;

export interface QueueMetrics {
  readonly registry: Registry;
  readonly ingested: Counter<'result' | 'team'>;
  readonly routeSeconds: Histogram;
  readonly actions: Counter<'action' | 'result'>;
  readonly denied: Counter<'status'>;
  readonly depth: Gauge<'team' | 'state'>;
  readonly mirrored: Counter<'sink'>;
  readonly mirrorLagSeconds: Gauge;
  readonly sseClients: Gauge;
}

/**
 * The queue metrics in a registry of their own, or in `registry` when the queue parts run inside
 * another process (`fengkong start`), which then already has the build-info and default metrics.
 */
export function createQueueMetrics(options: { defaultMetrics?: boolean; version?: string; registry?: Registry } = {}): QueueMetrics {
  const registry = options.registry ?? new Registry();
  if (!options.registry) {
    if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'fengkong_' });
    new Gauge({ name: QUEUE_METRIC.buildInfo, help: 'Build information', labelNames: ['version'], registers: [registry] }).set({ version: options.version ?? '0.1.0' }, 1);
  }
  return {
    registry,
    ingested: new Counter({ name: QUEUE_METRIC.ingested, help: 'Alerts taken from the alerts topic, by result (created, appended, suppressed, duplicate)', labelNames: ['result', 'team'], registers: [registry] }),
    routeSeconds: new Histogram({ name: QUEUE_METRIC.routeSeconds, help: 'Routing and enqueueing one batch of alerts', buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1], registers: [registry] }),
    actions: new Counter({ name: QUEUE_METRIC.actions, help: 'Queue actions taken through the API', labelNames: ['action', 'result'], registers: [registry] }),
    denied: new Counter({ name: QUEUE_METRIC.denied, help: 'Requests refused for authentication (401) or permission (403)', labelNames: ['status'], registers: [registry] }),
    depth: new Gauge({ name: QUEUE_METRIC.depth, help: 'Alerts per team and state', labelNames: ['team', 'state'], registers: [registry] }),
    mirrored: new Counter({ name: QUEUE_METRIC.mirrored, help: 'Queue changes written to ClickHouse and Kafka', labelNames: ['sink'], registers: [registry] }),
    mirrorLagSeconds: new Gauge({ name: QUEUE_METRIC.mirrorLagSeconds, help: 'Age of the newest change the mirror wrote, at write time', registers: [registry] }),
    sseClients: new Gauge({ name: QUEUE_METRIC.sseClients, help: 'Open Server-Sent Events streams', registers: [registry] }),
  };
}
