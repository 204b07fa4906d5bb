/**
 * Prospect discovery on the held-out simulated period (called by eval/main.ts, or run alone:
 * `node bin/run-ts.js eval/prospects.ts`).
 *
 * - prospects.precision_at_100 / ndcg_at_100: the pipeline's prospect list (ClickHouse
 *   `prospects`, after a final re-evaluation once the scorer has caught up) against the
 *   simulator's truth; relevant = growth class `growing` and `sound` (no default, fraud, distress
 *   or adverse enterprise-update in the period). NDCG uses binary relevance.
 * - prospects.forecast_mape: a rolling-origin backtest of the same forecaster on the same
 *   invoice summaries: the origin is three months before the newest filed month; every
 *   enterprise with at least 12 months of invoices up to the origin and all three following
 *   months filed is forecast from what was known at the origin (its own months and the industry
 *   profiles of everyone's months up to then) and compared with what it then filed. The point
 *   forecast is the median (the back-transformed log forecast).
 */
import { fileURLToPath } from 'node:url';
import { ProspectBook, type ProspectEvent } from '../prospects/book.ts';
import { loadProspectsConfig, type ProspectsConfig } from '../prospects/config.ts';
import { monthIndex } from '../prospects/forecast/months.ts';
import { topProspects } from '../pipelines/prospects/readProspects.ts';
import type { Runtime } from '../pipelines/runtime.ts';
import { EMBEDDED_DEV_PII_KEY } from '../lib/config.ts';
import { Pseudonymiser } from '../schemas/pseudonym.ts';
import type { SimulationOutput } from '../simulator/index.ts';
import type { GraphEvent } from '../detectors/graph/eventMutations.ts';
import type { EventOf } from '../schemas/topics.ts';
import { mape, ndcgAtK, precisionAtK } from './prospectMetrics.ts';

const K = 100;
const log = (m: string) => console.error(`eval: ${m}`);

/** Truth's relevant set: growing and sound. */
export const isGrowingAndSound = (t: { growthClass: string; sound: boolean }): boolean => t.growthClass === 'growing' && t.sound;

/** The forecast backtest (see the module comment); returns the MAPE and how many enterprises it covers. */
export interface BacktestResult {
  readonly mape: number;
  /** Median absolute percentage error (diagnostic: the mean is pulled up by firms in distress). */
  readonly medianApe: number;
  /** Share of actual quarters inside the forecast's central interval (config forecast.intervalLevel). */
  readonly coverage: number;
  readonly enterprises: number;
  readonly origin: string | null;
}

export async function forecastBacktest(sim: Pick<SimulationOutput, 'events'>, config: ProspectsConfig = loadProspectsConfig()): Promise<BacktestResult> {
  const invoices = sim.events['enterprise-updates'].filter((e) => e.kind === 'invoice_summary');
  if (invoices.length === 0) return { mape: Number.NaN, medianApe: Number.NaN, coverage: Number.NaN, enterprises: 0, origin: null };
  const newest = Math.max(...invoices.map((e) => monthIndex(e.month)));
  const origin = newest - 3;
  const pseudonymiser = new Pseudonymiser(EMBEDDED_DEV_PII_KEY);
  const book = new ProspectBook(config);
  const known: ProspectEvent[] = sim.events['enterprise-updates']
    .filter((e) => (e.kind === 'invoice_summary' ? monthIndex(e.month) <= origin : e.kind === 'registry_change'))
    .map((e) => ({ topic: 'enterprise-updates', event: pseudonymiser.pseudonymise('enterprise-updates', e) }));
  await book.apply(known);
  const actual = new Map<string, Map<number, number>>();
  for (const e of invoices) {
    const m = monthIndex(e.month);
    if (m <= origin) continue;
    let byMonth = actual.get(e.enterpriseId);
    if (!byMonth) actual.set(e.enterpriseId, (byMonth = new Map()));
    byMonth.set(m, e.salesAmount);
  }
  const pairs: Array<{ forecast: number; actual: number }> = [];
  let inside = 0;
  for (const id of book.enterpriseIds()) {
    const f = book.forecast(id);
    const after = actual.get(id);
    if (!f || f.months < 12 || f.lastMonth !== origin || !after) continue;
    const months = [1, 2, 3].map((k) => after.get(origin + k));
    if (months.some((v) => v === undefined)) continue;
    const total = months.reduce((sum: number, v) => sum + (v ?? 0), 0);
    pairs.push({ forecast: f.nextQuarter.median, actual: total });
    if (total >= f.nextQuarter.lower && total <= f.nextQuarter.upper) inside++;
  }
  const apes = pairs.filter((p) => p.actual > 0).map((p) => Math.abs(p.forecast - p.actual) / p.actual).sort((a, b) => a - b);
  const label = `${Math.floor(origin / 12)}-${String((origin % 12) + 1).padStart(2, '0')}`;
  return { mape: mape(pairs), medianApe: apes.length > 0 ? apes[Math.floor(apes.length / 2)]! : Number.NaN, coverage: pairs.length > 0 ? inside / pairs.length : Number.NaN, enterprises: pairs.length, origin: label };
}

