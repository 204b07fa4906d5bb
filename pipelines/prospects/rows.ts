/**
 * A prospect (prospects/evaluate.ts) as a `prospects` table row (migrations/0010_prospects.sql),
 * and the enterprise state back out of a stored row. Money is rounded to the fen (Decimal(18, 2)
 * truncates); months are written as YYYY-MM.
 */
import type { EnterpriseState } from '../../prospects/enterpriseState.ts';
import type { Prospect } from '../../prospects/evaluate.ts';
import { monthLabel } from '../../prospects/forecast/months.ts';
import type { ClickHouseRow } from '../clickhouse/types.ts';

const money = (v: number): number => Math.round(v * 100) / 100;
const finiteOrNull = (v: number | null | undefined): number | null => (v === null || v === undefined || !Number.isFinite(v) ? null : v);

export const PROSPECTS_TABLE = 'prospects';

export function prospectRow(p: Prospect, state: EnterpriseState, version: bigint, forecastLevel: number): ClickHouseRow {
  const f = p.forecast;
  const q = f?.nextQuarter;
  return {
    enterprise_id: p.enterpriseId,
    enterprise_name: p.name ?? '',
    industry_code: p.industryCode ?? '',
    eligible: p.eligible,
    score: p.score,
    product: p.product ?? '',
    indicative_limit: money(p.indicativeLimit),
    growth: finiteOrNull(f?.growth),
    growth_se: finiteOrNull(f?.growthSe),
    conservative_growth: finiteOrNull(p.conservativeGrowth),
    invoice_months: f?.months ?? 0,
    last_invoice_month: f ? monthLabel(f.lastMonth) : '',
    annual_sales: money(f?.annualSales ?? 0),
    forecast_from: q ? monthLabel(q.fromMonth) : '',
    forecast_to: q ? monthLabel(q.toMonth) : '',
    forecast_median: q ? money(q.median) : null,
    forecast_mean: q ? money(q.mean) : null,
    forecast_lower: q ? money(q.lower) : null,
    forecast_upper: q ? money(q.upper) : null,
    forecast_level: forecastLevel,
    revenue_volatility: finiteOrNull(f?.sigma),
    graph_risk: finiteOrNull(p.credit?.risk),
    graph_flagged_parties: p.credit ? p.credit.flaggedParties : null,
    guarantee_circle: p.credit?.guaranteeCircle != null,
    bureau_score: p.bureauScore,
    exclusion_codes: p.exclusions.map((e) => e.code),
    reason_codes: p.reasons.map((r) => r.code),
    reasons: JSON.stringify(p.reasons),
    policy_version: p.policyVersion,
    state: JSON.stringify(state),
    as_of: new Date(p.asOf > 0 ? p.asOf : 0).toISOString(),
    // A quoted UInt64 is read exactly by ClickHouse (beyond 2^53).
    version: version.toString(),
  };
}

/** The enterprise state stored with a row; null when the text is not one (written by another build). */
export function stateOfRow(text: string): EnterpriseState | null {
  try {
    const value = JSON.parse(text) as Partial<EnterpriseState>;
    if (value && value.v === 1 && typeof value.enterpriseId === 'string' && typeof value.invoices === 'object') return value as EnterpriseState;
  } catch {
    // Falls through to null: the caller counts and logs unreadable states.
  }
  return null;
}
