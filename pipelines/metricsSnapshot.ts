/**
 * Periodic snapshots of the processor's metrics into ClickHouse `pipeline_metrics`, so the
 * pipeline-health dashboard works from the decision log alone (no Prometheus needed), and the
 * consumer-lag gauge kept current from the log (Kafka admin API, or the in-process log).
 */
import type { Registry } from 'prom-client';
import type { Logger } from 'pino';
import type { ClickHouseClient, ClickHouseRow } from './clickhouse/types.ts';
import { metricRow } from './clickhouse/rows.ts';
import type { ProcessorMetrics } from './metrics.ts';

/** Rows for every series of the registry at `time` (histograms as cumulative `_bucket{le}`, `_sum`, `_count`). */
export async function metricRowsOf(registry: Registry, at: { time: Date; processor: string; instance?: string }): Promise<ClickHouseRow[]> {
  const rows: ClickHouseRow[] = [];
  for (const metric of await registry.getMetricsAsJSON()) {
    for (const v of metric.values as Array<{ value: number; labels: Record<string, string | number | undefined>; metricName?: string }>) {
      if (!Number.isFinite(v.value)) continue;
      const labels: Record<string, string> = {};
      for (const [k, value] of Object.entries(v.labels)) if (value !== undefined) labels[k] = String(value);
      rows.push(metricRow({ time: at.time, processor: at.processor, ...(at.instance ? { instance: at.instance } : {}), metric: v.metricName ?? metric.name, labels, value: v.value }));
    }
  }
  return rows;
}

export interface PartitionLagReading {
  readonly topic: string;
  readonly partition: number;
  readonly lag: number;
}

export interface SnapshotterOptions {
  readonly metrics: ProcessorMetrics;
  readonly clickhouse: ClickHouseClient;
  readonly processor: string;
  readonly instance: string;
  readonly intervalMs: number;
  readonly readLag?: () => Promise<readonly PartitionLagReading[]>;
  readonly logger: Logger;
}

/** Starts snapshotting; returns a stop function that takes a last snapshot. */
export function startMetricsSnapshots(o: SnapshotterOptions): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const snapshot = async (): Promise<void> => {
    try {
      if (o.readLag) for (const l of await o.readLag()) o.metrics.consumerLag.set({ topic: l.topic, partition: String(l.partition) }, l.lag);
      const rows = await metricRowsOf(o.metrics.registry, { time: new Date(), processor: o.processor, instance: o.instance });
      await o.clickhouse.insert('pipeline_metrics', rows);
    } catch (err) {
      // Metrics are best effort: a failed snapshot is logged and the next one tries again.
      o.logger.warn({ err }, 'metrics snapshot to ClickHouse failed; will retry at the next interval');
    }
  };
  const timer = setInterval(() => {
    running = running.then(snapshot);
  }, o.intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
    await snapshot();
  };
}
