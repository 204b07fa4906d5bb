/**
 * `npm run train`: the whole reproducible path from the repo to `models/`:
 *   1. exportDataset.ts — simulate the training world, replay it through the feature store, write CSVs;
 *   2. train.py (Debian's python3 with python3-sklearn and python3-onnx) — fit, convert to ONNX,
 *      write model.onnx, trees.json, reference.json and manifest.json per model.
 * Extra arguments go to train.py (e.g. `npm run train -- --only pd_30d`).
 *
 * `npm run train -- public [--only paysim|sba|sbacase|uci]`: the models on the public labelled
 * data sets instead (training/public/train.ts), into models/public/<set>/.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { exportCli } from './exportDataset.ts';

/**
 * Debian's interpreter, where python3-sklearn / python3-onnx install; a pyenv or venv `python3`
 * earlier on PATH usually lacks them. FENGKONG_PYTHON overrides.
 */
const PYTHON = process.env.FENGKONG_PYTHON ?? '/usr/bin/python3';
const TRAIN_PY = fileURLToPath(new URL('./train.py', import.meta.url));

function checkPython(): void {
  const probe = spawnSync(PYTHON, ['-c', 'import sklearn, onnx'], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `${PYTHON} cannot import sklearn and onnx (${probe.error?.message ?? probe.stderr.trim().split('\n').pop()}). ` +
        'Install them with `sudo apt-get install python3-sklearn python3-onnx` (scripts/setup.sh does), or point FENGKONG_PYTHON at an interpreter that has them.',
    );
  }
}

async function main(argv: readonly string[]): Promise<void> {
  checkPython();
  if (argv[0] === 'public') {
    const { parsePublicArgs, trainPublic } = await import('./public/train.ts');
    await trainPublic({ python: PYTHON, ...parsePublicArgs(argv.slice(1)) });
    return;
  }
  const summary = await exportCli([]);
  for (const d of summary.datasets) {
    process.stderr.write(`export: ${d.name}: ${d.rows} rows, ${d.positives} positives, ${d.features} features\n`);
  }
  if (summary.invalidEvents > 0 || summary.lateEvents > 0) {
    process.stderr.write(`export: ${summary.invalidEvents} invalid and ${summary.lateEvents} late events were not applied (as the pipeline would)\n`);
  }
  const train = spawnSync(PYTHON, [TRAIN_PY, ...argv], { stdio: 'inherit' });
  if (train.error) throw train.error;
  if (train.status !== 0) throw new Error(`train.py exited with status ${train.status}`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`train failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
