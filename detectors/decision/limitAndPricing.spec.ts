import { describe, expect, it } from 'vitest';
import { loadDecisionConfig, type DecisionConfig } from './config.ts';
import { annualRevenue, suggestLimit, type LimitInput } from './limit.ts';
import { suggestRate } from './pricing.ts';

const shipped = loadDecisionConfig();
/** Round numbers so expectations can be worked out by hand. */
const limits: DecisionConfig['limits'] = {
  ...shipped.limits,
  roundDownTo: 1000,
  productCaps: { working_capital: 1_000_000, invoice_financing: 2_000_000, term_loan: 5_000_000 },
  maxEnterpriseExposure: 3_000_000,
  revenueFactorByTier: { auto_approve: 0.3, suggest_pass: 0.25, manual_review: 0.2, careful_review: 0.15, suggest_reject: 0.1, auto_reject: 0 },
  minInvoiceMonths: 3,
  declaredRevenueHaircut: 0.5,
};
const base: LimitInput = {
  product: 'working_capital', tier: 'auto_approve', requestedAmount: 5_000_000, existingExposure: 0,
  invoices: { months: 6, salesAmount: 1_500_000 }, declaredAnnualRevenue: 9_000_000,
};

describe('annual revenue', () => {
  it('annualises invoice sales over the months seen', () => {
    expect(annualRevenue({ months: 6, salesAmount: 1_500_000 }, null, limits)).toEqual({ amount: 3_000_000, basis: 'invoices' });
  });
  it('falls back to declared revenue with the haircut when invoices are too few, else to none', () => {
    expect(annualRevenue({ months: 2, salesAmount: 900_000 }, 9_000_000, limits)).toEqual({ amount: 4_500_000, basis: 'declared' });
    expect(annualRevenue(null, null, limits)).toEqual({ amount: 0, basis: 'none' });
  });
});

describe('suggested limit', () => {
  it('is the revenue multiple when that binds: 3,000,000 × 0.3', () => {
    expect(suggestLimit(base, limits)).toMatchObject({ limit: 900_000, binding: 'revenue', revenueBasis: 'invoices' });
  });

  it('uses the tier factor: the same revenue gives less in a worse tier', () => {
    expect(suggestLimit({ ...base, tier: 'careful_review' }, limits).limit).toBe(450_000);
    expect(suggestLimit({ ...base, tier: 'suggest_reject' }, limits).limit).toBe(300_000);
  });

  it('is the product cap when that binds', () => {
    const r = suggestLimit({ ...base, invoices: { months: 12, salesAmount: 100_000_000 } }, limits);
    expect(r).toMatchObject({ limit: 1_000_000, binding: 'product_cap' });
    expect(r.reasons[0]).toMatchObject({ code: 'LIMIT_PRODUCT_CAP', value: 1_000_000 });
  });

  it('is the maximum enterprise exposure when that binds', () => {
    const r = suggestLimit({ ...base, product: 'term_loan', invoices: { months: 12, salesAmount: 100_000_000 } }, limits);
    expect(r).toMatchObject({ limit: 3_000_000, binding: 'enterprise_exposure' });
  });

  it('subtracts existing exposure from the cap, not from the request', () => {
    expect(suggestLimit({ ...base, existingExposure: 400_000 }, limits)).toMatchObject({ limit: 500_000, binding: 'revenue' });
    expect(suggestLimit({ ...base, requestedAmount: 300_000, existingExposure: 400_000 }, limits)).toMatchObject({ limit: 300_000, binding: 'requested' });
    const full = suggestLimit({ ...base, existingExposure: 950_000 }, limits);
    expect(full).toMatchObject({ limit: 0, binding: 'existing_exposure' });
    expect(full.reasons[0]).toMatchObject({ code: 'LIMIT_EXISTING_EXPOSURE', value: 950_000 });
  });

  it('grants the requested amount when it fits, rounded down to the step', () => {
    expect(suggestLimit({ ...base, requestedAmount: 456_789 }, limits)).toMatchObject({ limit: 456_000, binding: 'requested' });
    expect(suggestLimit({ ...base, requestedAmount: 900_000 }, limits)).toMatchObject({ limit: 900_000, binding: 'requested' });
  });

  it('rounds a cap-bound limit down too', () => {
    expect(suggestLimit({ ...base, invoices: { months: 7, salesAmount: 1_000_000 } }, limits).limit).toBe(514_000);
  });

  it('gives nothing without revenue evidence, and nothing to an auto-reject', () => {
    expect(suggestLimit({ ...base, invoices: null, declaredAnnualRevenue: null }, limits)).toMatchObject({ limit: 0, revenueBasis: 'none' });
    expect(suggestLimit({ ...base, tier: 'auto_reject' }, limits)).toMatchObject({ limit: 0, binding: 'rejected' });
  });
});

describe('suggested rate', () => {
  const pricing: DecisionConfig['pricing'] = {
    maxAnnualRate: 0.2,
    products: {
      working_capital: [{ minScore: 560, rate: 0.12 }, { minScore: 640, rate: 0.05 }, { minScore: 600, rate: 0.08 }],
      invoice_financing: [{ minScore: 500, rate: 0.3 }],
      term_loan: [{ minScore: 560, rate: 0.1 }],
    },
  };

  it.each([
    [700, 0.05], [640, 0.05], [639.99, 0.08], [600, 0.08], [599, 0.12], [560, 0.12],
  ])('score %s → %s (a score exactly at a band minimum gets that band)', (score, rate) => {
    expect(suggestRate('working_capital', score, 'manual_review', pricing).rate).toBe(rate);
  });

  it('prices by product', () => {
    expect(suggestRate('term_loan', 700, 'auto_approve', pricing).rate).toBe(0.1);
  });

  it('caps at the maximum annual rate', () => {
    expect(suggestRate('invoice_financing', 600, 'manual_review', pricing)).toMatchObject({ rate: 0.2, band: { minScore: 500, rate: 0.3 } });
  });

  it('does not price auto-rejects, missing scores or scores below every band', () => {
    expect(suggestRate('working_capital', 700, 'auto_reject', pricing)).toEqual({ rate: 0, band: null, reasons: [] });
    expect(suggestRate('working_capital', null, 'manual_review', pricing).rate).toBe(0);
    expect(suggestRate('working_capital', 500, 'manual_review', pricing).rate).toBe(0);
  });

  it('uses the shipped table: every tier but auto-reject gets a price', () => {
    for (const [tier, score] of Object.entries(shipped.tiers)) {
      expect(suggestRate('working_capital', score, tier as keyof typeof shipped.tiers, shipped.pricing).rate).toBeGreaterThan(0);
    }
  });
});
