/**
 * Ranking and forecast metrics of the prospect evaluation, pure functions.
 */

/** Share of relevant items among the first k of a ranking (k larger than the list counts the missing as not relevant). */
export function precisionAtK(relevant: readonly boolean[], k: number): number {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  return relevant.slice(0, k).filter(Boolean).length / k;
}

/**
 * Normalised discounted cumulative gain at k with binary relevance (Järvelin & Kekäläinen 2002):
 * DCG = Σ_{i ≤ k} rel_i / log2(i + 1), divided by the DCG of an ideal ranking that puts
 * min(k, totalRelevant) relevant items first. NaN when nothing is relevant.
 */
export function ndcgAtK(relevant: readonly boolean[], totalRelevant: number, k: number): number {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  let dcg = 0;
  relevant.slice(0, k).forEach((r, i) => {
    if (r) dcg += 1 / Math.log2(i + 2);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(k, totalRelevant); i++) ideal += 1 / Math.log2(i + 2);
  return ideal === 0 ? Number.NaN : dcg / ideal;
}

/** Mean absolute percentage error over pairs with a positive actual; NaN without any. */
export function mape(pairs: ReadonlyArray<{ readonly forecast: number; readonly actual: number }>): number {
  const usable = pairs.filter((p) => p.actual > 0 && Number.isFinite(p.forecast));
  if (usable.length === 0) return Number.NaN;
  return usable.reduce((s, p) => s + Math.abs(p.forecast - p.actual) / p.actual, 0) / usable.length;
}
