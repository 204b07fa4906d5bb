import { describe, expect, it } from 'vitest';
import { topReasons } from './reasons.ts';

describe('topReasons', () => {
  const features = ['a', 'b', 'c', 'd'];

  it('ranks by absolute contribution, keeps signs, and stops at the count', () => {
    const reasons = topReasons('toy_fraud', features, [1, 2, 3, 4], [0.1, -0.9, 0.5, 0.0], 2);
    expect(reasons.map((r) => [r.code, r.contribution])).toEqual([['b', -0.9], ['c', 0.5]]);
    expect(reasons[0]?.description).toMatch(/^b = 2 lowered the toy fraud score \(-0\.900 log-odds\)$/);
    expect(reasons[1]?.description).toMatch(/raised/);
  });

  it('reports a missing input as null, skips zero contributions, and uses the feature meaning', () => {
    const reasons = topReasons('m', features, [Number.NaN, 2, 3, 4], [0.3, 0, 0, 0], 5, (f) => (f === 'a' ? 'Applications in 24 hours' : undefined));
    expect(reasons).toEqual([
      { code: 'a', value: null, contribution: 0.3, description: 'Applications in 24 hours (a) = missing raised the m score (+0.300 log-odds)' },
    ]);
  });

  it('breaks ties in manifest order', () => {
    expect(topReasons('m', features, [1, 1, 1, 1], [0.2, -0.2, 0.2, 0], 3).map((r) => r.code)).toEqual(['a', 'b', 'c']);
  });
});
