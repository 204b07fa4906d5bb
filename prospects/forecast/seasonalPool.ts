/**
 * Industry seasonal profiles pooled across enterprises. A year or so of monthly invoices per
 * enterprise cannot separate its seasonality from its trend — with exactly twelve months each
 * calendar month is seen once, and a seasonal pattern that rises through the year looks the same
 * as growth — but firms of one industry share a season (VAT data show it: Spring Festival in
 * February, year-end in December). So the profile is estimated per industry from every member's
 * series at once, by penalised least squares:
 *
 *   log sales(e, t) = a_e + b_e · t + s_industry[month(t)] + ε
 *
 * with the per-enterprise level and trend profiled out, and two Gaussian priors that keep the
 * problem well posed: each seasonal factor ~ N(0, seasonalSd²), and the industry's average
 * trend ~ N(growthMean, growthSd²). The second prior is what decides the split between
 * seasonality and trend while the data span only one year; from the second year on the data
 * (year-over-year comparisons) outweigh it. This is the MAP estimate of a Gaussian mixed model,
 * solved exactly as one 12 × 12 system per industry.
 *
 * Each enterprise contributes sufficient statistics that depend only on its own series, so a new
 * month changes one contribution and the industry's profile is re-solved lazily when read.
 */
import { calendarMonth } from './months.ts';
import { choleskySolve } from './choleskySolve.ts';

/** One month of one enterprise: month index (months.ts) and log of invoiced sales. */
export interface Observation {
  readonly month: number;
  readonly logValue: number;
}

export interface SeasonalPriors {
  /** Assumed standard deviation of monthly log-sales noise; scales the priors against the data. */
  readonly noiseSd: number;
  /** Prior mean of an industry's average annual log-growth. */
  readonly growthMean: number;
  /** Prior standard deviation of that average. */
  readonly growthSd: number;
  /** Prior standard deviation of each seasonal factor (log). */
  readonly seasonalSd: number;
  /** Fewest months an enterprise needs before it contributes. */
  readonly minObservations: number;
  /** Fewest contributing enterprises for an industry profile of its own; below it the all-industry profile is used. */
  readonly minMembers: number;
}

/** Group every enterprise also contributes to, used when its industry has too few members. */
export const ALL_INDUSTRIES = '*';

interface Contribution {
  readonly group: string;
  /** Sᵀ M S, row-major 12 × 12 (M removes the enterprise's own level and trend). */
  readonly a: Float64Array;
  /** Sᵀ M y. */
  readonly r: Float64Array;
  /** Least-squares monthly slope of the raw log series. */
  readonly slope: number;
  /** How the slope moves per unit of seasonal factor: (Sᵀ t_c) / Σ t_c². */
  readonly g: Float64Array;
}

const ZERO_PROFILE: readonly number[] = Object.freeze(new Array<number>(12).fill(0));

/** Sufficient statistics of one series, or null when it is too short to say anything. */
export function contributionOf(group: string, observations: readonly Observation[], minObservations: number): Contribution | null {
  const n = observations.length;
  if (n < Math.max(3, minObservations)) return null;
  let tMean = 0;
  let yMean = 0;
  for (const o of observations) {
    tMean += o.month;
    yMean += o.logValue;
  }
  tMean /= n;
  yMean /= n;
  let stt = 0;
  let sty = 0;
  const count = new Float64Array(12);
  const sumY = new Float64Array(12);
  const u = new Float64Array(12);
  for (const o of observations) {
    const tc = o.month - tMean;
    const m = calendarMonth(o.month);
    stt += tc * tc;
    sty += tc * o.logValue;
    count[m]! += 1;
    sumY[m]! += o.logValue;
    u[m]! += tc;
  }
  if (stt <= 0) return null;
  const slope = sty / stt;
  const a = new Float64Array(144);
  const r = new Float64Array(12);
  const g = new Float64Array(12);
  for (let i = 0; i < 12; i++) {
    r[i] = sumY[i]! - count[i]! * yMean - (u[i]! * sty) / stt;
    g[i] = u[i]! / stt;
    for (let j = 0; j < 12; j++) {
      a[i * 12 + j] = (i === j ? count[i]! : 0) - (count[i]! * count[j]!) / n - (u[i]! * u[j]!) / stt;
    }
  }
  return { group, a, r, slope, g };
}

