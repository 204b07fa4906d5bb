import { describe, expect, it } from 'vitest';
import { auc, median, recallAtFraction } from './metrics.ts';

describe('evaluation metrics', () => {
  it('AUC is 1 for a perfect ranking, 0.5 for all ties, and counts ties as half', () => {
    expect(auc([0.1, 0.2, 0.8, 0.9], [false, false, true, true])).toBe(1);
    expect(auc([0.5, 0.5, 0.5, 0.5], [false, true, false, true])).toBe(0.5);
    // pairs (pos,neg): (0.8>0.1)=1, (0.8>0.8)=0.5 → 0.75
    expect(auc([0.1, 0.8, 0.8], [false, false, true])).toBe(0.75);
    expect(auc([0.1, 0.2], [false, false])).toBeNaN();
  });
  it('recall at a fraction counts positives in the top share only', () => {
    const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0];
    const labels = [true, false, true, false, false, false, false, false, false, true];
    expect(recallAtFraction(scores, labels, 0.2)).toBeCloseTo(1 / 3);
    expect(recallAtFraction(scores, labels, 0.3)).toBeCloseTo(2 / 3);
    expect(recallAtFraction(scores, labels, 0.3, [false, false, true, false, false, false, false, false, false, true])).toBeCloseTo(1 / 2);
  });
  it('median of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
