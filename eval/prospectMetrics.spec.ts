import { describe, expect, it } from 'vitest';
import { mape, ndcgAtK, precisionAtK } from './prospectMetrics.ts';
import { rankingMetrics } from './prospects.ts';

describe('prospect evaluation metrics', () => {
  it('precision@k counts relevant items in the first k, missing ones as not relevant', () => {
    expect(precisionAtK([true, false, true, true], 4)).toBe(0.75);
    expect(precisionAtK([true, false, true, true], 2)).toBe(0.5);
    expect(precisionAtK([true, true], 4)).toBe(0.5);
    expect(() => precisionAtK([true], 0)).toThrow(RangeError);
  });

  it('NDCG@k is 1 for an ideal ranking, lower when relevant items come later, NaN with none relevant', () => {
    expect(ndcgAtK([true, true, false, false], 2, 4)).toBe(1);
    // Relevant at ranks 2 and 3 instead of 1 and 2: (1/log2(3) + 1/log2(4)) / (1 + 1/log2(3)).
    expect(ndcgAtK([false, true, true, false], 2, 4)).toBeCloseTo((1 / Math.log2(3) + 0.5) / (1 + 1 / Math.log2(3)), 12);
    // More relevant items than k: the ideal is k relevant items.
    expect(ndcgAtK([true, false], 10, 2)).toBeCloseTo(1 / (1 + 1 / Math.log2(3)), 12);
    expect(ndcgAtK([false, false], 0, 2)).toBeNaN();
  });

  it('MAPE averages |forecast − actual| / actual over positive actuals', () => {
    expect(mape([{ forecast: 110, actual: 100 }, { forecast: 50, actual: 100 }])).toBeCloseTo(0.3, 12);
    expect(mape([{ forecast: 10, actual: 0 }, { forecast: 90, actual: 100 }])).toBeCloseTo(0.1, 12);
    expect(mape([])).toBeNaN();
  });

  it('scores a ranking against the truth: growing and sound are relevant', () => {
    const ent = (id: string, growthClass: string, sound: boolean) => ({ enterpriseId: id, growthClass, sound });
    const truth = { enterprises: [ent('a', 'growing', true), ent('b', 'growing', false), ent('c', 'stable', true), ent('d', 'growing', true)] } as never;
    const ranked = ['a', 'b', 'c', 'd'];
    const m = rankingMetrics(ranked, truth);
    expect(m.relevant).toBe(2);
    expect(m.precision).toBe(2 / 100);
    expect(m.ndcg).toBeCloseTo((1 + 1 / Math.log2(5)) / (1 + 1 / Math.log2(3)), 12);
  });
});
