/**
 * The one place that fills a ClickHouse database with simulated data for the dashboards' check
 * (and demos): the simulator's loan book replayed through the real embedded pipeline
 * (pipelines/runtime.ts `buildRuntime`, as `npx fengkong start` and `npm run eval` run it) into
 * a throw-away chdb, so every row comes from the code that writes it in production:
 *   - events, scores, decisions, alerts, labels: the processor, fed the simulator's topics;
 *   - dead letters: malformed records (test/malformed.ts) fed beside them;
 *   - list hits: risk ops keeps the black and grey lists as the days pass (riskOpsLists.ts);
 *   - pipeline_metrics: snapshots of the processor's registry while it runs
 *     (pipelines/metricsSnapshot.ts, as `start` takes them);
 *   - queue_history, audit_log, collection_outcomes: the queue service's code working the
 *     pipeline's alerts in simulated time (collectionsDesk.ts), its outcomes fed back through
 *     the collection-outcomes topic to the processor.
 *
 * Time: the simulated period ends at today's midnight (UTC), so label maturity, which the
 * feedback views measure against the wall clock, means what it says. The history is fed one
 * simulated day at a time, and the detectors' clock (RuntimeOptions.now) stands at the newest
 * event fed, so decisions and alerts are stamped inside the simulated period (at most a day after
 * their event) rather than at the few minutes the replay takes.
 */
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { createLogger } from '../../../lib/logger.ts';
import { loadConfig } from '../../../lib/config.ts';
import { createClickHouse } from '../../../pipelines/clickhouse/createClickHouse.ts';
import type { ClickHouseClient } from '../../../pipelines/clickhouse/types.ts';
import type { OutgoingRecord } from '../../../pipelines/kafka/types.ts';
import { startMetricsSnapshots, type PartitionLagReading } from '../../../pipelines/metricsSnapshot.ts';
import { buildRuntime, type Runtime } from '../../../pipelines/runtime.ts';
import { RunningSummary } from '../../../pipelines/summary.ts';
import { Pseudonymiser } from '../../../schemas/pseudonym.ts';
import { INPUT_TOPICS } from '../../../schemas/topics.ts';
import { eventsInTimeOrder, simulate, toRecord, type SimulationOutput, type TimedEvent } from '../../../simulator/index.ts';
import { malformedApplication } from '../../../test/malformed.ts';
import { CollectionsDesk } from './collectionsDesk.ts';
import { RiskOpsLists } from './riskOpsLists.ts';

const DAY = 86_400_000;
/** Days at the end of the period without a desk shift: alerts raised then are still open at the end. */
const DESK_CLOSED_DAYS = 4;

