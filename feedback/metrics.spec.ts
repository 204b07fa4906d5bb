import { describe, expect, it } from 'vitest';
import { calibration, ks, precisionRecall, psi, roc, type Labelled } from './metrics.ts';

// Five rows worked by hand: bads score 0.9, 0.4; goods 0.8, 0.3, 0.1.
const rows: Labelled[] = [
  { score: 0.9, y: 1 },
  { score: 0.8, y: 0 },
  { score: 0.4, y: 1 },
  { score: 0.3, y: 0 },
  { score: 0.1, y: 0 },
];

describe('roc', () => {
  it('gives the share of (bad, good) pairs the bad outranks: 5 of 6 here', () => {
    // Pairs: 0.9 beats 0.8, 0.3, 0.1 (3); 0.4 beats 0.3, 0.1 (2), loses to 0.8 → 5/6.
    expect(roc(rows).auc).toBeCloseTo(5 / 6, 12);
  });

  it('walks from (0,0) to (1,1) one distinct score at a time', () => {
    const { points } = roc(rows);
    expect(points.map((p) => [p.fpr, p.tpr])).toEqual([[0, 0], [0, 0.5], [1 / 3, 0.5], [1 / 3, 1], [2 / 3, 1], [1, 1]]);
  });

  it('counts a tie between a bad and a good as half', () => {
    expect(roc([{ score: 0.5, y: 1 }, { score: 0.5, y: 0 }]).auc).toBeCloseTo(0.5, 12);
  });

  it('is NaN without both classes', () => {
    expect(roc([{ score: 0.2, y: 1 }]).auc).toBeNaN();
  });
});

describe('ks', () => {
  it('finds the largest gap between the cumulative distributions of bads and goods', () => {
    // Ascending: 0.1 g(1/3, 0) 0.3 g(2/3, 0) 0.4 b(2/3, 1/2) 0.8 g(1, 1/2) 0.9 b(1, 1): max gap 2/3 at 0.3.
    const r = ks(rows);
    expect(r.ks).toBeCloseTo(2 / 3, 12);
    expect(r.at).toBe(0.3);
    expect(r.curve.at(-1)).toEqual({ score: 0.9, bad: 1, good: 1 });
  });
});

describe('calibration', () => {
  it('groups rows by tenth of the score with mean predicted and observed bad rate', () => {
    const bins = calibration(rows);
    expect(bins.map((b) => [b.from, b.rows, b.meanPredicted, b.observedBadRate])).toEqual([
      [0.1, 1, 0.1, 0],
      [0.3, 1, 0.3, 0],
      [0.4, 1, 0.4, 1],
      [0.8, 1, 0.8, 0],
      [0.9, 1, 0.9, 1],
    ]);
  });
});

describe('psi', () => {
  it('is zero for identical histograms and grows with the shift', () => {
    expect(psi([10, 20, 30], [10, 20, 30])).toBe(0);
    const small = psi([12, 20, 28], [10, 20, 30]);
    const large = psi([30, 20, 10], [10, 20, 30]);
    expect(small).toBeGreaterThan(0);
    expect(large).toBeGreaterThan(small);
  });

  it('matches the smoothed formula on a hand-computed case', () => {
    // a = (1.5, 0.5)/2, e = (0.5, 1.5)/2 → 2 · (0.5 · ln 3) = ln 3.
    expect(psi([1, 0], [0, 1])).toBeCloseTo(Math.log(3), 12);
  });

  it('refuses histograms of different bins', () => {
    expect(() => psi([1, 2], [1, 2, 3])).toThrow(RangeError);
  });
});

describe('precisionRecall', () => {
  it('divides true positives by flags and by bads', () => {
    expect(precisionRecall({ tp: 3, fp: 1, fn: 2 })).toEqual({ precision: 0.75, recall: 0.6 });
    expect(precisionRecall({ tp: 0, fp: 0, fn: 0 }).precision).toBeNaN();
  });
});
