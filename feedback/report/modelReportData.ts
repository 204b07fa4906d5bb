/**
 * The numbers behind `fengkong report model`: for one model name, every version that scored
 * (champion and challengers) with, on matured labels only (model_score_outcomes), the ROC curve
 * and AUC, the KS curve, calibration by score bin, AUC and KS per month of decision, and the
 * score PSI per week against the first two weeks the version scored in (per week, not per day:
 * a day of a small book holds too few scores for a stable histogram; the dashboards show days).
 */
import type { ClickHouseClient } from '../../pipelines/clickhouse/types.ts';
import { FengkongError } from '../../lib/errors.ts';
import { calibration, ks, psi, roc, type CalibrationBin, type Labelled } from '../metrics.ts';
import { chTime } from '../time.ts';

export interface VersionReport {
  readonly version: string;
  readonly role: 'champion' | 'challenger';
  readonly scored: number;
  readonly labelled: number;
  readonly bads: number;
  readonly auc: number;
  readonly ks: number;
  readonly ksAt: number;
  /** Down-sampled curves for drawing. */
  readonly roc: ReadonlyArray<{ readonly fpr: number; readonly tpr: number }>;
  readonly ksCurve: ReadonlyArray<{ readonly score: number; readonly bad: number; readonly good: number }>;
  readonly calibration: readonly CalibrationBin[];
  readonly monthly: ReadonlyArray<{ readonly month: string; readonly labelled: number; readonly bads: number; readonly auc: number; readonly ks: number }>;
  readonly psi: ReadonlyArray<{ readonly week: string; readonly psi: number }>;
}

export interface ModelReportData {
  readonly model: string;
  readonly from: string;
  readonly to: string;
  readonly generatedAt: string;
  readonly target: { readonly labelKind: string; readonly windowDays: number } | null;
  readonly maturity: ReadonlyArray<{ readonly month: string; readonly bad: number; readonly good: number; readonly immature: number }>;
  readonly versions: readonly VersionReport[];
}

/** At most this many points per drawn curve (a curve has one point per distinct score). */
const MAX_POINTS = 200;
/** Weeks of the reference histogram of the PSI. */
const REFERENCE_WEEKS = 2;

function thin<T>(points: readonly T[]): T[] {
  if (points.length <= MAX_POINTS) return [...points];
  const step = (points.length - 1) / (MAX_POINTS - 1);
  return Array.from({ length: MAX_POINTS }, (_, i) => points[Math.round(i * step)] as T);
}

const round = (x: number, digits = 4): number => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x);

/** Collects the report data; throws a FengkongError naming the models there are when this one has no scores. */
export async function collectModelReport(client: ClickHouseClient, o: { model: string; from?: Date; to?: Date; now?: Date }): Promise<ModelReportData> {
  const to = o.to ?? o.now ?? new Date();
  const from = o.from ?? new Date(to.getTime() - 365 * 86_400_000);
  const params = { model: o.model, from: chTime(from), to: chTime(to) };
  const range = "event_time >= {from:DateTime64(3, 'UTC')} AND event_time < {to:DateTime64(3, 'UTC')}";
  const versions = await client.query<{ version: string; role: 'champion' | 'challenger'; scored: number }>(
    `SELECT version, role, count() AS scored FROM model_score_outcomes WHERE model = {model:String} AND ${range} GROUP BY version, role ORDER BY role = 'challenger', version`,
    params,
  );
  if (versions.length === 0) {
    const known = await client.query<{ model: string }>('SELECT DISTINCT model FROM model_scores_daily ORDER BY model');
    throw new FengkongError('fengkong:unknown-model', `no scores of model ${o.model} between ${from.toISOString()} and ${to.toISOString()} (models with scores: ${known.map((k) => k.model).join(', ') || 'none'})`);
  }
  const [target] = await client.query<{ label_kind: string; window_days: number }>(
    'SELECT argMax(label_kind, updated_at) AS label_kind, argMax(window_days, updated_at) AS window_days FROM model_targets WHERE model = {model:String} GROUP BY model',
    params,
  );
  const maturity = await client.query<{ month: string; bad: number; good: number; immature: number }>(
    `SELECT formatDateTime(decision_month, '%Y-%m') AS month, countIf(label = 'bad') AS bad, countIf(label = 'good') AS good, countIf(label = 'immature') AS immature
     FROM model_score_outcomes WHERE model = {model:String} AND role = 'champion' AND ${range} GROUP BY month ORDER BY month`,
    params,
  );
  const labelledRows = await client.query<{ version: string; role: string; month: string; score: number; y: 0 | 1 }>(
    `SELECT version, role, formatDateTime(decision_month, '%Y-%m') AS month, score, toUInt8(label = 'bad') AS y
     FROM model_score_outcomes WHERE model = {model:String} AND label IN ('bad', 'good') AND ${range}`,
    params,
  );
  const weekly = await client.query<{ version: string; role: string; week: string; counts: number[] }>(
    `SELECT m.version AS version, m.role AS role, toString(toMonday(event_time)) AS week,
            sumForEach(arrayMap(i -> toUInt64(i = least(toUInt8(floor(assumeNotNull(m.score) * 10)), 9)), range(10))) AS counts
     FROM scores FINAL ARRAY JOIN models AS m
     WHERE m.model = {model:String} AND m.score IS NOT NULL AND ${range}
     GROUP BY version, role, week ORDER BY week`,
    params,
  );

  const reports = versions.map((v): VersionReport => {
    const mine = labelledRows.filter((r) => r.version === v.version && r.role === v.role);
    const rows: Labelled[] = mine.map((r) => ({ score: r.score, y: r.y }));
    const r = roc(rows);
    const k = ks(rows);
    const months = [...new Set(mine.map((m) => m.month))].sort();
    const weeks = weekly.filter((w) => w.version === v.version && w.role === v.role);
    const reference = weeks.slice(0, REFERENCE_WEEKS).reduce((acc, w) => acc.map((a, i) => a + (w.counts[i] ?? 0)), new Array<number>(10).fill(0));
    return {
      version: v.version,
      role: v.role,
      scored: v.scored,
      labelled: rows.length,
      bads: rows.filter((x) => x.y === 1).length,
      auc: round(r.auc),
      ks: round(k.ks),
      ksAt: round(k.at),
      roc: thin(r.points).map((p) => ({ fpr: round(p.fpr), tpr: round(p.tpr) })),
      ksCurve: thin(k.curve).map((p) => ({ score: round(p.score), bad: round(p.bad), good: round(p.good) })),
      calibration: calibration(rows).map((b) => ({ ...b, meanPredicted: round(b.meanPredicted), observedBadRate: round(b.observedBadRate) })),
      monthly: months.map((month) => {
        const m = mine.filter((x) => x.month === month);
        return { month, labelled: m.length, bads: m.filter((x) => x.y === 1).length, auc: round(roc(m).auc), ks: round(ks(m).ks) };
      }),
      psi: weeks.map((w) => ({ week: w.week, psi: round(psi(w.counts, reference)) })),
    };
  });
  return {
    model: o.model,
    from: from.toISOString(),
    to: to.toISOString(),
    generatedAt: (o.now ?? new Date()).toISOString(),
    target: target ? { labelKind: target.label_kind, windowDays: target.window_days } : null,
    maturity,
    versions: reports,
  };
}
