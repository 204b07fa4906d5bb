import { describe, expect, it } from 'vitest';
import { auc, median, recallAtAlertedShare, recallAtFraction, rocCurve, thinCurve } from './metrics.ts';

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
  it('recall at an alerted share of the population reweights sampled negatives', () => {
    const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0];
    const labels = [true, false, true, false, false, false, false, false, false, true];
    // Unweighted it is the top 30%: 2 of 3 positives.
    expect(recallAtAlertedShare(scores, labels, 0.3)).toBeCloseTo(2 / 3);
    // Each negative stands for 4: the population is 3 + 28 = 31 rows, 30% = 9.3 rows of budget.
    // 0.9 (pos, 1) + 0.8 (neg, 4) + 0.7 (pos, 1) = 6; 0.6 (neg) would make 10 > 9.3.
    expect(recallAtAlertedShare(scores, labels, 0.3, 4)).toBeCloseTo(2 / 3);
    // 10% of 31 = 3.1: the top positive (1) fits, the negative after it (4) does not.
    expect(recallAtAlertedShare(scores, labels, 0.1, 4)).toBeCloseTo(1 / 3);
    expect(recallAtAlertedShare([0.1], [false], 0.5)).toBeNaN();
  });
  it('ROC curve runs from (0,0) to (1,1), one step per distinct score, and thins to a bound', () => {
    const roc = rocCurve([0.9, 0.8, 0.8, 0.1], [true, false, true, false]);
    expect(roc).toEqual([{ fpr: 0, tpr: 0 }, { fpr: 0, tpr: 0.5 }, { fpr: 0.5, tpr: 1 }, { fpr: 1, tpr: 1 }]);
    expect(rocCurve([0.1, 0.2], [false, false])).toEqual([]);
    const thin = thinCurve(Array.from({ length: 1001 }, (_, i) => i), 11);
    expect(thin).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
  });
});
