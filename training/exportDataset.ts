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
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import cliProgress from 'cli-progress';
import { EMBEDDED_DEV_PII_KEY } from '../lib/config.ts';
import { wrapError } from '../lib/errors.ts';
import { createEmbeddedFeatureStore } from '../features/embeddedStore.ts';
import { FEATURE_REGISTRY } from '../features/registry.ts';
import type { FeatureInput, FeatureRegistry } from '../features/types.ts';
import { Pseudonymiser } from '../schemas/pseudonym.ts';
import type { TopicName } from '../schemas/topics.ts';
import { validateEvent } from '../schemas/validator.ts';
import { eventCount, eventsInTimeOrder, simulate } from '../simulator/simulate.ts';
import { KnowledgeGraph } from '../detectors/graph/knowledgeGraph.ts';
import { MemoryGraphStore } from '../detectors/graph/memoryStore.ts';
import { buildModelInputs } from '../detectors/modelInputs.ts';
import { createDatasetSpecs, featuresFor, type DatasetSpec, type StreamEvent } from './datasets.ts';

/**
 * The training simulation. Its seed is reserved for training: evaluations and tests use other
 * seeds, so models are always judged on a world they were not fitted to.
 */
export const TRAINING_SIMULATION = { seed: 20_260_417, days: 180, enterprises: 4000 } as const;
/** Events per feature-store call, as a consumer batch. */
export const EXPORT_BATCH_SIZE = 500;
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

export interface ExportedDataset {
  readonly name: string;
  readonly file: string;
  readonly rows: number;
  readonly positives: number;
  readonly features: number;
}

export interface ExportSummary {
  readonly seed: number;
  readonly days: number;
  readonly enterprises: number;
  readonly events: number;
  readonly invalidEvents: number;
  readonly lateEvents: number;
  readonly datasets: ExportedDataset[];
}

/** Shortest round-trip text of a number; null, absent and non-finite values are empty cells. */
const cell = (v: number | null | undefined): string => (typeof v === 'number' && Number.isFinite(v) ? String(v) : '');

interface Table {
  readonly spec: DatasetSpec;
  readonly features: string[];
  readonly stream: WriteStream;
  rows: number;
  positives: number;
  buffer: string[];
}

async function flushTable(table: Table): Promise<void> {
  if (table.buffer.length === 0) return;
  const chunk = table.buffer.join('');
  table.buffer = [];
  if (!table.stream.write(chunk)) await once(table.stream, 'drain');
}

/** Simulates, replays through the embedded feature store and writes the CSVs. */
export async function exportDatasets(options: ExportOptions = {}): Promise<ExportSummary> {
  const seed = options.seed ?? TRAINING_SIMULATION.seed;
  const days = options.days ?? TRAINING_SIMULATION.days;
  const enterprises = options.enterprises ?? TRAINING_SIMULATION.enterprises;
  const outDir = resolve(options.outDir ?? DEFAULT_DATA_DIR);
  const registry = options.registry ?? FEATURE_REGISTRY;

  const output = simulate({ seed, days, enterprises });
  const total = eventCount(output);
  const specs = createDatasetSpecs(output.truth);
  await mkdir(outDir, { recursive: true });
  const tables: Table[] = specs.map((spec) => {
    const features = featuresFor(spec.topics, registry);
    const stream = createWriteStream(join(outDir, `${spec.name}.csv`));
    return { spec, features, stream, rows: 0, positives: 0, buffer: [['row_id', 'event_time', 'label', ...features].join(',') + '\n'] };
  });

  // The key only changes token spellings, never feature values; the development key keeps the
  // export runnable without secrets.
  const pseudonymiser = new Pseudonymiser(EMBEDDED_DEV_PII_KEY);
  // Store clock: advanced one sweep interval per batch so idle state is swept as it would be in
  // a long-running process, while stored vectors (only needed for redelivery) do not pile up.
  let storeNow = 0;
  const store = createEmbeddedFeatureStore({ registry, clock: () => storeNow, vectorTtlMs: 1 });
  // The embedded pipeline's graph: applications are checked against it exactly as when scored.
  const graph = new KnowledgeGraph(new MemoryGraphStore());
  let done = 0;
  let invalidEvents = 0;
  let lateEvents = 0;
  let batch: StreamEvent[] = [];

  const applyBatch = async (): Promise<void> => {
    if (batch.length === 0) return;
    const result = await store.applyBatch(batch as FeatureInput[]);
    lateEvents += result.late;
    const { vectors } = await buildModelInputs(graph, batch.map((input, i) => ({ topic: input.topic, event: input.event, features: result.vectors[i] ?? {} })));
    for (let i = 0; i < batch.length; i++) {
      const input = batch[i] as StreamEvent;
      const vector = vectors[i] ?? {};
      for (const table of tables) {
        const row = table.spec.observe(input);
        if (!row) continue;
        table.rows++;
        table.positives += row.label;
        table.buffer.push(`${row.rowId},${row.eventTime},${row.label}${table.features.map((f) => ',' + cell(vector[f])).join('')}\n`);
      }
    }
    done += batch.length;
    batch = [];
    storeNow += 61_000;
    options.onProgress?.(done, total);
    await Promise.all(tables.map(flushTable));
  };

  try {
    for (const { topic, event } of eventsInTimeOrder(output)) {
      // As the pipeline: validate against the contract (invalid → dead letter, not applied), then pseudonymise.
      const checked = validateEvent(topic as TopicName, event);
      if (!checked.ok) {
        invalidEvents++;
        done++;
        continue;
      }
      batch.push({ topic, event: pseudonymiser.pseudonymise(topic, checked.value as never) } as StreamEvent);
      if (batch.length >= EXPORT_BATCH_SIZE) await applyBatch();
    }
    await applyBatch();
  } catch (cause) {
    throw wrapError('replaying the training simulation through the feature store', cause);
  } finally {
    await store.close();
    for (const t of tables) t.stream.end();
    await Promise.all(tables.map((t) => once(t.stream, 'close')));
  }

  const end = new Date(output.options.endMs).toISOString();
  for (const t of tables) {
    const meta = {
      description: t.spec.description,
      entity: t.spec.entity,
      target: t.spec.target,
      simulatorSeed: seed,
      simulatorDays: days,
      simulatorEnterprises: enterprises,
      // train.py takes trainedAt from here: a property of the data, so retraining is reproducible.
      dataEnd: end,
    };
    await writeFile(join(outDir, `${t.spec.name}.meta.json`), JSON.stringify(meta, null, 2) + '\n');
  }
  return {
    seed, days, enterprises, events: total, invalidEvents, lateEvents,
    datasets: tables.map((t) => ({ name: t.spec.name, file: join(outDir, `${t.spec.name}.csv`), rows: t.rows, positives: t.positives, features: t.features.length })),
  };
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