export interface LoadOptions {
  /** Simulator seed (default 11). */
  readonly seed?: number;
  /** Simulated days ending at today's midnight UTC (default 200: 90-day labels mature for the first months). */
  readonly days?: number;
  /** Simulated enterprises (default 200). */
  readonly enterprises?: number;
  /** Malformed records fed beside the simulation, spread over the days (default 40). */
  readonly malformed?: number;
  /** Milliseconds between metric snapshots while the pipeline runs (default 5,000). */
  readonly metricsIntervalMs?: number;
  /** Progress: (simulated days fed, days). */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface LoadTarget {
  /** Throw-away directory: chdb lives in `<dataDir>/chdb` (FENGKONG_DATA_DIR of the embedded runtime). */
  readonly dataDir: string;
  /** ClickHouse database (default fengkong). */
  readonly database?: string;
}

export interface LoadedData {
  /** Start of the simulated period, and the end of the load (after the period and the metric snapshots). */
  readonly from: Date;
  readonly to: Date;
  readonly source: 'pipeline';
  /** What went in and came out, by topic, table or queue action. */
  readonly counts: Readonly<Record<string, number>>;
  /** A client on the loaded database; the caller closes it. */
  readonly clickhouse: ClickHouseClient;
}

/** The simulator's events grouped by simulated day (index from the start), in event-time order. */
function eventsByDay(sim: SimulationOutput, startMs: number, days: number): TimedEvent[][] {
  const out: TimedEvent[][] = Array.from({ length: days }, () => []);
  for (const item of eventsInTimeOrder(sim)) {
    const d = Math.floor((Date.parse(item.event.eventTime) - startMs) / DAY);
    // History delivered at go-live (invoices before the start) is fed with the first day.
    (out[Math.min(days - 1, Math.max(0, d))] as TimedEvent[]).push(item);
  }
  return out;
}

/** Malformed input records: broken applications of every kind test/malformed.ts knows. */
function malformedRecords(sim: SimulationOutput, n: number): OutgoingRecord[] {
  const valid = sim.events.applications[0];
  if (!valid || n <= 0) return [];
  return Array.from({ length: n }, (_, i) => ({ topic: 'applications', key: `malformed-${i}`, value: malformedApplication(valid as unknown as Record<string, unknown>, i).value }));
}

/** Waits until the processor has handled `target` records (it runs on its own). */
async function processed(summary: RunningSummary, target: number, runtime: Runtime): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (summary.events < target) {
    if (runtime.processor.stopping) throw new Error('the pipeline stopped while loading the simulation (see the log above)');
    if (Date.now() > deadline) throw new Error(`the pipeline handled ${summary.events} of ${target} records in 5 minutes; it is stuck`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Replays a simulation through the embedded pipeline and the queue service into chdb. */
export async function loadSimulatedData(target: LoadTarget, options: LoadOptions = {}): Promise<LoadedData> {
  const days = options.days ?? 200;
  const today = Math.floor(Date.now() / DAY) * DAY;
  const startMs = today - days * DAY;
  const sim = simulate({ seed: options.seed ?? 11, days, enterprises: options.enterprises ?? 200, start: new Date(startMs).toISOString().slice(0, 10) });
  const byDay = eventsByDay(sim, startMs, days);
  const broken = malformedRecords(sim, options.malformed ?? 40);

  mkdirSync(target.dataDir, { recursive: true });
  const config = loadConfig({ FENGKONG_DATA_DIR: target.dataDir, CLICKHOUSE_DATABASE: target.database ?? 'fengkong', LOG_LEVEL: 'warn', METRICS_PORT: '0' });
  // Errors only: the malformed records fed on purpose would log a warning each.
  const logger = createLogger('error');
  // Opened before the runtime's own client: chdb shares one session per directory and database,
  // so the caller's client keeps it open after the runtime closes.
  const clickhouse = createClickHouse(config);
  const summary = new RunningSummary();
  let clock = startMs;
  let runtime: Runtime | undefined;
  let desk: CollectionsDesk | undefined;
  let stopSnapshots: (() => Promise<void>) | undefined;
  try {
    runtime = await buildRuntime(config, { logger, onBatch: (b) => summary.add(b), now: () => new Date(clock) });
    const rt = runtime;
    const log = rt.log;
    if (!log) throw new Error('loadSimulatedData needs the embedded runtime (in-process log)');
    await rt.processor.start();
    const readLag = async (): Promise<PartitionLagReading[]> =>
      INPUT_TOPICS.flatMap((topic) => Array.from({ length: log.partitionCount(topic) }, (_, partition) => ({
        topic, partition, lag: log.offsets(topic, partition).end - log.committed(config.KAFKA_GROUP_ID, topic, partition),
      })));
    stopSnapshots = startMetricsSnapshots({
      metrics: rt.metrics, clickhouse: rt.clickhouse, processor: 'scorer', instance: `${hostname()}-${process.pid}`,
      intervalMs: options.metricsIntervalMs ?? 5000, logger, readLag,
    });
    desk = await CollectionsDesk.start({ log, producer: rt.producer, clickhouse: rt.clickhouse, seed: options.seed ?? 11, fromMs: startMs, lastShiftEndsMs: today - DESK_CLOSED_DAYS * DAY, logger });

    const counts: Record<string, number> = {};
    const ops = new RiskOpsLists(new Pseudonymiser(config.piiKey));
    let fed = 0;
    for (let d = 0; d < days; d++) {
      const events = byDay[d] as TimedEvent[];
      const records = events.map((e) => toRecord(e));
      // Malformed records arrive spread over the period, as a misbehaving source's would.
      const bad = broken.filter((_, i) => Math.floor((i * days) / Math.max(1, broken.length)) === d);
      const last = events[events.length - 1];
      clock = last ? Date.parse(last.event.eventTime) : startMs + d * DAY;
      for (let i = 0; i < records.length; i += 500) await rt.producer.send(records.slice(i, i + 500));
      if (bad.length > 0) await rt.producer.send(bad);
      fed += records.length + bad.length;
      await processed(summary, fed, rt);
      // Risk ops reacts to the day's listings and confirmed fraud before the next day begins.
      for (const entry of ops.entriesFor(events)) {
        await rt.features.putListEntry(entry);
        counts.list_entries = (counts.list_entries ?? 0) + 1;
      }
      // The collections teams work the day: alerts raised by now, outcomes back to the pipeline.
      await desk.workUntil(startMs + (d + 1) * DAY);
      clock = Math.max(clock, startMs + (d + 1) * DAY - 1);
      options.onProgress?.(d + 1, days);
    }
    fed += await desk.finish();
    await processed(summary, fed, rt);
    await stopSnapshots();
    stopSnapshots = undefined;
    await rt.processor.stop();
    for (const [topic, list] of Object.entries(sim.events)) if (list.length > 0) counts[topic] = list.length;
    Object.assign(counts, { malformed: broken.length, processed: summary.events, dead_letters: summary.deadLetters, decisions: summary.decisions, alerts: summary.alerts, ...desk.counts });
    return { from: new Date(startMs), to: new Date(Math.max(Date.now(), today)), source: 'pipeline', counts, clickhouse };
  } catch (error) {
    await clickhouse.close().catch(() => undefined);
    throw error;
  } finally {
    await stopSnapshots?.().catch(() => undefined);
    await desk?.close();
    await runtime?.close();
  }
}
