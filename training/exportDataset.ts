/**
 * Training-data export: simulates the loan book with the training seed, then replays every event
 * in event-time order exactly as the scoring pipeline handles it — contract validation,
 * pseudonymisation, consumer batches through the embedded feature store — and writes one CSV per
 * model (`training/data/<model>.csv` + `<model>.meta.json`). Training therefore sees the very
 * point-in-time model inputs serving computes (same registry, same store code, the same event
 * features and graph checks through detectors/modelInputs.ts), with labels from
 * the simulator's ground truth.
 *
 * CSV layout (read by train.py): `row_id,event_time,label,<features in registry order>`; a
 * missing feature is an empty cell. Output is byte-identical for the same options.
 *
 * Run: `node bin/run-ts.js training/exportDataset.ts [--seed N] [--days N] [--enterprises N] [--out DIR]`
 */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import cliProgress from 'cli-progress';
import { FEATURE_REGISTRY } from '../features/registry.ts';
import type { FeatureRegistry } from '../features/types.ts';
import { eventCount, eventsInTimeOrder, simulate } from '../simulator/simulate.ts';
import { createDatasetSpecs, featuresFor } from './datasets.ts';
import { FROZEN_GRAPH_CLOCK, REPLAY_BATCH_SIZE, replayToTables, type WrittenTable } from './replayTables.ts';

/**
 * The training simulation. Its seed is reserved for training: evaluations and tests use other
 * seeds, so models are always judged on a world they were not fitted to.
 */
export const TRAINING_SIMULATION = { seed: 20_260_417, days: 180, enterprises: 4000 } as const;
/** Events per feature-store call, as a consumer batch. */
export const EXPORT_BATCH_SIZE = REPLAY_BATCH_SIZE;
/** Default output directory (git-ignored). */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('./data', import.meta.url));

export interface ExportOptions {
  readonly seed?: number;
  readonly days?: number;
  readonly enterprises?: number;
  readonly outDir?: string;
  readonly registry?: FeatureRegistry;
  /** Progress callback (events replayed, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

export type ExportedDataset = WrittenTable;

export interface ExportSummary {
  readonly seed: number;
  readonly days: number;
  readonly enterprises: number;
  readonly events: number;
  readonly invalidEvents: number;
  readonly lateEvents: number;
  readonly datasets: ExportedDataset[];
}

/** Simulates, replays through the embedded feature store and writes the CSVs. */
export async function exportDatasets(options: ExportOptions = {}): Promise<ExportSummary> {
  const seed = options.seed ?? TRAINING_SIMULATION.seed;
  const days = options.days ?? TRAINING_SIMULATION.days;
  const enterprises = options.enterprises ?? TRAINING_SIMULATION.enterprises;
  const outDir = resolve(options.outDir ?? DEFAULT_DATA_DIR);
  const registry = options.registry ?? FEATURE_REGISTRY;

  const output = simulate({ seed, days, enterprises });
  const specs = createDatasetSpecs(output.truth);
  const replay = await replayToTables(
    eventsInTimeOrder(output),
    specs.map((spec) => ({ name: spec.name, features: featuresFor(spec.topics, registry), observe: spec.observe })),
    // A frozen graph clock: no traversal runs out of its time budget, so a loaded machine cannot
    // change graph.* columns and the export (and the models) stay reproducible.
    { outDir, registry, total: eventCount(output), graphClock: FROZEN_GRAPH_CLOCK, ...(options.onProgress ? { onProgress: options.onProgress } : {}) },
  );

  const end = new Date(output.options.endMs).toISOString();
  for (const spec of specs) {
    const meta = {
      description: spec.description,
      entity: spec.entity,
      target: spec.target,
      simulatorSeed: seed,
      simulatorDays: days,
      simulatorEnterprises: enterprises,
      // train.py takes trainedAt from here: a property of the data, so retraining is reproducible.
      dataEnd: end,
    };
    await writeFile(join(outDir, `${spec.name}.meta.json`), JSON.stringify(meta, null, 2) + '\n');
  }
  return { seed, days, enterprises, events: replay.events, invalidEvents: replay.invalidEvents, lateEvents: replay.lateEvents, datasets: replay.tables };
}

/** CLI: progress on stderr, the summary as JSON on stdout. */
export async function exportCli(argv: readonly string[]): Promise<ExportSummary> {
  const { values } = parseArgs({
    args: [...argv],
    options: { seed: { type: 'string' }, days: { type: 'string' }, enterprises: { type: 'string' }, out: { type: 'string' } },
  });
  const int = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isSafeInteger(n)) throw new RangeError(`--${name} must be an integer, got '${v}'`);
    return n;
  };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'replaying    [{bar}] {percentage}% | {value}/{total} events | {duration}s', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  process.stderr.write('export: simulating the training world...\n');
  try {
    const summary = await exportDatasets({
      seed: int('seed', values.seed), days: int('days', values.days), enterprises: int('enterprises', values.enterprises), outDir: values.out,
      onProgress: (done, total) => {
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.update(done);
      },
    });
    return summary;
  } finally {
    bar.stop();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  exportCli(process.argv.slice(2)).then(
    (summary) => process.stdout.write(JSON.stringify(summary, null, 2) + '\n'),
    (err: unknown) => {
      process.stderr.write(`export failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
