/**
 * The prospect-discovery policy (config/products.yaml), declared once with zod: forecast
 * settings, eligibility checks, the ranking formula's constants and the product rules.
 * Refinements catch policies that cannot work (β above α, an order naming a product twice).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from '../lib/errors.ts';
import { PRODUCTS } from '../schemas/topics/application.ts';
import { formatIssue, parseYamlWith } from '../detectors/rules/yamlPositions.ts';
import { FLAG_KINDS, type FlagKind } from '../detectors/graph/types.ts';

const share = z.number().min(0).max(1);
const money = z.number().min(0).max(1e12);
const bureau = z.number().int().min(300).max(950);
const label = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });

const ProductLimit = z.discriminatedUnion('method', [
  z.strictObject({
    method: z.literal('revenue_share'),
    share: z.number().gt(0).max(2).describe('Limit per yuan of forecast annual revenue'),
  }),
  z.strictObject({
    method: z.literal('receivables'),
    days: z.number().int().min(1).max(365).describe('Days of sales outstanding assumed'),
    advanceRate: z.number().gt(0).max(1).describe('Share of receivables advanced'),
  }),
  z.strictObject({
    method: z.literal('working_capital'),
    turnoverPerYear: z.number().gt(0).max(52).describe('Working-capital turnovers per year'),
    financedShare: z.number().gt(0).max(1).describe('Share of the working-capital need the bank finances'),
    maxMargin: share.describe('Margin (1 − purchases / sales) is capped here: invoice margins overstate profit'),
  }),
]);

const Product = z.strictObject({
  label,
  industries: z.array(z.string().regex(/^[A-T][0-9]{0,3}$/, 'a GB/T 4754 section letter or code prefix, e.g. C or C34')).min(1).optional()
    .describe('Industry code prefixes the product is for; absent = every industry'),
  minInvoiceMonths: z.number().int().min(1).max(120).optional(),
  minAnnualGrowth: z.number().min(-1).max(5).optional(),
  minBureauScore: bureau.optional().describe('Applies when the bureau has a file; without one the product is not offered'),
  minMonthlyInvoices: z.number().min(0).optional().describe('Average invoices issued per month over the last year'),
  minCustomers: z.number().min(0).optional().describe('Average customers invoiced per month over the last year'),
  limit: ProductLimit,
  cap: money.describe('Most the indicative limit can be, CNY'),
});

export const ProspectsConfig = z
  .strictObject({
    version: z.string().min(1).max(64),
    forecast: z.strictObject({
      alpha: z.number().gt(0).max(1),
      beta: z.number().min(0).max(1),
      gamma: z.number().min(0).max(1),
      phi: z.number().gt(0).max(1),
      initMonths: z.number().int().min(3).max(36),
      maxMonths: z.number().int().min(12).max(120),
      intervalLevel: z.number().gt(0).lt(1),
      seasonality: z.strictObject({
        noiseSd: z.number().gt(0).max(2),
        growthMean: z.number().min(-1).max(1),
        growthSd: z.number().gt(0).max(2),
        seasonalSd: z.number().gt(0).max(2),
        minObservations: z.number().int().min(3).max(36),
        minMembers: z.number().int().min(1),
      }),
    }),
    graphCredit: z.strictObject({
      maxHops: z.number().int().min(1).max(6),
      decay: z.number().gt(0).max(1),
      flagWeights: z.strictObject(Object.fromEntries(FLAG_KINDS.map((f) => [f, z.number().min(0).max(10)])) as Record<FlagKind, z.ZodNumber>),
      relationWeights: z.strictObject({
        ownership: share, management: share, guarantee: share, counterparty: share, other: share,
      }),
    }),
    eligibility: z.strictObject({
      minInvoiceMonths: z.number().int().min(3).max(120),
      maxFilingGapMonths: z.number().int().min(0).max(24),
      minAnnualGrowth: z.number().min(-1).max(5),
      minBureauScore: bureau,
      maxGraphRisk: z.number().min(0),
      adverseLookbackDays: z.number().int().min(1).max(3650),
      paymentLookbackDays: z.number().int().min(1).max(3650),
      maxMissedPayments: z.number().int().min(0),
      maxDaysPastDue: z.number().int().min(0),
      excludeGuaranteeCircles: z.boolean(),
      excludeListedOwners: z.boolean(),
    }),
    ranking: z.strictObject({
      growthConfidence: z.number().min(0).max(5),
      growthFull: z.number().gt(0).max(5),
      graphRiskScale: z.number().gt(0),
      bureauFloor: bureau,
      bureauFull: bureau,
      bureauUnknown: share,
      latePaymentFactor: share,
      sweepMinutes: z.number().min(0),
      maxReasons: z.number().int().min(1).max(20),
    }),
    products: z.strictObject({
      roundDownTo: z.number().positive(),
      order: z.array(z.enum(PRODUCTS)).min(1),
      working_capital: Product.optional(),
      invoice_financing: Product.optional(),
      term_loan: Product.optional(),
    }),
  })
  .superRefine((c, ctx) => {
    if (c.forecast.beta > c.forecast.alpha) ctx.addIssue({ code: 'custom', path: ['forecast', 'beta'], message: 'beta must not exceed alpha (ETS admissibility)' });
    if (c.forecast.gamma > 1 - c.forecast.alpha) ctx.addIssue({ code: 'custom', path: ['forecast', 'gamma'], message: 'gamma must not exceed 1 − alpha' });
    if (c.ranking.bureauFull <= c.ranking.bureauFloor) ctx.addIssue({ code: 'custom', path: ['ranking', 'bureauFull'], message: 'bureauFull must be above bureauFloor' });
    const seen = new Set<string>();
    c.products.order.forEach((p, i) => {
      if (seen.has(p)) ctx.addIssue({ code: 'custom', path: ['products', 'order', i], message: `${p} is listed twice` });
      seen.add(p);
      if (!c.products[p]) ctx.addIssue({ code: 'custom', path: ['products', 'order', i], message: `${p} has no rules under products.${p}` });
    });
  });

export type ProspectsConfig = z.output<typeof ProspectsConfig>;
export type ProductRules = z.output<typeof Product>;
export type ProductLimit = z.output<typeof ProductLimit>;
export type ProductId = (typeof PRODUCTS)[number];

/** The shipped policy file. */
export const DEFAULT_PRODUCTS_PATH = fileURLToPath(new URL('../config/products.yaml', import.meta.url));

/** Parses a prospects policy; throws ConfigError listing `file:line:col: message`. */
export function parseProspectsConfig(text: string, source = 'products.yaml'): ProspectsConfig {
  const result = parseYamlWith(ProspectsConfig, text);
  if (!result.ok) throw new ConfigError(`invalid prospects policy:\n${result.issues.map((i) => formatIssue(source, i)).join('\n')}\nFix ${source} (documented in config/products.yaml and docs/prospects.md).`);
  return result.value;
}

/** Reads the prospects policy from a file (default: config/products.yaml). */
export function loadProspectsConfig(path: string = DEFAULT_PRODUCTS_PATH): ProspectsConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the prospects policy ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return parseProspectsConfig(text, path);
}
