/**
 * What is on disk under the models root: `<root>/<name>/<version>/manifest.json`. Only manifests
 * are read here (cheap); loading and checking a model is loader.ts's job. Directories whose name
 * starts with a dot are ignored, so a publisher can write `<name>/.staging-<x>/` and rename it to
 * `<version>` (an atomic rename) once complete.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../lib/logger.ts';
import { compareVersions } from './compareVersions.ts';
import { readManifest } from './loader.ts';
import { MODEL_NAME, MODEL_VERSION, type ModelManifest } from './manifest.ts';

/** One model version directory with its (schema-valid) manifest. */
export interface CatalogEntry {
  readonly dir: string;
  readonly manifest: ModelManifest;
}

/** Candidates for one model name, newest first per role. */
export interface Candidates {
  readonly champions: CatalogEntry[];
  readonly challengers: CatalogEntry[];
}

/** Log event names of the catalog. */
export const CATALOG_EVENTS = { manifestSkipped: 'model.manifest_skipped' } as const;

async function subdirectories(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
}

/** Every model name under root with its champion and challenger versions, newest first. */
export async function scanModels(root: string, logger?: Logger): Promise<Map<string, Candidates>> {
  const out = new Map<string, Candidates>();
  for (const name of await subdirectories(root)) {
    if (!MODEL_NAME.test(name)) continue;
    const versions = (await subdirectories(join(root, name))).filter((v) => MODEL_VERSION.test(v));
    // A folder without a single version directory is not a model (e.g. models/public/, which
    // holds the public-data models roots): nothing to serve and nothing to warn about.
    if (versions.length === 0) continue;
    const champions: CatalogEntry[] = [];
    const challengers: CatalogEntry[] = [];
    for (const version of versions) {
      const dir = join(root, name, version);
      try {
        const manifest = await readManifest(dir);
        (manifest.role === 'champion' ? champions : challengers).push({ dir, manifest });
      } catch (err) {
        logger?.warn({ event: CATALOG_EVENTS.manifestSkipped, dir, err }, 'model version skipped: manifest unreadable or invalid');
      }
    }
    const newestFirst = (a: CatalogEntry, b: CatalogEntry) => compareVersions(b.manifest.version, a.manifest.version);
    out.set(name, { champions: champions.sort(newestFirst), challengers: challengers.sort(newestFirst) });
  }
  return out;
}
