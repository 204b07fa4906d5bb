/**
 * Which product fits a prospect and its indicative limit, from the product rules of
 * config/products.yaml: products are tried in the configured order and the first whose
 * conditions all hold and that leaves headroom is recommended.
 *
 * Limit methods (CNY, before the cap, the existing exposure and rounding down):
 * - revenue_share: share × forecast annual sales (next quarter × 4);
 * - receivables: forecast monthly sales × days outstanding / 30 × advance rate;
 * - working_capital: the working-capital need of the reference method annexed to the CBRC
 *   Interim Measures for Working Capital Loans (2010) — annual sales × (1 − margin) ×
 *   (1 + growth) / turnovers per year — times the share the bank finances.
 */
import type { ProductId, ProductLimit, ProductRules, ProspectsConfig } from './config.ts';
import type { RevenueForecast } from './forecast/revenueForecast.ts';
import { cny, cnyZh, growthPct, prospectReasons, type ProspectReason } from './reasons.ts';

export interface ProductFacts {
  readonly industryCode: string | null;
  readonly forecast: RevenueForecast;
  /** Growth after the ranking's confidence deduction (annual log). */
  readonly conservativeGrowth: number;
  readonly bureauScore: number | null;
  /** Outstanding principal the enterprise already owes, CNY. */
  readonly existingExposure: number;
}

export interface ProductOffer {
  readonly product: ProductId;
  readonly limit: number;
  readonly reasons: readonly ProspectReason[];
}

/** Why the product fits, in words; null when a condition fails. */
export function productFit(rules: ProductRules, f: ProductFacts): { en: string; zh: string } | null {
  const en: string[] = [];
  const zh: string[] = [];
  if (rules.industries) {
    const code = f.industryCode;
    if (!code || !rules.industries.some((p) => code.startsWith(p))) return null;
    en.push(`industry ${code}`);
    zh.push(`行业${code}`);
  }
  if (rules.minInvoiceMonths !== undefined) {
    if (f.forecast.months < rules.minInvoiceMonths) return null;
    en.push(`${f.forecast.months} months of invoices`);
    zh.push(`${f.forecast.months}个月发票`);
  }
  if (rules.minAnnualGrowth !== undefined) {
    if (f.conservativeGrowth < rules.minAnnualGrowth) return null;
    en.push(`growth of at least ${growthPct(f.conservativeGrowth)} a year`);
    zh.push(`年增长不低于${growthPct(f.conservativeGrowth)}`);
  }
  if (rules.minBureauScore !== undefined) {
    if (f.bureauScore === null || f.bureauScore < rules.minBureauScore) return null;
    en.push(`bureau score ${f.bureauScore}`);
    zh.push(`征信评分${f.bureauScore}`);
  }
  if (rules.minMonthlyInvoices !== undefined) {
    if (f.forecast.monthlyInvoices < rules.minMonthlyInvoices) return null;
    en.push(`${Math.round(f.forecast.monthlyInvoices)} invoices a month`);
    zh.push(`月均开票${Math.round(f.forecast.monthlyInvoices)}张`);
  }
  if (rules.minCustomers !== undefined) {
    if (f.forecast.monthlyCustomers < rules.minCustomers) return null;
    en.push(`${Math.round(f.forecast.monthlyCustomers)} customers invoiced a month`);
    zh.push(`月均开票客户${Math.round(f.forecast.monthlyCustomers)}家`);
  }
  if (en.length === 0) return { en: 'fits every enterprise on the list', zh: '适用于名单内所有企业' };
  return { en: en.join(', '), zh: zh.join('，') };
}

/** The limit a method gives before cap and exposure, with its explanation. */
export function methodLimit(method: ProductLimit, f: ProductFacts): { amount: number; en: string; zh: string } {
  const monthly = f.forecast.nextQuarter.median / 3;
  switch (method.method) {
    case 'revenue_share': {
      const annual = f.forecast.nextQuarter.median * 4;
      return {
        amount: annual * method.share,
        en: `${Math.round(method.share * 100)}% of forecast annual sales ${cny(annual)}`,
        zh: `预测年销售额${cnyZh(annual)}的${Math.round(method.share * 100)}%`,
      };
    }
    case 'receivables':
      return {
        amount: monthly * (method.days / 30) * method.advanceRate,
        en: `${method.days} days of forecast sales (${cny(monthly)} a month) advanced at ${Math.round(method.advanceRate * 100)}%`,
        zh: `预测月销售额${cnyZh(monthly)}的${method.days}天应收账款按${Math.round(method.advanceRate * 100)}%融资`,
      };
    case 'working_capital': {
      const margin = Math.min(Math.max(f.forecast.margin, 0), method.maxMargin);
      const growth = Math.min(Math.max(Math.exp(f.conservativeGrowth) - 1, 0), 1);
      const need = (f.forecast.annualSales * (1 - margin) * (1 + growth)) / method.turnoverPerYear;
      return {
        amount: need * method.financedShare,
        en: `${Math.round(method.financedShare * 100)}% of the working-capital need ${cny(need)} (annual sales ${cny(f.forecast.annualSales)}, margin ${Math.round(margin * 100)}%, growth ${Math.round(growth * 100)}%, ${method.turnoverPerYear} turnovers a year)`,
        zh: `营运资金需求${cnyZh(need)}的${Math.round(method.financedShare * 100)}%（年销售额${cnyZh(f.forecast.annualSales)}，毛利率${Math.round(margin * 100)}%，增长${Math.round(growth * 100)}%，年周转${method.turnoverPerYear}次）`,
      };
    }
  }
}

/** The recommended product and indicative limit, or null when none fits with headroom. */
export function recommendProduct(f: ProductFacts, config: ProspectsConfig['products']): ProductOffer | null {
  for (const product of config.order) {
    const rules = config[product];
    if (!rules) continue;
    const fit = productFit(rules, f);
    if (!fit) continue;
    const base = methodLimit(rules.limit, f);
    const capped = Math.min(base.amount, rules.cap);
    const limit = Math.max(0, Math.floor((capped - f.existingExposure) / config.roundDownTo) * config.roundDownTo);
    if (limit <= 0) continue;
    const notes = [base.amount > rules.cap ? [`capped at ${cny(rules.cap)}`, `上限${cnyZh(rules.cap)}`] : null, f.existingExposure > 0 ? [`less existing loans ${cny(f.existingExposure)}`, `扣除现有贷款${cnyZh(f.existingExposure)}`] : null]
      .filter((n): n is string[] => n !== null);
    return {
      product,
      limit,
      reasons: [
        prospectReasons.productFit(rules.label, fit.en, fit.zh),
        prospectReasons.limit(limit, [base.en, ...notes.map((n) => n[0])].join('; '), [base.zh, ...notes.map((n) => n[1])].join('；')),
      ],
    };
  }
  return null;
}
