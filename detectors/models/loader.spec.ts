import { readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelRejectedError } from './errors.ts';
import { loadModel, releaseModel } from './loader.ts';
import { manifestFeatures, publish, scratchRoot, TOY_CHAMPION_DIR } from './__fixtures__/toyModels.ts';

let root: string;
let known: string[];

beforeEach(async () => {
  root = await scratchRoot();
  known = await manifestFeatures(TOY_CHAMPION_DIR);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function expectRejected(dir: string, knownFeatures: Iterable<string>, reason: RegExp): Promise<void> {
  const error = await loadModel(dir, { knownFeatures }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelRejectedError);
  expect((error as ModelRejectedError).reason).toMatch(reason);
  expect((error as ModelRejectedError).code).toBe('fengkong:model-rejected');
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

describe('loadModel', () => {
  it('loads a consistent model whose features the registry knows', async () => {
    const model = await loadModel(TOY_CHAMPION_DIR, { knownFeatures: [...known, 'unrelated_feature'] });
    expect(model.manifest.name).toBe('toy_fraud');
    expect(model.manifest.features).toEqual(known);
    expect(model.session.inputNames).toEqual(['features']);
    await releaseModel(model);
  });

  it('refuses a model whose manifest names a feature the registry does not know', async () => {
    const registry = known.filter((f) => f !== 'toy_face_match');
    await expectRejected(TOY_CHAMPION_DIR, registry, /not in the feature registry: toy_face_match/);
  });

  it('refuses a manifest whose feature order disagrees with the model', async () => {
    const dir = await publish(root, TOY_CHAMPION_DIR, '1.0.0', (m) => {
      m.features = [...(m.features as string[])].reverse();
    });
    await expectRejected(dir, known, /different order/);
  });

  it('refuses a model file that is not the one the manifest fingerprints', async () => {
    const dir = await publish(root, TOY_CHAMPION_DIR, '1.0.0');
    const bytes = await readFile(join(dir, 'model.onnx'));
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 0xff;
    await writeFile(join(dir, 'model.onnx'), bytes);
    await expectRejected(dir, known, /model\.onnx has SHA-256/);
  });

  it('refuses when the manifest name or version disagrees with its directory', async () => {
    const dir = await publish(root, TOY_CHAMPION_DIR, '2.0.0', (m) => {
      m.version = '1.9.9';
    });
    await expectRejected(dir, known, /directory is toy_fraud\/2\.0\.0/);
  });

  it('refuses a manifest that fails the schema (review above alert)', async () => {
    const dir = await publish(root, TOY_CHAMPION_DIR, '1.0.0', (m) => {
      m.thresholds = { review: 0.9, alert: 0.1 };
    });
    await expectRejected(dir, known, /review must not exceed/);
  });

  it('refuses when the ONNX graph no longer reproduces the Python reference rows', async () => {
    const dir = await publish(root, TOY_CHAMPION_DIR, '1.0.0');
    const refPath = join(dir, 'reference.json');
    const reference = JSON.parse(await readFile(refPath, 'utf8')) as { probability: number[] };
    reference.probability[0] = (reference.probability[0] as number) + 0.01;
    const text = JSON.stringify(reference);
    await writeFile(refPath, text);
    const manifestPath = join(dir, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { reference: { sha256: string } };
    manifest.reference.sha256 = sha256(text);
    await writeFile(manifestPath, JSON.stringify(manifest));
    await expectRejected(dir, known, /reference row 0: ONNX gives/);
  });
});
