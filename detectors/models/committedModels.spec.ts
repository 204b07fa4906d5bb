/**
 * The models committed under `models/` agree with the code that serves them: every manifest's
 * features are in the feature registry, and scoring the reference rows train.py stored (inputs
 * and the Python model's outputs) through the TypeScript runner gives the Python probabilities.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { knownModelInputs } from '../modelInputs.ts';
import { loadModel, releaseModel } from './loader.ts';
import { ModelRunner } from './runner.ts';

const MODELS_ROOT = fileURLToPath(new URL('../../models/', import.meta.url));
const DEFAULT_MODELS = ['application_fraud', 'transaction_fraud', 'pd_30d'];

interface Reference {
  features: string[];
  rows: (number | null)[][];
  probability: number[];
  logit: number[];
}

/** `models/public/` holds one models root per public data set (training/public/train.ts), not a model. */
const PUBLIC_ROOTS = 'public';

async function versionDirs(root: string): Promise<string[]> {
  const dirs: string[] = [];
  for (const name of await readdir(root, { withFileTypes: true })) {
    if (!name.isDirectory() || name.name.startsWith('.') || (root === MODELS_ROOT && name.name === PUBLIC_ROOTS)) continue;
    for (const version of await readdir(join(root, name.name), { withFileTypes: true })) {
      if (version.isDirectory() && !version.name.startsWith('.')) dirs.push(join(root, name.name, version.name));
    }
  }
  return dirs.sort();
}

async function publicVersionDirs(): Promise<string[]> {
  const root = join(MODELS_ROOT, PUBLIC_ROOTS);
  const sets = await readdir(root, { withFileTypes: true }).catch(() => []);
  return (await Promise.all(sets.filter((d) => d.isDirectory()).map((d) => versionDirs(join(root, d.name))))).flat().sort();
}

const defaultDirs = await versionDirs(MODELS_ROOT);
const dirs = [...defaultDirs, ...(await publicVersionDirs())];

describe('committed models', () => {
  it('include the three default models', () => {
    const names = new Set(defaultDirs.map((d) => d.split('/').at(-2)));
    for (const m of DEFAULT_MODELS) expect(names.has(m), `models/${m} is missing; run npm run train`).toBe(true);
  });

  it.each(dirs)('%s reproduces its Python reference rows with registry features', async (dir) => {
    const model = await loadModel(dir, { knownFeatures: knownModelInputs() });
    try {
      const reference = JSON.parse(await readFile(join(dir, 'reference.json'), 'utf8')) as Reference;
      expect(reference.features).toEqual(model.manifest.features);
      const vectors = reference.rows.map((row) => Object.fromEntries(row.map((v, i) => [reference.features[i] as string, v])));
      const champion = model.manifest.role === 'champion' ? model : { ...model, manifest: { ...model.manifest, role: 'champion' as const } };
      const scores = await new ModelRunner({ champion }).score(vectors);
      scores.forEach((s, i) => {
        expect(s.champion.status).toBe('ok');
        expect(Math.abs((s.champion.score as number) - (reference.probability[i] as number))).toBeLessThanOrEqual(model.manifest.reference.tolerance);
        expect(s.reasons.length).toBeGreaterThan(0);
      });
      expect(model.manifest.metrics.auc).toBeGreaterThan(0.5);
    } finally {
      await releaseModel(model);
    }
  });
});
