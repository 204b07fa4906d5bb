/**
 * `npm run eval -- public [--only <set>]... [--row-limit N] [--chart FILE | --no-chart]`: the public
 * labelled data sets through the real pipeline with the models trained on them
 * (`npm run train -- public`, models/public/<set>/), and the held-out figures read back from
 * ClickHouse. Per set: a fresh embedded runtime (temporary FENGKONG_DATA_DIR, the set's models
 * root), the imported events replayed in event-time order (eval/publicReplay.ts), then SQL on the
 * scores joined with the stored labels and the split table. Prints `name: value` lines:
 *
 *   paysim.txn_fraud.auc, paysim.txn_fraud.recall_at_1pct_alerted
 *   sba.default.auc (with Term: the challenger), sba.default.auc_without_term (the champion)
 *   sbacase.default.auc (with Term), sbacase.default.auc_without_term
 *   uci.default.auc
 *
 * and draws the ROC curves (docs/public-roc.png by default). Definitions in docs/public-data.md §4.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { loadConfig } from '../lib/config.ts';
import { createLogger } from '../lib/logger.ts';
import { PUBLIC_FILES } from '../importers/publicData.ts';
import { buildRuntime } from '../pipelines/runtime.ts';
import { RunningSummary } from '../pipelines/summary.ts';
import { isPublicSetName, loadPublicSet, PUBLIC_SET_NAMES, PUBLIC_SETS, type LoadedSet, type PublicSet, type PublicSetName } from '../training/public/sets.ts';
import { publicModelsDir } from '../training/public/train.ts';
import { auc, recallAtAlertedShare, rocCurve, thinCurve } from './metrics.ts';
import { replayLoadedSet, rowAccounting, testScores, type ScoredUnit } from './publicReplay.ts';
import { renderRocPng, type RocSeries } from './publicRoc.ts';

export const DEFAULT_CHART = fileURLToPath(new URL('../docs/public-roc.png', import.meta.url));
/**
 * Lateness for a replay of history: topics and partitions are consumed independently, so they
 * drift apart; wider than any public set's span, no event is ever late (as in the training export,
 * which replays one ordered stream).
 */
const REPLAY_LATENESS_HOURS = '43800';
const log = (m: string): void => void process.stderr.write(`eval public: ${m}\n`);

export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly detail: string;
}

export interface SetResult {
  readonly set: PublicSetName;
  readonly figures: Figure[];
  readonly curves: RocSeries[];
}

/** Scores of one model version, aligned with labels. */
function byVersion(rows: readonly ScoredUnit[], version: string): { scores: number[]; labels: boolean[] } {
  const picked = rows.filter((r) => r.version === version);
  return { scores: picked.map((r) => r.score), labels: picked.map((r) => r.label) };
}

/**
 * How many legitimate rows of the natural population one legitimate row of the fraud-enriched
 * PaySim sample stands for: legitimate rows of the contiguous head file (steps 1-8) over the
 * sample's legitimate rows of the same steps. Assumes the sample drew legitimate rows uniformly
 * over steps, which its uploader did not document (docs/public-data.md §4).
 */
export async function paysimNegativeWeight(sample: LoadedSet): Promise<number> {
  const head = await loadPublicSet(PUBLIC_SETS.paysim, { file: PUBLIC_FILES.paysimHead });
  const last = head.units.reduce((m, u) => (u.eventTime > m ? u.eventTime : m), '');
  const headLegit = head.units.filter((u) => u.label === 0).length;
  const sampleLegit = sample.units.filter((u) => u.label === 0 && u.eventTime <= last).length;
  if (sampleLegit === 0) throw new Error('the PaySim sample has no legitimate rows in the head file\u2019s steps');
  return headLegit / sampleLegit;
}

/** Figures of one set from its held-out scores. */
export async function figuresOf(set: PublicSet, loaded: LoadedSet, rows: readonly ScoredUnit[]): Promise<{ figures: Figure[]; curves: RocSeries[] }> {
  const champion = set.models.find((m) => m.role === 'champion');
  const challenger = set.models.find((m) => m.role === 'challenger');
  if (!champion) throw new Error(`${set.name} has no champion model`);
  const c = byVersion(rows, champion.version);
  const positives = (l: boolean[]) => l.filter(Boolean).length;
  const detail = (v: { labels: boolean[] }, what: string) => `${what}; ${v.labels.length} test units, ${positives(v.labels)} positive`;
  const figures: Figure[] = [];
  const curves: RocSeries[] = [];
  const curve = (label: string, v: { scores: number[]; labels: boolean[] }, value: number, dashed = false) =>
    curves.push({ label: `${label}: AUC ${value.toFixed(4)}`, points: thinCurve(rocCurve(v.scores, v.labels), 400), dashed });

  if (set.name === 'paysim') {
    const weight = loaded.file === PUBLIC_FILES.paysimSample ? await paysimNegativeWeight(loaded) : 1;
    const a = auc(c.scores, c.labels);
    figures.push({ name: 'paysim.txn_fraud.auc', value: a, detail: detail(c, `transaction_fraud ${champion.version}`) });
    figures.push({
      name: 'paysim.txn_fraud.recall_at_1pct_alerted',
      value: recallAtAlertedShare(c.scores, c.labels, 0.01, weight),
      detail: `1% of the natural-rate population alerted, each legitimate sample row weighted ${weight.toFixed(2)}; unweighted (1% of the enriched sample): ${recallAtAlertedShare(c.scores, c.labels, 0.01).toFixed(4)}`,
    });
    curve('PaySim sample, transaction fraud', c, a);
  } else if (set.name === 'uci') {
    const a = auc(c.scores, c.labels);
    figures.push({ name: 'uci.default.auc', value: a, detail: detail(c, `pd_30d ${champion.version} at the September 2005 statement`) });
    curve('UCI credit default', c, a);
  } else {
    if (!challenger) throw new Error(`${set.name} needs a with-Term challenger`);
    const w = byVersion(rows, challenger.version);
    const title = set.name === 'sba' ? 'SBA national' : 'SBAcase (paper split)';
    const withTerm = auc(w.scores, w.labels);
    const without = auc(c.scores, c.labels);
    figures.push({ name: `${set.name}.default.auc`, value: withTerm, detail: detail(w, `challenger ${challenger.version}, with Term`) });
    figures.push({ name: `${set.name}.default.auc_without_term`, value: without, detail: detail(c, `champion ${champion.version}, without Term`) });
    curve(`${title}, without Term`, c, without);
    curve(`${title}, with Term (suspected leak)`, w, withTerm, true);
  }
  return { figures, curves };
}

