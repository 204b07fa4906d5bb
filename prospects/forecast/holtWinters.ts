/**
 * Additive Holt-Winters on log monthly sales (so the seasonal and trend effects are
 * multiplicative in CNY), in the error-correction form of Hyndman, Koehler, Ord & Snyder,
 * "Forecasting with Exponential Smoothing" (2008), model ETS(A,Ad,A):
 *
 *   forecast  ŷ_t = ℓ_{t−1} + φ b_{t−1} + s_{t−12}
 *   error     e_t = y_t − ŷ_t
 *   level     ℓ_t = ℓ_{t−1} + φ b_{t−1} + α e_t
 *   trend     b_t = φ b_{t−1} + β e_t
 *   season    s_t = s_{t−12} + γ e_t
 *
 * The seasonal states start from the enterprise's industry profile (seasonalPool.ts) — one year
 * of one firm's data cannot estimate its own season — and the level and trend from a straight
 * line through the first year of seasonally adjusted data (the book's §2.6.1 heuristic). Each new
 * month is one more update; a missing month advances the state without a correction.
 */
import { calendarMonth } from './months.ts';
import type { Observation } from './seasonalPool.ts';

export interface HoltWintersParams {
  /** Level smoothing, 0 < α ≤ 1. */
  readonly alpha: number;
  /** Trend smoothing, 0 ≤ β ≤ α. */
  readonly beta: number;
  /** Seasonal smoothing, 0 ≤ γ ≤ 1 − α. */
  readonly gamma: number;
  /** Trend damping, 0 < φ ≤ 1 (1 = undamped). */
  readonly phi: number;
  /** Months used to start the level and trend. */
  readonly initMonths: number;
}

export interface HoltWintersState {
  /** Log level after the last observed month. */
  readonly level: number;
  /** Monthly log trend after the last observed month. */
  readonly trend: number;
  /** Seasonal states by calendar month (January first). */
  readonly season: readonly number[];
  /** Month index of the last observation. */
  readonly lastMonth: number;
  /** Observations used. */
  readonly n: number;
  /** Standard deviation of one-step-ahead log errors. */
  readonly sigma: number;
  /** Mean observed month index t̄ and Σ (t − t̄)², for the uncertainty of the estimated level and trend. */
  readonly meanMonth: number;
  readonly stt: number;
  readonly params: HoltWintersParams;
}

/** Straight line z = c + d (t − t0) by least squares. */
function line(points: ReadonlyArray<{ t: number; z: number }>, t0: number): { c: number; d: number } {
  const n = points.length;
  const tm = points.reduce((s, p) => s + p.t, 0) / n;
  const zm = points.reduce((s, p) => s + p.z, 0) / n;
  let stt = 0;
  let stz = 0;
  for (const p of points) {
    stt += (p.t - tm) ** 2;
    stz += (p.t - tm) * (p.z - zm);
  }
  const d = stt > 0 ? stz / stt : 0;
  return { c: zm + d * (t0 - tm), d };
}

/**
 * Runs the smoother over a series (sorted by month, one value per month), starting the seasonal
 * states from `profile`. Null with fewer than 3 observations.
 */
export function fitHoltWinters(observations: readonly Observation[], profile: readonly number[], params: HoltWintersParams): HoltWintersState | null {
  const n = observations.length;
  if (n < 3) return null;
  const season = profile.slice(0, 12);
  while (season.length < 12) season.push(0);
  const first = observations[0]!.month;
  const init = observations.slice(0, Math.max(3, Math.min(n, params.initMonths)));
  const start = line(init.map((o) => ({ t: o.month, z: o.logValue - season[calendarMonth(o.month)]! })), first - 1);
  let level = start.c;
  let trend = start.d;
  const { alpha, beta, gamma, phi } = params;
  let sse = 0;
  let month = first - 1;
  for (const o of observations) {
    // Months without a summary: the state moves on by the trend alone.
    while (month < o.month - 1) {
      month++;
      level += phi * trend;
      trend *= phi;
    }
    month = o.month;
    const m = calendarMonth(o.month);
    const error = o.logValue - (level + phi * trend + season[m]!);
    sse += error * error;
    level = level + phi * trend + alpha * error;
    trend = phi * trend + beta * error;
    season[m] = season[m]! + gamma * error;
  }
  const tm = observations.reduce((s, o) => s + o.month, 0) / n;
  const stt = observations.reduce((s, o) => s + (o.month - tm) ** 2, 0);
  // Two degrees of freedom went into the starting level and trend.
  const sigma = Math.sqrt(sse / Math.max(1, n - 2));
  return { level, trend, season, lastMonth: month, n, sigma, meanMonth: tm, stt, params };
}

