/**
 * Processor metrics as `pipeline_metrics` rows: `metricRowsOf(registry)` turns one prom-client
 * registry snapshot into rows (histograms as cumulative `_bucket{le}` counters plus `_sum` and
 * `_count`, as Prometheus stores them), so a periodic snapshotter and the dashboards agree on
 * one shape. `syntheticProcessorMetrics` drives a real processor registry with plausible
 * traffic and snapshots it once a step, for the dashboards' check.
 */

import type { ClickHouseRow } from '../../../pipelines/clickhouse/types.ts';
import { metricRowsOf } from '../../../pipelines/metricsSnapshot.ts';
import { createProcessorMetrics } from '../../../pipelines/metrics.ts';
import type { Rng } from '../../../simulator/rng.ts';

const INPUT_TOPICS = ['applications', 'transactions', 'repayments', 'enterprise-updates'] as const;

/** A processor's registry under synthetic traffic, snapshotted every `stepMs` from `from` to `to`. */
export async function syntheticProcessorMetrics(o: { rng: Rng; from: Date; to: Date; stepMs: number; processor?: string; instance?: string }): Promise<ClickHouseRow[]> {
  const metrics = createProcessorMetrics({ version: 'synthetic' });
  const lag = metrics.consumerLag;
  const rows: ClickHouseRow[] = [];
  const rate: Record<(typeof INPUT_TOPICS)[number], number> = { applications: 2, transactions: 40, repayments: 8, 'enterprise-updates': 1 };
  for (let t = o.from.getTime(), step = 0; t <= o.to.getTime(); t += o.stepMs, step++) {
    const r = o.rng.derive('step', step);
    // A daily cycle with a busy afternoon, so the throughput panel has a shape.
    const load = 0.6 + 0.4 * Math.sin((2 * Math.PI * ((t / 3_600_000) % 24)) / 24);
    for (const topic of INPUT_TOPICS) {
      const n = Math.round(rate[topic] * load * (o.stepMs / 60_000) * r.range(0.8, 1.2));
      metrics.eventsConsumed.inc({ topic }, n);
      metrics.eventsScored.inc({ topic }, Math.max(0, n - (r.chance(0.05) ? 1 : 0)));
      for (let p = 0; p < 3; p++) lag.set({ topic, partition: String(p) }, Math.round(r.range(0, 40) * load));
      for (let i = 0; i < Math.min(n, 50); i++) metrics.eventLatencySeconds.observe(0.01 + r.float() ** 3 * (topic === 'transactions' ? 0.8 : 0.3));
    }
    for (let b = 0; b < 4; b++) metrics.batchSeconds.observe(0.005 + r.float() ** 2 * 0.2);
    if (r.chance(0.1)) metrics.deadLetters.inc({ topic: 'transactions', stage: 'validate' });
    rows.push(...(await metricRowsOf(metrics.registry, { time: new Date(t), processor: o.processor ?? 'scorer', instance: o.instance ?? 'scorer-0' })));
  }
  return rows;
}

export { metricRowsOf };
