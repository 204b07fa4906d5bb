/**
 * The business-activity model every money flow derives from:
 *   sales(month) = base × exp(growth × t) × season[month] × exp(noise) × activity,
 * with t in years from the start, the industry's seasonal profile, log-normal monthly noise and
 * an activity factor that falls during distress, dips as noise and drops to zero after a bust-out.
 */
import { Rng } from './rng.ts';
import { DAY, monthOf, monthsBetween, monthStart } from './time.ts';
import type { Enterprise, World } from './world.ts';

/** Activity in (0, 1] at an instant: 1 normally, lower during distress or a noise dip, 0 once vanished. */
export function activity(e: Enterprise, ms: number): number {
  if (e.vanishMs !== null && ms >= e.vanishMs) return 0;
  let a = 1;
  const d = e.distress;
  if (d && ms >= d.onsetMs) {
    const recovered = d.cureMs !== null && ms >= d.cureMs;
    if (recovered) a = 0.9;
    else if (ms >= d.missFromMs) a = d.inflowFloor;
    else a = 1 - (1 - d.inflowFloor) * ((ms - d.onsetMs) / (d.missFromMs - d.onsetMs));
  }
  const dip = e.noise?.dip;
  if (dip && ms >= dip.fromMs && ms < dip.toMs) {
    // Triangular dip: deepest in the middle of the episode.
    const mid = (dip.fromMs + dip.toMs) / 2;
    const depth = 1 - Math.abs(ms - mid) / ((dip.toMs - dip.fromMs) / 2);
    a *= 1 - (1 - dip.floor) * depth;
  }
  return a;
}

/** Founding instant of an enterprise relative to the start. */
export const foundedMs = (world: World, e: Enterprise): number => world.options.startMs - Math.round(e.yearsInBusiness * 365) * DAY;

/** Monthly sales with trend, seasonality and noise; cached per enterprise and month. */
export class SalesModel {
  readonly #cache = new Map<string, number>();

  constructor(readonly world: World) {}

  /** Trend × season × noise for the month containing ms (no activity factor). */
  potential(e: Enterprise, ms: number): number {
    const month = monthOf(ms);
    const key = `${e.index}/${month}`;
    let value = this.#cache.get(key);
    if (value === undefined) {
      const t = monthsBetween(this.world.options.startMs, monthStart(ms)) / 12;
      const season = e.industry.season[new Date(ms).getUTCMonth()] ?? 1;
      const noise = Rng.from(this.world.options.seed, 'sales', e.index, month).normal(0, e.noiseSd);
      value = e.baseSales * Math.exp(e.growth * t) * season * Math.exp(noise);
      this.#cache.set(key, value);
    }
    return value;
  }

  /** Realised sales of the calendar month starting at monthMs (activity averaged over the month). */
  realised(e: Enterprise, monthMs: number): number {
    const founded = foundedMs(this.world, e);
    let total = 0;
    const probes = [2, 9, 16, 23];
    for (const day of probes) {
      const ms = monthMs + day * DAY;
      total += ms < founded ? 0 : activity(e, ms);
    }
    return this.potential(e, monthMs) * (total / probes.length);
  }
}
