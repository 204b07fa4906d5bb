/**
 * `npm run train -- public [--only <set>]...`: models on the public labelled data through our own
 * path. For each set (training/public/sets.ts): import from ../shared/data in place, replay in
 * event-time order through the training replay loop (training/public/export.ts), write the table
 * and its documented split to training/data/public/ (git-ignored), then train.py per model version
 * into `models/public/<set>/<model dir>/<version>/`, a models root the pipeline serves as is
 * (`buildRuntime(config, { modelsDir })`; eval/public.ts does).
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { exportPublicSet, PUBLIC_DATA_OUT, type PublicExport } from './export.ts';
import { isPublicSetName, OPERATIONAL_COLUMNS, PUBLIC_SET_NAMES, PUBLIC_SETS, type PublicSet, type PublicSetName } from './sets.ts';

const TRAIN_PY = fileURLToPath(new URL('../train.py', import.meta.url));
/** Root of the public models: one models root per set beneath it. */
export const PUBLIC_MODELS_ROOT = fileURLToPath(new URL('../../models/public', import.meta.url));

/** The models root the pipeline loads for a set. */
export const publicModelsDir = (set: PublicSetName, root = PUBLIC_MODELS_ROOT): string => join(root, set);

export interface PublicTrainOptions {
  readonly python: string;
  readonly sets?: readonly PublicSetName[];
  readonly dataDir?: string;
  readonly modelsRoot?: string;
  readonly rowLimit?: number;
}

/** train.py arguments for one model version of a set. */
export function trainArgs(set: PublicSet, model: PublicSet['models'][number], dataDir: string, modelsRoot: string, columns: readonly string[]): string[] {
  // Leaking columns never reach the table (export.ts); operational ones may be in it but are not learnt from.
  const exclude = [...new Set([...OPERATIONAL_COLUMNS, ...model.exclude])].filter((c) => columns.includes(c));
  return [
    TRAIN_PY,
    '--data', dataDir,
    '--out', publicModelsDir(set.name, modelsRoot),
    '--table', set.name,
    '--split-file', join(dataDir, `${set.name}.split.csv`),
    '--model', set.modelDir,
    '--version', model.version,
    '--role', model.role,
    ...exclude.flatMap((c) => ['--exclude', c]),
    '--drop-constant',
    '--select-params',
    '--review-rate', String(set.rates.review),
    '--alert-rate', String(set.rates.alert),
    '--note', model.note,
  ];
}

async function exportWithProgress(set: PublicSet, dataDir: string, rowLimit: number | undefined): Promise<PublicExport> {
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${set.name.padEnd(8)} [{bar}] {percentage}% | {value}/{total} events | {duration}s`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  process.stderr.write(`train public: importing ${set.file}\n`);
  try {
    return await exportPublicSet(set, {
      outDir: dataDir,
      ...(rowLimit !== undefined ? { rowLimit } : {}),
      onProgress: (done, total) => {
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.update(done);
      },
    });
  } finally {
    bar.stop();
  }
}

export async function trainPublic(options: PublicTrainOptions): Promise<void> {
  const dataDir = resolve(options.dataDir ?? PUBLIC_DATA_OUT);
  const modelsRoot = resolve(options.modelsRoot ?? PUBLIC_MODELS_ROOT);
  for (const name of options.sets ?? PUBLIC_SET_NAMES) {
    const set = PUBLIC_SETS[name];
    const exported = await exportWithProgress(set, dataDir, options.rowLimit);
    process.stderr.write(
      `train public: ${name}: ${exported.rows} rows (${exported.importDeadLetters} dead-lettered by the importer), ${exported.units} units ` +
        `(${exported.trainUnits} train / ${exported.testUnits} test), ${exported.positives} positives, ${exported.features.length} columns; ` +
        `${exported.replay.invalidEvents} invalid and ${exported.replay.lateEvents} late events\n`,
    );
    for (const model of set.models) {
      const run = spawnSync(options.python, trainArgs(set, model, dataDir, modelsRoot, exported.features), { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
      if (run.error) throw run.error;
      if (run.status !== 0) throw new Error(`train.py exited with status ${run.status} for ${name} ${model.version}`);
      process.stdout.write(`${name}: ${run.stdout.trim()}\n`);
    }
  }
}

/** CLI arguments after `public`. */
export function parsePublicArgs(argv: readonly string[]): Omit<PublicTrainOptions, 'python'> {
  const { values } = parseArgs({
    args: [...argv],
    options: { only: { type: 'string', multiple: true }, 'row-limit': { type: 'string' }, data: { type: 'string' }, out: { type: 'string' } },
  });
  const sets = values.only?.map((s) => {
    if (!isPublicSetName(s)) throw new RangeError(`--only takes one of ${PUBLIC_SET_NAMES.join(', ')}, got '${s}'`);
    return s;
  });
  const rowLimit = values['row-limit'] === undefined ? undefined : Number(values['row-limit']);
  if (rowLimit !== undefined && !(Number.isSafeInteger(rowLimit) && rowLimit > 0)) throw new RangeError(`--row-limit must be a positive integer, got '${values['row-limit']}'`);
  return {
    ...(sets ? { sets } : {}),
    ...(rowLimit !== undefined ? { rowLimit } : {}),
    ...(values.data ? { dataDir: values.data } : {}),
    ...(values.out ? { modelsRoot: values.out } : {}),
  };
}
