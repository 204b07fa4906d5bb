/**
 * The one place that fills a ClickHouse database with a loan book for the dashboards' check,
 * the feedback tests and demos. Today it writes the synthetic book (syntheticWorld.ts) through
 * the pipeline's own decision log (`ClickHouseDecisionLog`, the row mappers, the migrations);
 * when the embedded pipeline can replay the simulator into chdb, point `loadSimulatedData` at
 * it here and every caller follows.
 */
import { ClickHouseDecisionLog, type DecisionLogBatch } from '../../../pipelines/clickhouse/decisionLog.ts';
import { migrate } from '../../../pipelines/clickhouse/migrations.ts';
import type { ClickHouseClient } from '../../../pipelines/clickhouse/types.ts';
import { Rng } from '../../../simulator/rng.ts';
import { syntheticProcessorMetrics } from './metricsSnapshot.ts';
import { syntheticWorld, type SyntheticWorldOptions } from './syntheticWorld.ts';

export interface LoadOptions extends SyntheticWorldOptions {
  /** Hours of processor-metric snapshots (one a minute) before the end (default 24). */
  readonly metricHours?: number;
  /** Progress: (days written, days). */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface LoadedData {
  /** First and last instant of the data: dashboards' relative ranges are taken at `to`. */
  readonly from: Date;
  readonly to: Date;
  readonly source: 'synthetic';
  /** Records written, by topic or table. */
  readonly counts: Readonly<Record<string, number>>;
}

const METRIC_INSERT_ROWS = 50_000;
/** Days per decision-log write: each write is one INSERT per table, and chdb pays per INSERT. */
const DAYS_PER_WRITE = 30;

function merge(batches: readonly DecisionLogBatch[]): DecisionLogBatch {
  return {
    events: batches.flatMap((b) => b.events),
    scores: batches.flatMap((b) => b.scores),
    decisions: batches.flatMap((b) => b.decisions),
    alerts: batches.flatMap((b) => b.alerts),
    deadLetters: batches.flatMap((b) => b.deadLetters),
  };
}

/** Migrates the database and writes the book into it. */
export async function loadSimulatedData(client: ClickHouseClient, options: LoadOptions = {}): Promise<LoadedData> {
  await migrate(client);
  const world = syntheticWorld(options);
  const log = new ClickHouseDecisionLog(client, { writer: { maxBatchRows: 100_000, maxBatchBytes: 256 * 1024 * 1024, maxBufferedBytes: 512 * 1024 * 1024, flushIntervalMs: 60_000 } });
  try {
    for (let i = 0; i < world.batches.length; i += DAYS_PER_WRITE) {
      await log.write(merge(world.batches.slice(i, i + DAYS_PER_WRITE)));
      options.onProgress?.(Math.min(i + DAYS_PER_WRITE, world.batches.length), world.batches.length);
    }
  } finally {
    await log.close();
  }
  const hours = options.metricHours ?? 24;
  const metrics = await syntheticProcessorMetrics({ rng: Rng.from(options.seed ?? 1, 'metrics'), from: new Date(world.to.getTime() - hours * 3_600_000), to: world.to, stepMs: 60_000 });
  for (let i = 0; i < metrics.length; i += METRIC_INSERT_ROWS) await client.insert('pipeline_metrics', metrics.slice(i, i + METRIC_INSERT_ROWS));
  return { from: world.from, to: world.to, source: 'synthetic', counts: { ...world.counts, pipeline_metrics: metrics.length } };
}
