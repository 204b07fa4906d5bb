/**
 * The synthetic loan book (syntheticWorld.ts) written into ClickHouse through the pipeline's own
 * decision log (`ClickHouseDecisionLog`, the row mappers, the migrations), without running the
 * pipeline. Only for what the replayed simulation cannot give yet: the model report test needs a
 * champion and a challenger of one model, and the committed models (models/) have no challenger.
 * Once one is trained, that test moves to loadSimulatedData.ts and this file and
 * syntheticWorld.ts go.
 */
import { ClickHouseDecisionLog, type DecisionLogBatch } from '../../../pipelines/clickhouse/decisionLog.ts';
import { migrate } from '../../../pipelines/clickhouse/migrations.ts';
import type { ClickHouseClient } from '../../../pipelines/clickhouse/types.ts';
import { syntheticWorld, type SyntheticWorldOptions } from './syntheticWorld.ts';

export interface SyntheticBook {
  readonly from: Date;
  readonly to: Date;
  readonly counts: Readonly<Record<string, number>>;
}

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

/** Migrates the database and writes the synthetic book into it. */
export async function loadSyntheticBook(client: ClickHouseClient, options: SyntheticWorldOptions = {}): Promise<SyntheticBook> {
  await migrate(client);
  const world = syntheticWorld(options);
  const log = new ClickHouseDecisionLog(client, { writer: { maxBatchRows: 100_000, maxBatchBytes: 256 * 1024 * 1024, maxBufferedBytes: 512 * 1024 * 1024, flushIntervalMs: 60_000 } });
  try {
    for (let i = 0; i < world.batches.length; i += DAYS_PER_WRITE) await log.write(merge(world.batches.slice(i, i + DAYS_PER_WRITE)));
  } finally {
    await log.close();
  }
  return { from: world.from, to: world.to, counts: world.counts };
}
