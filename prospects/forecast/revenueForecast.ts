/**
 * An enterprise's revenue picture from its invoice months: the Holt-Winters fit on log sales
 * with its industry's seasonal profile, the next quarter (the three months after the latest
 * summary) with a central interval, the annual growth of the trend, and the trailing-year
 * figures products and limits use.
 */
import type { InvoiceMonth } from '../enterpriseState.ts';
import { annualGrowth, fitHoltWinters, forecastTotal, type HoltWintersParams, type PeriodForecast } from './holtWinters.ts';
import type { Observation } from './seasonalPool.ts';

export interface RevenueForecast {
  /** Months with invoiced sales. */
  readonly months: number;
  readonly firstMonth: number;
  readonly lastMonth: number;
  /** Invoiced sales of the last twelve calendar months up to the latest (scaled up when fewer were filed), CNY. */
  readonly annualSales: number;
  /** Annual log-growth of the trend and its standard error. */
  readonly growth: number;
  readonly growthSe: number;
  readonly nextQuarter: PeriodForecast;
  /** One-step log error standard deviation (volatility). */
  readonly sigma: number;
  /** Averages over the trailing year: invoices issued and customers invoiced per month. */
  readonly monthlyInvoices: number;
  readonly monthlyCustomers: number;
  /** 1 − purchases / sales over the trailing year (value added on the VAT invoices). */
  readonly margin: number;
}

/** Months with positive sales as log observations (zero months cannot be logged and are treated as missing). */
export function observationsOf(months: ReadonlyArray<readonly [number, InvoiceMonth]>): Observation[] {
  return months.filter(([, v]) => v[0] > 0).map(([m, v]) => ({ month: m, logValue: Math.log(v[0]) }));
}

/** z of a central interval of the given probability (e.g. 0.8 → 1.2816), by bisection on erf. */
export function zOfInterval(level: number): number {
  // Abramowitz & Stegun 7.1.26 erf approximation (|error| < 1.5e-7) is plenty for a band width.
  const erf = (x: number): number => {
    const t = 1 / (1 + 0.3275911 * Math.abs(x));
    const y = 1 - (((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t) * Math.exp(-x * x);
    return x >= 0 ? y : -y;
  };
  let lo = 0;
  let hi = 10;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (erf(mid / Math.SQRT2) < level) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The forecast, or null with fewer than 3 months of sales. */
export function forecastRevenue(
  months: ReadonlyArray<readonly [number, InvoiceMonth]>,
  profile: readonly number[],
  params: HoltWintersParams & { readonly intervalLevel: number },
): RevenueForecast | null {
  const observations = observationsOf(months);
  const state = fitHoltWinters(observations, profile, params);
  if (!state) return null;
  const last = observations[observations.length - 1]!.month;
  const trailing = months.filter(([m]) => m > last - 12 && m <= last);
  const sales = trailing.reduce((s, [, v]) => s + v[0], 0);
  const purchases = trailing.reduce((s, [, v]) => s + v[1], 0);
  const { growth, se } = annualGrowth(state);
  return {
    months: observations.length,
    firstMonth: observations[0]!.month,
    lastMonth: last,
    annualSales: trailing.length > 0 ? (sales * 12) / trailing.length : 0,
    growth,
    growthSe: se,
    nextQuarter: forecastTotal(state, 3, zOfInterval(params.intervalLevel)),
    sigma: state.sigma,
    monthlyInvoices: trailing.length > 0 ? trailing.reduce((s, [, v]) => s + v[2], 0) / trailing.length : 0,
    monthlyCustomers: trailing.length > 0 ? trailing.reduce((s, [, v]) => s + v[3], 0) / trailing.length : 0,
    margin: sales > 0 ? 1 - purchases / sales : 0,
  };
}
