/**
 * `npm run eval`: trains nothing. Simulates a held-out period with a seed never used in training
 * (training uses TRAINING_SIMULATION.seed), runs it through the real pipeline in embedded mode
 * (the same processor, feature store, graph, models and rules as production), reads the scores
 * back from ClickHouse and prints one `name: value` line per figure.
 *
 * Definitions (see README "Evaluation"):
 * - app_fraud.*: application_fraud champion score per application vs. the simulator's truth
 *   (fraudulent applications: rings, bust-out, identity fraud);
 * - ring_members.recall_at_5pct_review: share of ring members' applications in the top 5%;
 * - txn_fraud.auc: transaction_fraud score per transaction vs. truth fraud transactions;
 * - default_warning.*: each month the 5% of live loans with the highest default_pd score that
 *   month are alerted, at the first event whose score reaches that month's cut-off. A defaulting
 *   loan counts as caught when it is alerted at least 14 days before its first missed due date
 *   (the onset of delinquency, stricter than the 90-days-past-due default date).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { loadConfig } from '../lib/config.ts';
import { createLogger } from '../lib/logger.ts';
import { buildRuntime } from '../pipelines/runtime.ts';
import { RunningSummary } from '../pipelines/summary.ts';
import { simulate, produceSimulation, eventCount } from '../simulator/index.ts';
import { TRAINING_SIMULATION } from '../training/exportDataset.ts';
import { auc, median, recallAtFraction } from './metrics.ts';
import { evaluateProspects } from './prospects.ts';

if (process.argv[2] === 'public') {
  // `npm run eval -- public`: the public labelled data sets instead (eval/public.ts).
  const { runPublicEval } = await import('./public.ts');
  await runPublicEval(process.argv.slice(3)).catch((err: unknown) => {
    console.error(`eval public failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
  process.exit();
}

const HELD_OUT = { seed: Number(process.env.EVAL_SEED ?? 8_675_309), days: Number(process.env.EVAL_DAYS ?? 120), enterprises: Number(process.env.EVAL_ENTERPRISES ?? 1000) };
if (HELD_OUT.seed === TRAINING_SIMULATION.seed) throw new Error('the evaluation seed must differ from the training seed');
const DAY = 86_400_000;
const log = (m: string) => console.error(`eval: ${m}`);

interface ScoreRow {
  input_event_id: string;
  topic: string;
  entity_id: string;
  event_time: string;
  model: string;
  score: number | null;
}

log(`simulating held-out period: seed ${HELD_OUT.seed}, ${HELD_OUT.days} days, ${HELD_OUT.enterprises} enterprises`);
const sim = simulate(HELD_OUT);
const total = eventCount(sim);
const dataDir = await mkdtemp(join(tmpdir(), 'fk-eval-'));
try {
  const config = loadConfig({ FENGKONG_DATA_DIR: dataDir, LOG_LEVEL: 'silent', METRICS_PORT: '0' });
  const summary = new RunningSummary();
  const runtime = await buildRuntime(config, { logger: createLogger('silent'), onBatch: (b) => summary.add(b) });
  await runtime.processor.start();
  const bar = new SingleBar({ format: 'eval: scoring {bar} {value}/{total} events | {duration}s', stream: process.stderr }, Presets.shades_classic);
  bar.start(total, 0);
  const ticker = setInterval(() => bar.update(summary.events), 500);
  await produceSimulation(runtime.producer, sim, { rate: 0 });
  while (summary.events < total) await new Promise((r) => setTimeout(r, 200));
  clearInterval(ticker);
  bar.update(summary.events);
  bar.stop();
  await runtime.processor.stop();

  const rows = await runtime.clickhouse.query<ScoreRow>(
    `SELECT input_event_id, topic, entity_id, toString(event_time) AS event_time, m.1 AS model, m.2 AS score
     FROM scores FINAL ARRAY JOIN arrayZip(models.model, models.score, models.role) AS m
     WHERE m.3 = 'champion' AND topic IN ('applications', 'transactions', 'repayments')`,
  );
  // Prospect discovery (eval/prospects.ts): prospects.precision_at_100, ndcg_at_100, forecast_mape.
  for (const line of await evaluateProspects(runtime, sim)) console.log(line);
  await runtime.close();
  const truth = sim.truth;

  // Application fraud.
  const appScore = new Map<string, number>();
  for (const r of rows) if (r.topic === 'applications' && r.model === 'application_fraud' && r.score !== null) appScore.set(r.entity_id, r.score);
  const apps = truth.applications.filter((a) => appScore.has(a.applicationId));
  const appScores = apps.map((a) => appScore.get(a.applicationId)!);
  const appLabels = apps.map((a) => a.isFraud);
  const ringLabels = apps.map((a) => a.ringId !== null);
  console.log(`app_fraud.auc: ${auc(appScores, appLabels).toFixed(4)}`);
  console.log(`app_fraud.recall_at_5pct_review: ${recallAtFraction(appScores, appLabels, 0.05).toFixed(4)}`);
  console.log(`ring_members.recall_at_5pct_review: ${recallAtFraction(appScores, ringLabels, 0.05).toFixed(4)}`);
  log(`${apps.length} applications scored, ${appLabels.filter(Boolean).length} fraudulent, ${ringLabels.filter(Boolean).length} from ring members`);

  // Transaction fraud.
  const fraudTxns = new Set(truth.fraudTransactions.map((t) => t.eventId));
  const txn = rows.filter((r) => r.topic === 'transactions' && r.model === 'transaction_fraud' && r.score !== null);
  console.log(`txn_fraud.auc: ${auc(txn.map((r) => r.score!), txn.map((r) => fraudTxns.has(r.input_event_id))).toFixed(4)}`);
  log(`${txn.length} transactions scored, ${txn.filter((r) => fraudTxns.has(r.input_event_id)).length} fraudulent`);

  // Default early warning from the PD model, 5% of live loans alerted per month.
  const loansByEnterprise = new Map<string, string[]>();
  for (const l of truth.loans) loansByEnterprise.set(l.enterpriseId, [...(loansByEnterprise.get(l.enterpriseId) ?? []), l.loanId]);
  const pdEvents = new Map<string, Array<{ t: number; s: number }>>();
  for (const r of rows) {
    if (r.model !== 'pd_30d' && r.model !== 'default_pd') continue;
    if (r.score === null) continue;
    const loans = r.topic === 'repayments' ? [r.entity_id] : (loansByEnterprise.get(r.entity_id) ?? []);
    const t = Date.parse(r.event_time.replace(' ', 'T') + 'Z');
    for (const l of loans) pdEvents.set(l, [...(pdEvents.get(l) ?? []), { t, s: r.score }]);
  }
  const start = Date.parse(`${truth.meta.start}T00:00:00Z`);
  const end = start + HELD_OUT.days * DAY;
  const onset = new Map(truth.loans.filter((l) => l.willDefault && l.firstMissedDueDate).map((l) => [l.loanId, Date.parse(`${l.firstMissedDueDate}T00:00:00Z`)]));
  const firstAlert = new Map<string, number>();
  let alertedLoanMonths = 0;
  let liveLoanMonths = 0;
  for (let m = start; m < end; m += 30 * DAY) {
    const mEnd = Math.min(end, m + 30 * DAY);
    const monthly: Array<{ loan: string; s: number; events: Array<{ t: number; s: number }> }> = [];
    for (const [loan, events] of pdEvents) {
      const inMonth = events.filter((e) => e.t >= m && e.t < mEnd);
      const o = onset.get(loan);
      if (inMonth.length === 0 || (o !== undefined && o < m)) continue;
      monthly.push({ loan, s: Math.max(...inMonth.map((e) => e.s)), events: inMonth });
    }
    if (monthly.length === 0) continue;
    monthly.sort((a, b) => b.s - a.s);
    const k = Math.max(1, Math.floor(monthly.length * 0.05));
    const cutoff = monthly[k - 1]!.s;
    liveLoanMonths += monthly.length;
    alertedLoanMonths += k;
    for (const entry of monthly.slice(0, k)) {
      const at = entry.events.filter((e) => e.s >= cutoff).map((e) => e.t).sort((a, b) => a - b)[0]!;
      if (!firstAlert.has(entry.loan) || firstAlert.get(entry.loan)! > at) firstAlert.set(entry.loan, at);
    }
  }
  // Defaulting loans whose delinquency starts inside the evaluated period and that were live (scored) before it.
  const defaulters = [...onset].filter(([loan, o]) => o >= start + 30 * DAY && o < end && pdEvents.has(loan));
  const leads = defaulters.map(([loan, o]) => (firstAlert.has(loan) && firstAlert.get(loan)! < o ? (o - firstAlert.get(loan)!) / DAY : -1));
  const caught = leads.filter((d) => d >= 14).length;
  console.log(`default_warning.recall_14d_lead_at_5pct_alerted: ${(defaulters.length ? caught / defaulters.length : Number.NaN).toFixed(4)}`);
  console.log(`default_warning.median_lead_days: ${median(leads.filter((d) => d >= 0)).toFixed(1)}`);
  log(`${defaulters.length} loans became delinquent in the period; alerted ${alertedLoanMonths} of ${liveLoanMonths} live loan-months (${((100 * alertedLoanMonths) / Math.max(1, liveLoanMonths)).toFixed(1)}%)`);
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