/** Solves the penalised system for one group's contributions (pure). */
export function solveProfile(members: readonly Contribution[], priors: SeasonalPriors): number[] {
  if (members.length === 0) return [...ZERO_PROFILE];
  const lambdaSeason = (priors.noiseSd / priors.seasonalSd) ** 2;
  const monthlyGrowthSd = priors.growthSd / 12;
  const lambdaGrowth = (priors.noiseSd / monthlyGrowthSd) ** 2;
  const a: number[][] = Array.from({ length: 12 }, () => new Array<number>(12).fill(0));
  const rhs = new Array<number>(12).fill(0);
  const g = new Array<number>(12).fill(0);
  let h = 0;
  for (const c of members) {
    for (let i = 0; i < 12; i++) {
      rhs[i]! += c.r[i]!;
      g[i]! += c.g[i]! / members.length;
      for (let j = 0; j < 12; j++) a[i]![j]! += c.a[i * 12 + j]!;
    }
    h += c.slope / members.length;
  }
  // Average trend after seasonal adjustment is h − gᵀs; its prior adds λ g gᵀ and λ g (h − μ0).
  const mu0 = priors.growthMean / 12;
  for (let i = 0; i < 12; i++) {
    rhs[i]! += lambdaGrowth * g[i]! * (h - mu0);
    for (let j = 0; j < 12; j++) a[i]![j]! += lambdaGrowth * g[i]! * g[j]! + (i === j ? lambdaSeason : 0);
  }
  const s = choleskySolve(a, rhs);
  // The data say nothing about the profile's mean (the levels absorb it) and the ridge keeps it
  // near zero; centre it exactly so factors read as "above / below a typical month".
  const mean = s.reduce((x, y) => x + y, 0) / 12;
  return s.map((v) => v - mean);
}

/** Seasonal profiles of every industry, kept current as enterprises' series change. */
export class SeasonalPool {
  readonly #priors: SeasonalPriors;
  readonly #members = new Map<string, Contribution>();
  readonly #groups = new Map<string, Set<string>>();
  readonly #solved = new Map<string, readonly number[]>();

  constructor(priors: SeasonalPriors) {
    this.#priors = priors;
  }

  /** Sets (or replaces) an enterprise's series and industry; `group` null = industry unknown. */
  set(key: string, group: string | null, observations: readonly Observation[]): void {
    this.remove(key);
    const industry = group ?? ALL_INDUSTRIES;
    const contribution = contributionOf(industry, observations, this.#priors.minObservations);
    if (!contribution) return;
    this.#members.set(key, contribution);
    for (const g of new Set([industry, ALL_INDUSTRIES])) {
      let set = this.#groups.get(g);
      if (!set) this.#groups.set(g, (set = new Set()));
      set.add(key);
      this.#solved.delete(g);
    }
  }

  remove(key: string): void {
    const old = this.#members.get(key);
    if (!old) return;
    this.#members.delete(key);
    for (const g of new Set([old.group, ALL_INDUSTRIES])) {
      this.#groups.get(g)?.delete(key);
      this.#solved.delete(g);
    }
  }

  /** Contributing enterprises of a group. */
  size(group: string): number {
    return this.#groups.get(group)?.size ?? 0;
  }

  /** Log seasonal factors (January first, summing to 0) for an industry, or the all-industry profile when it has too few members. */
  profile(group: string | null): readonly number[] {
    const g = group !== null && this.size(group) >= this.#priors.minMembers ? group : ALL_INDUSTRIES;
    let solved = this.#solved.get(g);
    if (!solved) {
      const members = [...(this.#groups.get(g) ?? [])].map((k) => this.#members.get(k)!);
      solved = Object.freeze(solveProfile(members, this.#priors));
      this.#solved.set(g, solved);
    }
    return solved;
  }
}
