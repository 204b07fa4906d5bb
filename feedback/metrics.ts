/**
 * Model-evaluation measures on labelled scores (label 1 = bad), as pure functions: ROC curve
 * and AUC, KS, calibration by score bin, and PSI. They match what the dashboards compute in
 * ClickHouse (arrayAUC, the cumulative-sum KS, the smoothed PSI), so a report and a dashboard
 * show the same numbers.
 */

export interface Labelled {
  readonly score: number;
  /** 1 bad, 0 good. */
  readonly y: 0 | 1;
}

export interface RocPoint {
  readonly fpr: number;
  readonly tpr: number;
  readonly threshold: number;
}

/**
 * ROC curve: one point per distinct score (ties move together), from (0, 0) to (1, 1), and
 * the area under it by the trapezoid rule, which equals the probability that a random bad
 * outscores a random good (ties counting half). NaN without both classes.
 */
export function roc(rows: readonly Labelled[]): { points: RocPoint[]; auc: number } {
  const bads = rows.filter((r) => r.y === 1).length;
  const goods = rows.length - bads;
  if (bads === 0 || goods === 0) return { points: [], auc: Number.NaN };
  const sorted = [...rows].sort((a, b) => b.score - a.score);
  const points: RocPoint[] = [{ fpr: 0, tpr: 0, threshold: Number.POSITIVE_INFINITY }];
  let tp = 0;
  let fp = 0;
  let auc = 0;
  for (let i = 0; i < sorted.length; ) {
    const threshold = (sorted[i] as Labelled).score;
    for (; i < sorted.length && (sorted[i] as Labelled).score === threshold; i++) {
      if ((sorted[i] as Labelled).y === 1) tp++;
      else fp++;
    }
    const prev = points[points.length - 1] as RocPoint;
    const point = { fpr: fp / goods, tpr: tp / bads, threshold };
    auc += (point.fpr - prev.fpr) * (point.tpr + prev.tpr) / 2;
    points.push(point);
  }
  return { points, auc };
}

export interface KsResult {
  /** max |F_bad(s) − F_good(s)| over thresholds s. */
  readonly ks: number;
  /** The score where the gap is largest. */
  readonly at: number;
  /** Cumulative share of bads and goods at or below each distinct score, ascending. */
  readonly curve: ReadonlyArray<{ readonly score: number; readonly bad: number; readonly good: number }>;
}

/** Kolmogorov–Smirnov statistic between the score distributions of bads and goods. */
export function ks(rows: readonly Labelled[]): KsResult {
  const bads = rows.filter((r) => r.y === 1).length;
  const goods = rows.length - bads;
  if (bads === 0 || goods === 0) return { ks: Number.NaN, at: Number.NaN, curve: [] };
  const sorted = [...rows].sort((a, b) => a.score - b.score);
  const curve: Array<{ score: number; bad: number; good: number }> = [];
  let b = 0;
  let g = 0;
  let best = 0;
  let at = Number.NaN;
  for (let i = 0; i < sorted.length; ) {
    const score = (sorted[i] as Labelled).score;
    for (; i < sorted.length && (sorted[i] as Labelled).score === score; i++) {
      if ((sorted[i] as Labelled).y === 1) b++;
      else g++;
    }
    const point = { score, bad: b / bads, good: g / goods };
    curve.push(point);
    const gap = Math.abs(point.bad - point.good);
    if (gap > best) {
      best = gap;
      at = score;
    }
  }
  return { ks: best, at, curve };
}

export interface CalibrationBin {
  readonly from: number;
  readonly to: number;
  readonly rows: number;
  readonly meanPredicted: number;
  readonly observedBadRate: number;
}

/** Rows per score bin of [0, 1] (`bins` equal widths), with mean predicted and observed bad rate. */
export function calibration(rows: readonly Labelled[], bins = 10): CalibrationBin[] {
  const acc = Array.from({ length: bins }, () => ({ n: 0, sum: 0, bad: 0 }));
  for (const r of rows) {
    const i = Math.min(bins - 1, Math.max(0, Math.floor(r.score * bins)));
    const a = acc[i] as { n: number; sum: number; bad: number };
    a.n++;
    a.sum += r.score;
    a.bad += r.y;
  }
  return acc.flatMap((a, i) => (a.n === 0 ? [] : [{ from: i / bins, to: (i + 1) / bins, rows: a.n, meanPredicted: a.sum / a.n, observedBadRate: a.bad / a.n }]));
}

/**
 * Population stability index of two histograms over the same bins:
 * Σ (a − e) · ln(a / e), with a and e the bin shares after adding 0.5 to every count (so an
 * empty bin neither divides by zero nor dominates). Same formula as the dashboards.
 */
export function psi(actual: readonly number[], expected: readonly number[]): number {
  if (actual.length !== expected.length || actual.length === 0) throw new RangeError('psi: histograms must have the same, non-zero number of bins');
  const share = (counts: readonly number[]): number[] => {
    const total = counts.reduce((s, c) => s + c, 0) + 0.5 * counts.length;
    return counts.map((c) => (c + 0.5) / total);
  };
  const a = share(actual);
  const e = share(expected);
  return a.reduce((sum, ai, i) => sum + (ai - (e[i] as number)) * Math.log(ai / (e[i] as number)), 0);
}

/** Precision and recall of a set of flags against labels (matured rows only). */
export function precisionRecall(counts: { tp: number; fp: number; fn: number }): { precision: number; recall: number } {
  return {
    precision: counts.tp + counts.fp === 0 ? Number.NaN : counts.tp / (counts.tp + counts.fp),
    recall: counts.tp + counts.fn === 0 ? Number.NaN : counts.tp / (counts.tp + counts.fn),
  };
}
