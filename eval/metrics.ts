/**
 * Ranking metrics for evaluations, pure functions.
 */

/** Area under the ROC curve (Mann-Whitney U with average ranks for ties); NaN without both classes. */
export function auc(scores: readonly number[], labels: readonly boolean[]): number {
  const items = scores.map((s, i) => ({ s, y: labels[i] === true })).sort((a, b) => a.s - b.s);
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < items.length; ) {
    let j = i;
    while (j < items.length && items[j]!.s === items[i]!.s) j++;
    const avgRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (items[k]!.y) {
      pos++;
      rankSum += avgRank;
    }
    i = j;
  }
  const neg = items.length - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Share of positives among the top `fraction` of items by score (ties broken by input order). */
export function recallAtFraction(scores: readonly number[], labels: readonly boolean[], fraction: number, subset?: readonly boolean[]): number {
  const order = scores.map((s, i) => ({ s, i })).sort((a, b) => b.s - a.s || a.i - b.i);
  const k = Math.max(1, Math.floor(order.length * fraction));
  const top = new Set(order.slice(0, k).map((o) => o.i));
  const wanted = labels.map((y, i) => y && (subset ? subset[i] === true : true));
  const total = wanted.filter(Boolean).length;
  if (total === 0) return Number.NaN;
  return wanted.filter((w, i) => w && top.has(i)).length / total;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Recall when the top `share` of a population is alerted, from a sample whose negatives were
 * drawn at a known rate: each negative stands for `negativeWeight` negatives of the population
 * (1 = the sample is the population). The alert budget is `share` × (positives + weight ×
 * negatives) population rows; rows are taken by score, highest first (ties in input order), a
 * negative using up `negativeWeight` of the budget and a positive 1. NaN without positives.
 */
export function recallAtAlertedShare(scores: readonly number[], labels: readonly boolean[], share: number, negativeWeight = 1): number {
  const positives = labels.filter(Boolean).length;
  if (positives === 0) return Number.NaN;
  const budget = share * (positives + negativeWeight * (labels.length - positives));
  const order = scores.map((s, i) => ({ s, i })).sort((a, b) => b.s - a.s || a.i - b.i);
  let used = 0;
  let caught = 0;
  for (const { i } of order) {
    used += labels[i] ? 1 : negativeWeight;
    if (used > budget) break;
    if (labels[i]) caught++;
  }
  return caught / positives;
}

/** ROC curve points (false-positive rate, true-positive rate) from (0,0) to (1,1), one per distinct score. */
export function rocCurve(scores: readonly number[], labels: readonly boolean[]): Array<{ fpr: number; tpr: number }> {
  const positives = labels.filter(Boolean).length;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return [];
  const items = scores.map((s, i) => ({ s, y: labels[i] === true })).sort((a, b) => b.s - a.s);
  const points = [{ fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < items.length; ) {
    let j = i;
    while (j < items.length && items[j]!.s === items[i]!.s) {
      if (items[j]!.y) tp++;
      else fp++;
      j++;
    }
    points.push({ fpr: fp / negatives, tpr: tp / positives });
    i = j;
  }
  return points;
}

/** At most `max` points of a curve, evenly spaced along it, keeping both ends (for charts). */
export function thinCurve<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  const out: T[] = [];
  for (let k = 0; k < max; k++) out.push(points[Math.round((k * (points.length - 1)) / (max - 1))]!);
  return out;
}
