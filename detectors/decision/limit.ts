/**
 * Suggested credit limit.
 *
 *   ceiling  = min(product cap, annual revenue × revenue factor of the tier, max enterprise exposure)
 *   headroom = max(0, ceiling − existing exposure)
 *   limit    = min(requested amount, headroom), rounded down to `roundDownTo`
 *
 * Existing exposure counts against the caps rather than against the request: the caps bound the
 * enterprise's total debt to us, while the request is new money. Annual revenue comes from VAT
 * invoice sales annualised over the months seen; with fewer than `minInvoiceMonths` months it
 * falls back to declared revenue after a haircut. An auto-rejected application gets 0.
 */
import type { ProductName } from './pricing.ts';
import type { DecisionConfig } from './config.ts';
import type { DecisionTier } from '../../schemas/topics/outputs.ts';
import { reason, type Reason } from './reasonCodes.ts';

export interface InvoiceSales {
  /** Months of VAT invoice summaries seen (trailing). */
  readonly months: number;
  /** Invoiced sales over those months, CNY. */
  readonly salesAmount: number;
}

export interface LimitInput {
  readonly product: ProductName;
  readonly tier: DecisionTier;
  readonly requestedAmount: number;
  /** Outstanding principal the enterprise already owes us, CNY. */
  readonly existingExposure: number;
  readonly invoices: InvoiceSales | null;
  readonly declaredAnnualRevenue: number | null;
}

export type RevenueBasis = 'invoices' | 'declared' | 'none';
export type LimitBinding = 'product_cap' | 'revenue' | 'enterprise_exposure' | 'existing_exposure' | 'requested' | 'rejected';

export interface LimitResult {
  readonly limit: number;
  readonly annualRevenue: number;
  readonly revenueBasis: RevenueBasis;
  /** The constraint that set the limit. */
  readonly binding: LimitBinding;
  readonly reasons: Reason[];
}

/** Annual revenue from invoices (annualised) or declared revenue (with haircut). */
export function annualRevenue(invoices: InvoiceSales | null, declared: number | null, c: DecisionConfig['limits']): { amount: number; basis: RevenueBasis } {
  if (invoices && invoices.months >= c.minInvoiceMonths && invoices.salesAmount >= 0) {
    return { amount: (invoices.salesAmount * 12) / invoices.months, basis: 'invoices' };
  }
  if (declared !== null && declared > 0) return { amount: declared * c.declaredRevenueHaircut, basis: 'declared' };
  return { amount: 0, basis: 'none' };
}

export function suggestLimit(input: LimitInput, c: DecisionConfig['limits']): LimitResult {
  const revenue = annualRevenue(input.invoices, input.declaredAnnualRevenue, c);
  if (input.tier === 'auto_reject') return { limit: 0, annualRevenue: revenue.amount, revenueBasis: revenue.basis, binding: 'rejected', reasons: [] };

  const factor = c.revenueFactorByTier[input.tier];
  // Candidate caps on total exposure, in the order a tie is reported.
  const caps: Array<{ binding: LimitBinding; amount: number; reason: Reason }> = [
    { binding: 'product_cap', amount: c.productCaps[input.product], reason: reason('LIMIT_PRODUCT_CAP', c.productCaps[input.product], null, input.product) },
    {
      binding: 'revenue',
      amount: revenue.amount * factor,
      reason:
        revenue.basis === 'invoices'
          ? reason('LIMIT_REVENUE', Math.round(revenue.amount), factor, `annual sales ${Math.round(revenue.amount)} × ${factor}`)
          : revenue.basis === 'declared'
            ? reason('LIMIT_DECLARED_REVENUE', Math.round(revenue.amount), factor, `declared revenue after haircut ${Math.round(revenue.amount)} × ${factor}`)
            : reason('LIMIT_NO_REVENUE', 0, factor),
    },
    { binding: 'enterprise_exposure', amount: c.maxEnterpriseExposure, reason: reason('LIMIT_ENTERPRISE_EXPOSURE', c.maxEnterpriseExposure) },
  ];
  const tightest = caps.reduce((a, b) => (b.amount < a.amount ? b : a));
  const exposure = Math.max(0, input.existingExposure);
  const headroom = Math.max(0, tightest.amount - exposure);
  const round = (x: number) => Math.floor(x / c.roundDownTo + 1e-9) * c.roundDownTo;
  const base = { annualRevenue: revenue.amount, revenueBasis: revenue.basis };
  if (input.requestedAmount <= headroom) {
    return { ...base, limit: round(input.requestedAmount), binding: 'requested', reasons: [reason('LIMIT_REQUESTED', input.requestedAmount, round(headroom))] };
  }
  const reasons = [tightest.reason];
  if (exposure > 0) reasons.push(reason('LIMIT_EXISTING_EXPOSURE', exposure, tightest.amount));
  const binding: LimitBinding = headroom === 0 && exposure > 0 ? 'existing_exposure' : tightest.binding;
  if (binding === 'existing_exposure') reasons.reverse();
  return { ...base, limit: round(headroom), binding, reasons };
}