/** Coefficient c_j of the ETS(A,Ad,A) h-step error: e_{T+h} = ε_{T+h} + Σ_j c_j ε_{T+h−j}. */
export function errorWeight(j: number, p: HoltWintersParams): number {
  const damped = p.phi === 1 ? j : (p.phi * (1 - p.phi ** j)) / (1 - p.phi);
  return p.alpha + p.beta * damped + (j % 12 === 0 ? p.gamma : 0);
}

export interface MonthForecast {
  readonly month: number;
  /** Log median. */
  readonly logMedian: number;
  /** Variance of the log forecast error. */
  readonly logVariance: number;
}

/** Forecasts of the next `h` months after the last observation. */
export function forecastMonths(s: HoltWintersState, h: number): MonthForecast[] {
  const out: MonthForecast[] = [];
  let damp = 0;
  let weights = 0;
  for (let k = 1; k <= h; k++) {
    damp += s.params.phi ** k;
    const month = s.lastMonth + k;
    out.push({
      month,
      logMedian: s.level + damp * s.trend + s.season[calendarMonth(month)]!,
      logVariance: s.sigma ** 2 * (1 + weights),
    });
    weights += errorWeight(k, s.params) ** 2;
  }
  return out;
}

export interface PeriodForecast {
  /** First and last month index of the period. */
  readonly fromMonth: number;
  readonly toMonth: number;
  /** Expected total (sum of log-normal means), CNY. */
  readonly mean: number;
  /** Median of the total, CNY. */
  readonly median: number;
  /** Central interval of the total at the requested level, CNY. */
  readonly lower: number;
  readonly upper: number;
  /** Standard deviation of the log total. */
  readonly logSd: number;
}

/**
 * Total over the next `h` months with a central interval. The log of the total moves with the
 * share-weighted sum of the monthly log errors (delta method), whose variance follows from the
 * shared innovations: Var = σ² Σ_k (Σ_h p_h w_{h,k})², w_{h,h} = 1, w_{h,k} = c_{h−k}.
 * The ETS formula takes the level and trend as known; with a year or two of data their
 * estimation error is of the same order, so the straight-line prediction term
 * σ² (1/n + (t − t̄)²/Σ(t − t̄)²) is added at the period's share-weighted month (Hyndman &
 * Athanasopoulos, "Forecasting: Principles and Practice", 3rd ed., §7.6, on intervals that
 * ignore parameter uncertainty being too narrow).
 */
export function forecastTotal(s: HoltWintersState, h: number, z: number): PeriodForecast {
  const months = forecastMonths(s, h);
  const medians = months.map((m) => Math.exp(m.logMedian));
  const median = medians.reduce((a, b) => a + b, 0);
  const shares = medians.map((m) => m / median);
  let variance = 0;
  for (let k = 1; k <= h; k++) {
    let w = 0;
    for (let j = k; j <= h; j++) w += shares[j - 1]! * (j === k ? 1 : errorWeight(j - k, s.params));
    variance += w * w;
  }
  const at = months.reduce((acc, m, i) => acc + shares[i]! * m.month, 0);
  const estimation = s.stt > 0 ? 1 / s.n + (at - s.meanMonth) ** 2 / s.stt : 0;
  const logSd = s.sigma * Math.sqrt(variance + estimation);
  const mean = months.reduce((acc, m) => acc + Math.exp(m.logMedian + m.logVariance / 2), 0);
  return {
    fromMonth: s.lastMonth + 1,
    toMonth: s.lastMonth + h,
    mean,
    median,
    lower: median * Math.exp(-z * logSd),
    upper: median * Math.exp(z * logSd),
    logSd,
  };
}

/** Annual log-growth of the trend and its approximate standard error (least-squares slope). */
export function annualGrowth(s: HoltWintersState): { growth: number; se: number } {
  return { growth: 12 * s.trend, se: s.stt > 0 ? (12 * s.sigma) / Math.sqrt(s.stt) : Number.POSITIVE_INFINITY };
}
