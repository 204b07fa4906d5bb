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
