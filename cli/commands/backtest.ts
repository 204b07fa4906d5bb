/**
 * `fengkong backtest --rules <file> [--model <dir>] --from <date> --to <date>`: replays the
 * stored events of the range through a candidate rule set (and model) next to the live one and
 * prints alert volume, precision and recall against labels, and which alerts would be lost or
 * gained (feedback/backtest.ts). Nothing is deployed.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { backtest, DEFAULT_WINDOW_DAYS, type BacktestReport, type RuleSetTotals } from '../../feedback/backtest.ts';
import { withFeedbackClickHouse } from '../../feedback/clickhouse.ts';
import { parseRange } from '../../feedback/time.ts';
import { loadRuleSetOrThrow } from '../../detectors/rules/load.ts';
import { loadModel, releaseModel } from '../../detectors/models/loader.ts';
import { knownModelInputs } from '../../detectors/modelInputs.ts';
import { DEFAULT_RULES_FILE } from '../../dashboards/src/sql.ts';

const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '–');

function line(tag: string, t: RuleSetTotals): string {
  return `${`${tag} ${t.ruleSet}`.padEnd(48)} ${String(t.alerts).padStart(8)} ${t.alertsPerDay.toFixed(1).padStart(9)} ${String(t.flaggedEvents).padStart(8)} ${String(t.tp).padStart(6)} ${String(t.fp).padStart(6)} ${String(t.fn).padStart(6)} ${pct(t.precision).padStart(9)} ${pct(t.recall).padStart(7)}`;
}

/** The report as text for stdout. */
export function formatBacktest(r: BacktestReport): string {
  const out: string[] = [];
  out.push(`backtest ${r.from.toISOString()} .. ${r.to.toISOString()}: ${r.events} events (${r.labelled.bad} bad, ${r.labelled.good} good, ${r.labelled.immature} immature; window ${r.windowDays} days)`);
  out.push(`${'rule set'.padEnd(48)} ${'alerts'.padStart(8)} ${'per day'.padStart(9)} ${'flagged'.padStart(8)} ${'TP'.padStart(6)} ${'FP'.padStart(6)} ${'FN'.padStart(6)} ${'precision'.padStart(9)} ${'recall'.padStart(7)}`);
  out.push(line('live', r.live), line('candidate', r.candidate), line('recorded', r.recorded));
  for (const m of r.missing) out.push(`missing in candidate: ${m.ruleId} ${m.eventIds.length} alerts`);
  for (const a of r.added) out.push(`new in candidate: ${a.ruleId} ${a.eventIds.length} alerts`);
  if (r.missing.length === 0 && r.added.length === 0) out.push('the candidate raises exactly the live alerts');
  for (const e of r.errors) out.push(`rule errors: ${e.ruleSet} ${e.ruleId} threw on ${e.count} events (counted as not hit)`);
  if (r.model) out.push(`model ${r.model.name} ${r.model.version}: AUC ${r.model.candidateAuc.toFixed(4)} vs live ${r.model.liveAuc.toFixed(4)} on ${r.model.events} matured events`);
  out.push('per rule (candidate): alerts, TP, FP, precision');
  for (const b of r.candidate.byRule) out.push(`  ${b.ruleId.padEnd(36)} ${String(b.alerts).padStart(7)} ${String(b.tp).padStart(6)} ${String(b.fp).padStart(6)} ${pct(b.precision).padStart(8)}`);
  return out.join('\n');
}

export function registerBacktest(program: Command): void {
  program
    .command('backtest')
    .description('replay stored events through a candidate rule set (and model) and compare alerts, precision and recall with the live one')
    .requiredOption('--rules <file>', 'candidate rule-set YAML')
    .option('--live <file>', 'live rule-set YAML to compare with', DEFAULT_RULES_FILE)
    .option('--model <dir>', 'candidate model version directory (models/<name>/<version>) to re-score with')
    .requiredOption('--from <date>', 'first day (YYYY-MM-DD, UTC) or ISO instant, included')
    .requiredOption('--to <date>', 'end day or instant, excluded')
    .option('--window-days <n>', 'performance window of the default label, days', String(DEFAULT_WINDOW_DAYS))
    .option('--json', 'print the report as JSON')
    .action(async (opts: { rules: string; live: string; model?: string; from: string; to: string; windowDays: string; json?: boolean }) => {
      const { from, to } = parseRange(opts.from, opts.to);
      const candidate = loadRuleSetOrThrow(await readFile(opts.rules, 'utf8'), opts.rules);
      const live = loadRuleSetOrThrow(await readFile(opts.live, 'utf8'), opts.live);
      const model = opts.model ? await loadModel(opts.model, { knownFeatures: knownModelInputs() }) : undefined;
      try {
        const report = await withFeedbackClickHouse((client) => backtest(client, { from, to, candidate, live, windowDays: Number(opts.windowDays), ...(model ? { model } : {}) }));
        console.log(opts.json ? JSON.stringify(report, null, 2) : formatBacktest(report));
      } finally {
        if (model) await releaseModel(model);
      }
    });
}
