import { describe, expect, it } from 'vitest';
import { Rng } from '../../simulator/rng.ts';
import { calendarMonth, monthIndex } from './months.ts';
import { ALL_INDUSTRIES, SeasonalPool, type Observation, type SeasonalPriors } from './seasonalPool.ts';

const TRUE = (() => {
  const raw = [1.3, 0.9, 0.85, 0.9, 0.95, 1.0, 0.95, 0.95, 1.0, 1.05, 1.15, 1.25].map(Math.log);
  const mean = raw.reduce((a, b) => a + b, 0) / 12;
  return raw.map((v) => v - mean);
})();
const PRIORS: SeasonalPriors = { noiseSd: 0.1, growthMean: 0, growthSd: 0.05, seasonalSd: 0.2, minObservations: 6, minMembers: 5 };
const START = monthIndex('2025-01');

/** A panel of firms sharing TRUE, growth spread around `meanGrowth`, over `months` months. */
function panel(pool: SeasonalPool, n: number, months: number, meanGrowth: number, group = 'F52'): void {
  const rng = Rng.from(7, 'pool-spec', group);
  for (let e = 0; e < n; e++) {
    const growth = meanGrowth + rng.range(-0.3, 0.3);
    const level = Math.log(rng.range(1e5, 1e7));
    const obs: Observation[] = Array.from({ length: months }, (_, t) => ({
      month: START + t,
      logValue: level + (growth * t) / 12 + TRUE[calendarMonth(START + t)]! + rng.normal(0, 0.08),
    }));
    pool.set(`${group}-${e}`, group, obs);
  }
}

const maxError = (a: readonly number[], b: readonly number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));

describe('industry seasonal profiles', () => {
  it('recovers the shared season from 15 months of 60 firms growing at different rates', () => {
    const pool = new SeasonalPool(PRIORS);
    panel(pool, 60, 15, 0.1);
    const profile = pool.profile('F52');
    expect(maxError(profile, TRUE)).toBeLessThan(0.04);
    expect(Math.abs(profile.reduce((a, b) => a + b, 0))).toBeLessThan(1e-9);
  });

  it('with one year of data leans on the growth prior: right when the prior is, off when it is not', () => {
    const right = new SeasonalPool(PRIORS);
    panel(right, 60, 12, 0);
    expect(maxError(right.profile('F52'), TRUE)).toBeLessThan(0.05);
    // The same firms all growing 40% a year: one year cannot tell that from a rising season.
    const wrong = new SeasonalPool(PRIORS);
    panel(wrong, 60, 12, 0.4);
    expect(maxError(wrong.profile('F52'), TRUE)).toBeGreaterThan(0.1);
    // Three more months (January to March again) settle it.
    const more = new SeasonalPool(PRIORS);
    panel(more, 60, 15, 0.4);
    expect(maxError(more.profile('F52'), TRUE)).toBeLessThan(0.05);
  });

  it('falls back to the all-industry profile below minMembers and follows replaced series', () => {
    const pool = new SeasonalPool(PRIORS);
    panel(pool, 3, 15, 0.1, 'C34');
    expect(pool.size('C34')).toBe(3);
    expect(pool.profile('C34')).toEqual(pool.profile(ALL_INDUSTRIES));
    expect(pool.profile(null)).toEqual(pool.profile(ALL_INDUSTRIES));
    pool.remove('C34-0');
    expect(pool.size('C34')).toBe(2);
    expect(pool.size(ALL_INDUSTRIES)).toBe(2);
  });
});
