/**
 * Training is reproducible to the byte: re-running train.py on the same data writes the same
 * model.onnx, trees.json, reference.json and manifest.json. Checked on the toy fixture (seconds);
 * the default models follow the same code path (`npm run train` then `git diff models/`).
 * Needs Debian's python3-sklearn and python3-onnx (scripts/setup.sh installs them).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const PYTHON = process.env.FENGKONG_PYTHON ?? '/usr/bin/python3';
const TRAIN_PY = fileURLToPath(new URL('./train.py', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../detectors/models/__fixtures__/models/', import.meta.url));

const scratch = await mkdtemp(join(tmpdir(), 'fk-train-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('train.py', () => {
  it('rewrites the committed toy fixture byte for byte', async () => {
    const run = spawnSync(PYTHON, [TRAIN_PY, '--synthetic', '--data', join(scratch, 'data'), '--out', join(scratch, 'models')], { encoding: 'utf8' });
    expect(run.error, `cannot run ${PYTHON}; install python3-sklearn python3-onnx (scripts/setup.sh)`).toBeUndefined();
    expect(run.status, run.stderr).toBe(0);
    const versions = (await readdir(join(FIXTURE, 'toy_fraud'))).sort();
    expect(versions).toEqual(['1.0.0', '1.1.0']);
    for (const version of versions) {
      const files = (await readdir(join(FIXTURE, 'toy_fraud', version))).sort();
      expect(files).toEqual(['manifest.json', 'model.onnx', 'reference.json', 'trees.json']);
      expect((await readdir(join(scratch, 'models', 'toy_fraud', version))).sort()).toEqual(files);
      for (const file of files) {
        const committed = await readFile(join(FIXTURE, 'toy_fraud', version, file));
        const rebuilt = await readFile(join(scratch, 'models', 'toy_fraud', version, file));
        expect(rebuilt.equals(committed), `${version}/${file} differs from the committed fixture`).toBe(true);
      }
    }
  });
});
