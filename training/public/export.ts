/**
 * Training tables of the public data sets, through our own path: each set is imported in memory
 * (training/public/sets.ts), replayed in event-time order through the same loop as the simulated
 * default tables (training/replayTables.ts: validation, pseudonymisation, embedded feature store,
 * detectors/modelInputs.ts), and one row per unit is written with the model inputs the scorer
 * computes at that event. Beside each `<set>.csv`: `<set>.split.csv` (row_id,split: the
 * documented split) and `<set>.meta.json` (description, target, dataEnd for trainedAt).
 *
 * The output directory (default training/data/public/) is git-ignored: the source files are not
 * ours and are never copied into the repository; only the trained models are committed.
 */
import { writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FEATURE_REGISTRY } from '../../features/registry.ts';
import type { FeatureRegistry } from '../../features/types.ts';
import { featuresFor } from '../datasets.ts';
import { FROZEN_GRAPH_CLOCK, replayToTables, type ReplaySummary } from '../replayTables.ts';
import { leakingColumns, loadPublicSet, type LoadedSet, type LoadOptions, type PublicSet } from './sets.ts';

export const PUBLIC_DATA_OUT = fileURLToPath(new URL('../data/public', import.meta.url));

export interface PublicExport {
  readonly set: string;
  readonly csv: string;
  readonly splitFile: string;
  readonly metaFile: string;
  readonly rows: number;
  readonly mappedRows: number;
  readonly importDeadLetters: number;
  readonly units: number;
  readonly trainUnits: number;
  readonly testUnits: number;
  readonly positives: number;
  readonly features: readonly string[];
  readonly replay: ReplaySummary;
}

export interface PublicExportOptions extends LoadOptions {
  readonly outDir?: string;
  readonly registry?: FeatureRegistry;
  readonly onProgress?: (done: number, total: number) => void;
}

/** The model-input columns of a set's table: every input the scorer computes for its row topic, less any leak. */
export function publicFeatures(set: PublicSet, registry: FeatureRegistry = FEATURE_REGISTRY): string[] {
  const leaks = new Set(leakingColumns(set.dataset));
  return featuresFor([set.rowTopic], registry, { include: 'all' }).filter((f) => !leaks.has(f));
}

/** Writes the table of a loaded set. */
export async function exportLoadedSet(loaded: LoadedSet, options: PublicExportOptions = {}): Promise<PublicExport> {
  const { set } = loaded;
  const outDir = resolve(options.outDir ?? PUBLIC_DATA_OUT);
  const registry = options.registry ?? FEATURE_REGISTRY;
  const features = publicFeatures(set, registry);
  const byRowEvent = new Map(loaded.units.map((u) => [u.rowEventId, u]));
  const replay = await replayToTables(
    loaded.events,
    [{
      name: set.name,
      features,
      observe: (input) => {
        const unit = byRowEvent.get(input.event.eventId);
        return unit && input.topic === set.rowTopic ? { rowId: unit.unitId, eventTime: input.event.eventTime, label: unit.label } : null;
      },
    }],
    // Budget-free graph checks: the table (and its fingerprint in the manifests) must not depend on machine load.
    { outDir, registry, total: loaded.events.length, graphClock: FROZEN_GRAPH_CLOCK, ...(options.onProgress ? { onProgress: options.onProgress } : {}) },
  );
  const table = replay.tables[0];
  if (!table || table.rows !== loaded.units.length) {
    throw new Error(`${set.name}: ${table?.rows ?? 0} table rows for ${loaded.units.length} units; an event failed validation or the set definition is wrong`);
  }
  const splitFile = join(outDir, `${set.name}.split.csv`);
  await writeFile(splitFile, ['row_id,split', ...loaded.units.map((u) => `${u.unitId},${u.split}`)].join('\n') + '\n');
  const dataEnd = loaded.events.reduce((max, e) => (e.event.eventTime > max ? e.event.eventTime : max), '');
  const metaFile = join(outDir, `${set.name}.meta.json`);
  const meta = {
    description: set.description,
    entity: set.entity,
    target: set.target,
    source: basename(loaded.file),
    split: set.split,
    // train.py takes trainedAt from here: a property of the data, so retraining is reproducible.
    dataEnd,
  };
  await writeFile(metaFile, JSON.stringify(meta, null, 2) + '\n');
  const train = loaded.units.filter((u) => u.split === 'train').length;
  return {
    set: set.name, csv: table.file, splitFile, metaFile,
    rows: loaded.rows, mappedRows: loaded.mappedRows, importDeadLetters: loaded.importDeadLetters.length,
    units: loaded.units.length, trainUnits: train, testUnits: loaded.units.length - train,
    positives: table.positives, features, replay,
  };
}

/** Imports, replays and writes the table of one set. */
export async function exportPublicSet(set: PublicSet, options: PublicExportOptions = {}): Promise<PublicExport> {
  return exportLoadedSet(await loadPublicSet(set, options), options);
}