/** Replays one set through a fresh embedded runtime with its public models and reads its figures from ClickHouse. */
export async function evaluateSet(name: PublicSetName, options: { rowLimit?: number; modelsRoot?: string } = {}): Promise<SetResult> {
  const set = PUBLIC_SETS[name];
  log(`${name}: importing ${set.file}${options.rowLimit ? ` (first ${options.rowLimit} rows)` : ''}`);
  const loaded = await loadPublicSet(set, options.rowLimit ? { rowLimit: options.rowLimit } : {});
  const dataDir = await mkdtemp(join(tmpdir(), `fk-eval-public-${name}-`));
  try {
    const config = loadConfig({ FENGKONG_DATA_DIR: dataDir, LOG_LEVEL: 'silent', METRICS_PORT: '0', FENGKONG_FEATURE_LATENESS_HOURS: REPLAY_LATENESS_HOURS });
    const summary = new RunningSummary();
    const modelsDir = options.modelsRoot ? join(options.modelsRoot, name) : publicModelsDir(name);
    const runtime = await buildRuntime(config, { logger: createLogger('silent'), modelsDir, onBatch: (b) => summary.add(b) });
    try {
      const runner = runtime.models.runner(set.modelDir);
      const served = runner ? [runner.pair.champion, runner.pair.challenger].filter((m) => m !== undefined).map((m) => `${m.manifest.version} (${m.manifest.role})`) : [];
      if (served.length < set.models.length) {
        throw new Error(`${modelsDir}/${set.modelDir} serves ${served.join(', ') || 'nothing'}, expected ${set.models.length} version(s): run \`npm run train -- public --only ${name}\` first`);
      }
      log(`${name}: ${loaded.rows} rows (${loaded.importDeadLetters.length} dead-lettered by the importer), ${loaded.events.length} events; models ${served.join(', ')}`);
      await runtime.processor.start();
      const bar = new SingleBar({ format: `eval public: ${name.padEnd(8)} {bar} {value}/{total} events | {duration}s`, stream: process.stderr }, Presets.shades_classic);
      bar.start(loaded.events.length, 0);
      try {
        await replayLoadedSet(runtime, summary, loaded, { onProgress: (done) => bar.update(done) });
      } finally {
        bar.stop();
      }
      await runtime.processor.stop();
      const counts = await rowAccounting(runtime.clickhouse, loaded);
      log(`${name}: ClickHouse holds ${counts.scoredUnits} scored units, ${counts.importDeadLetters} import and ${counts.pipelineDeadLetters} pipeline dead letters, ${counts.labels} labels`);
      const rows = await testScores(runtime.clickhouse, set);
      const result = await figuresOf(set, loaded, rows);
      return { set: name, ...result };
    } finally {
      await runtime.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function runPublicEval(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: { only: { type: 'string', multiple: true }, 'row-limit': { type: 'string' }, chart: { type: 'string' }, 'no-chart': { type: 'boolean' }, models: { type: 'string' } },
  });
  const sets = (values.only ?? [...PUBLIC_SET_NAMES]).map((s) => {
    if (!isPublicSetName(s)) throw new RangeError(`--only takes one of ${PUBLIC_SET_NAMES.join(', ')}, got '${s}'`);
    return s;
  });
  const rowLimit = values['row-limit'] === undefined ? undefined : Number(values['row-limit']);
  if (rowLimit !== undefined && !(Number.isSafeInteger(rowLimit) && rowLimit > 0)) throw new RangeError(`--row-limit must be a positive integer, got '${values['row-limit']}'`);
  const curves: RocSeries[] = [];
  for (const name of sets) {
    const result = await evaluateSet(name, { ...(rowLimit ? { rowLimit } : {}), ...(values.models ? { modelsRoot: resolve(values.models) } : {}) });
    for (const f of result.figures) {
      console.log(`${f.name}: ${f.value.toFixed(4)}`);
      log(`${f.name}: ${f.detail}`);
    }
    curves.push(...result.curves);
  }
  // The committed chart shows every set on its full file; a partial run draws only when asked.
  const chart = values['no-chart'] ? undefined : (values.chart ?? (values.only || rowLimit ? undefined : DEFAULT_CHART));
  if (chart) {
    await renderRocPng('Public data, held-out part, scores read from ClickHouse', curves, chart);
    log(`ROC chart written to ${chart}`);
  }
}