/** Ranking metrics of a list of enterprise ids (best first) against the truth. */
export function rankingMetrics(ranked: readonly string[], truth: SimulationOutput['truth']): { precision: number; ndcg: number; relevant: number } {
  const byId = new Map(truth.enterprises.map((t) => [t.enterpriseId, t]));
  const relevant = ranked.map((id) => {
    const t = byId.get(id);
    return t !== undefined && isGrowingAndSound(t);
  });
  const total = truth.enterprises.filter(isGrowingAndSound).length;
  return { precision: precisionAtK(relevant, K), ndcg: ndcgAtK(relevant, total, K), relevant: total };
}

/**
 * Waits for prospect discovery to have read every record of its topics, re-evaluates every
 * enterprise (the scorer has finished writing the graph by now), reads the top of the list back
 * from ClickHouse and returns the `name: value` lines.
 */
export async function evaluateProspects(runtime: Runtime, sim: SimulationOutput, options: { readonly timeoutMs?: number } = {}): Promise<string[]> {
  const prospects = runtime.downstream?.prospects;
  if (!prospects) throw new Error('the runtime was built without prospect discovery (downstream: false)');
  const expected = sim.events['enterprise-updates'].length + sim.events.labels.length + sim.events.repayments.length;
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  while (prospects.recordsProcessed < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  if (prospects.recordsProcessed < expected) log(`prospect discovery read ${prospects.recordsProcessed} of ${expected} records before the timeout`);
  await prospects.refreshAll();
  const top = await topProspects(runtime.clickhouse, { top: K });
  const ranking = rankingMetrics(top.map((r) => r.enterpriseId), sim.truth);
  log(`${prospects.eligibleCount} enterprises on the prospect list; ${ranking.relevant} growing and sound in truth; top ${top.length} read back`);
  const backtest = await forecastBacktest(sim);
  log(`forecast backtest from ${backtest.origin}: ${backtest.enterprises} enterprises with 12+ months of invoices; median APE ${backtest.medianApe.toFixed(4)}, ${Math.round(loadProspectsConfig().forecast.intervalLevel * 100)}% band held the actual quarter ${(backtest.coverage * 100).toFixed(1)}% of the time`);
  return [
    `prospects.precision_at_100: ${ranking.precision.toFixed(4)}`,
    `prospects.ndcg_at_100: ${ranking.ndcg.toFixed(4)}`,
    `prospects.forecast_mape: ${backtest.mape.toFixed(4)}`,
  ];
}

/**
 * The prospect figures without the rest of the pipeline, for a quick look: the same held-out
 * simulation (EVAL_SEED / EVAL_DAYS / EVAL_ENTERPRISES as eval/main.ts), the knowledge graph built
 * in memory from the same events the scorer would apply, the book fed in event-time order, every
 * enterprise evaluated at the end. Ranking figures may differ slightly from the pipeline's, which
 * reads the list back from ClickHouse after the same final re-evaluation.
 */
export async function runStandalone(): Promise<string[]> {
  const { simulate, eventsInTimeOrder } = await import('../simulator/index.ts');
  const { KnowledgeGraph } = await import('../detectors/graph/knowledgeGraph.ts');
  const { MemoryGraphStore } = await import('../detectors/graph/memoryStore.ts');
  const held = { seed: Number(process.env.EVAL_SEED ?? 8_675_309), days: Number(process.env.EVAL_DAYS ?? 120), enterprises: Number(process.env.EVAL_ENTERPRISES ?? 1000) };
  log(`standalone prospects: simulating seed ${held.seed}, ${held.days} days, ${held.enterprises} enterprises`);
  const sim = simulate(held);
  const pseudonymiser = new Pseudonymiser(EMBEDDED_DEV_PII_KEY);
  const graph = new KnowledgeGraph(new MemoryGraphStore());
  const book = new ProspectBook(loadProspectsConfig(), graph);
  const graphBatch: GraphEvent[] = [];
  const bookBatch: ProspectEvent[] = [];
  const flush = async () => {
    await graph.applyEvents(graphBatch.splice(0));
    await book.apply(bookBatch.splice(0));
  };
  for (const { topic, event } of eventsInTimeOrder(sim)) {
    if (topic === 'collection-outcomes') continue;
    const e = pseudonymiser.pseudonymise(topic, event as EventOf<typeof topic>);
    if (topic !== 'repayments') graphBatch.push({ topic, event: e } as GraphEvent);
    if (topic === 'enterprise-updates' || topic === 'labels' || topic === 'repayments') bookBatch.push({ topic, event: e } as ProspectEvent);
    if (graphBatch.length >= 2000) await flush();
  }
  await flush();
  const rows = (await book.evaluate(book.enterpriseIds())).filter((p) => p.eligible).sort((a, b) => b.score - a.score || (a.enterpriseId < b.enterpriseId ? -1 : 1));
  const ranking = rankingMetrics(rows.slice(0, K).map((r) => r.enterpriseId), sim.truth);
  const backtest = await forecastBacktest(sim);
  log(`${rows.length} eligible; ${ranking.relevant} growing and sound in truth; backtest from ${backtest.origin} on ${backtest.enterprises} enterprises, median APE ${backtest.medianApe.toFixed(4)}, band coverage ${(backtest.coverage * 100).toFixed(1)}%`);
  const lines = [
    `prospects.precision_at_100: ${ranking.precision.toFixed(4)}`,
    `prospects.ndcg_at_100: ${ranking.ndcg.toFixed(4)}`,
    `prospects.forecast_mape: ${backtest.mape.toFixed(4)}`,
  ];
  for (const line of lines) console.log(line);
  return lines;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await runStandalone();
