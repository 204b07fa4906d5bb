import { describe, expect, it } from 'vitest';
import { Rng } from '../../simulator/rng.ts';
import { annualGrowth, errorWeight, fitHoltWinters, forecastMonths, forecastTotal, type HoltWintersParams } from './holtWinters.ts';
import { calendarMonth, monthIndex } from './months.ts';
import type { Observation } from './seasonalPool.ts';

/** A machinery-like season: Spring Festival trough in February, year-end peak (log factors, mean 0). */
const SEASON = (() => {
  const raw = [1.0, 0.7, 1.05, 1.05, 1.0, 1.0, 0.95, 0.95, 1.05, 1.05, 1.1, 1.15].map(Math.log);
  const mean = raw.reduce((a, b) => a + b, 0) / 12;
  return raw.map((v) => v - mean);
})();

const PARAMS: HoltWintersParams = { alpha: 0.3, beta: 0.05, gamma: 0, phi: 1, initMonths: 12 };
const START = monthIndex('2025-01');

/** log sales = log(base) + g·t/12 + season + noise, months START.. START+n-1. */
function series(n: number, growth: number, noiseSd: number, seed = 1): Observation[] {
  const rng = Rng.from(seed, 'hw-spec');
  return Array.from({ length: n }, (_, t) => ({
    month: START + t,
    logValue: Math.log(500_000) + (growth * t) / 12 + SEASON[calendarMonth(START + t)]! + (noiseSd > 0 ? rng.normal(0, noiseSd) : 0),
  }));
}

const truthOfQuarter = (fromT: number, growth: number): number =>
  [0, 1, 2].reduce((s, k) => s + Math.exp(Math.log(500_000) + (growth * (fromT + k)) / 12 + SEASON[calendarMonth(START + fromT + k)]!), 0);

describe('Holt-Winters on log sales', () => {
  it('forecasts the next quarter of a noiseless seasonal, growing series almost exactly, and reads its growth', () => {
    const s = fitHoltWinters(series(15, 0.3, 0), SEASON, PARAMS)!;
    const q = forecastTotal(s, 3, 1.2816);
    expect(q.fromMonth).toBe(START + 15);
    expect(Math.abs(q.median / truthOfQuarter(15, 0.3) - 1)).toBeLessThan(0.005);
    expect(annualGrowth(s).growth).toBeCloseTo(0.3, 3);
  });

  it('needs the season: started from a flat profile the same series is forecast badly (the February trough is missed)', () => {
    // Quarter from February: with the season it is right, without it the trough is forecast as a normal month.
    const withSeason = forecastTotal(fitHoltWinters(series(13, 0.2, 0), SEASON, PARAMS)!, 3, 1.2816).median;
    const flat = forecastTotal(fitHoltWinters(series(13, 0.2, 0), new Array(12).fill(0), PARAMS)!, 3, 1.2816).median;
    const truth = truthOfQuarter(13, 0.2);
    expect(Math.abs(withSeason / truth - 1)).toBeLessThan(0.01);
    expect(Math.abs(flat / truth - 1)).toBeGreaterThan(0.05);
  });

  it('on a noisy series stays close, and its 80% band holds the truth about 80% of the time', () => {
    let inside = 0;
    let errors = 0;
    const runs = 200;
    for (let seed = 1; seed <= runs; seed++) {
      const all = series(18, 0.25, 0.1, seed);
      const s = fitHoltWinters(all.slice(0, 15), SEASON, PARAMS)!;
      const q = forecastTotal(s, 3, 1.2816);
      const actual = all.slice(15).reduce((sum, o) => sum + Math.exp(o.logValue), 0);
      if (actual >= q.lower && actual <= q.upper) inside++;
      errors += Math.abs(q.median / actual - 1);
    }
    expect(errors / runs).toBeLessThan(0.08);
    expect(inside / runs).toBeGreaterThan(0.7);
    expect(inside / runs).toBeLessThan(0.95);
  });

  it('widens the band with the horizon and with the smoothing weights (ETS(A,Ad,A) error weights)', () => {
    const s = fitHoltWinters(series(15, 0.1, 0.1), SEASON, PARAMS)!;
    const months = forecastMonths(s, 3);
    expect(months[1]!.logVariance).toBeGreaterThan(months[0]!.logVariance);
    expect(months[2]!.logVariance).toBeGreaterThan(months[1]!.logVariance);
    expect(errorWeight(1, PARAMS)).toBeCloseTo(0.3 + 0.05, 10);
    expect(errorWeight(12, { ...PARAMS, gamma: 0.1 })).toBeCloseTo(0.3 + 0.05 * 12 + 0.1, 10);
  });

  it('carries the state across a missing month by the trend alone', () => {
    const full = series(15, 0.4, 0);
    const gap = full.filter((o) => o.month !== START + 9);
    const a = forecastTotal(fitHoltWinters(full, SEASON, PARAMS)!, 3, 1.2816).median;
    const b = forecastTotal(fitHoltWinters(gap, SEASON, PARAMS)!, 3, 1.2816).median;
    expect(Math.abs(b / a - 1)).toBeLessThan(0.01);
  });

  it('gives no fit below three months', () => {
    expect(fitHoltWinters(series(2, 0, 0), SEASON, PARAMS)).toBeNull();
  });
});
