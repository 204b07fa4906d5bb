/**
 * Test helpers around the toy fixture models (written by
 * `/usr/bin/python3 training/train.py --synthetic --data training/data/synthetic --out detectors/models/__fixtures__/models`):
 * copy them into a scratch models root and edit a manifest the way a model owner would.
 */
import { cp, mkdtemp, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURE_ROOT = join(dirname(fileURLToPath(import.meta.url)), 'models');
export const TOY = 'toy_fraud';
export const TOY_CHAMPION_DIR = join(FIXTURE_ROOT, TOY, '1.0.0');
export const TOY_CHALLENGER_DIR = join(FIXTURE_ROOT, TOY, '1.1.0');

/** A fresh empty models root in the OS temp directory. */
export const scratchRoot = (): Promise<string> => mkdtemp(join(tmpdir(), 'fk-models-'));

/**
 * Publishes a fixture version into `root` as `<name>/<version>`, optionally editing its manifest,
 * via a dot-directory and a rename, as a real publisher should.
 */
export async function publish(
  root: string,
  from: string,
  version: string,
  edit: (manifest: Record<string, unknown>) => void = () => undefined,
  beforeRename: (stagingDir: string) => Promise<void> = async () => undefined,
): Promise<string> {
  const staging = join(root, TOY, `.staging-${version}`);
  await cp(from, staging, { recursive: true });
  const manifestPath = join(staging, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
  manifest.version = version;
  edit(manifest);
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
  await beforeRename(staging);
  const target = join(root, TOY, version);
  await rename(staging, target);
  return target;
}

/** The feature names of a fixture manifest. */
export async function manifestFeatures(dir: string): Promise<string[]> {
  return (JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { features: string[] }).features;
}
