/**
 * The credit-decision policy (config/decision.yaml), declared once with zod: admission checks,
 * the scorecard scale, the six tier cut-offs, fraud overrides, limit policy and the pricing
 * table. Refinements catch policies that cannot work (cut-offs out of order, a product with no
 * price for a score that can be approved).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from '../../lib/errors.ts';
import { PRODUCTS } from '../../schemas/topics/application.ts';
import { DECISION_TIERS, type DecisionTier } from '../../schemas/topics/outputs.ts';
import { formatIssue, parseYamlWith } from '../rules/yamlPositions.ts';

const probability = z.number().min(0).max(1);
const money = z.number().min(0).max(1e12);
const product = z.enum(PRODUCTS);

/** Cut-offs of the five upper tiers; a score below `suggest_reject` is `auto_reject`. */
const TierCutoffs = z.strictObject({
  auto_approve: z.number(),
  suggest_pass: z.number(),
  manual_review: z.number(),
  careful_review: z.number(),
  suggest_reject: z.number(),
});

const PriceBand = z.strictObject({
  minScore: z.number().describe('Lowest credit score of the band (inclusive)'),
  rate: z.number().min(0).max(1).describe('Annual interest rate of the band'),
});

export const DecisionConfig = z
  .strictObject({
    admission: z.strictObject({
      identity: z.strictObject({
        requireLiveness: z.boolean().default(true),
        minFaceMatchScore: probability.default(0.6).describe('Face vs. ID photo similarity below this rejects'),
        requireIdDocumentValid: z.boolean().default(true),
        requireSmsVerified: z.boolean().default(false),
      }),
      blacklists: z.array(z.string().min(1)).describe('List names (lists.<name>) whose hit rejects the application'),
      hardPolicy: z.strictObject({
        minYearsInBusiness: z.number().min(0).describe('Enterprises younger than this (known age only) are rejected'),
        minBureauScore: z.number().int().min(300).max(950).describe('Bureau scores below this are rejected'),
        rejectNoBureauFile: z.boolean().default(false),
        rejectDishonestDebtor: z.boolean().default(true),
        rejectAbnormalOperation: z.boolean().default(true),
      }),
      rejectOnRuleAction: z.boolean().default(true).describe('An acting rule hit with action reject fails admission'),
    }),
    scorecard: z.strictObject({
      basePoints: z.number().describe('Score at the base odds'),
      baseOdds: z.number().positive().describe('Good:bad odds at the base points (50 means 50:1)'),
      pdo: z.number().positive().describe('Points to double the odds'),
      minScore: z.number().min(0),
      maxScore: z.number().max(1000),
      bureauRange: z.tuple([z.number(), z.number()]).describe('Range of the bureau score'),
      bureauMappedTo: z.tuple([z.number(), z.number()]).describe('Scorecard points the bureau range maps onto, linearly'),
      weights: z.strictObject({ model: z.number().min(0), bureau: z.number().min(0) }),
    }),
    tiers: TierCutoffs,
    fraud: z.strictObject({
      carefulReviewAt: probability.describe('Fraud score from which a decision is at best careful review'),
      rejectAt: probability.describe('Fraud score from which the application is auto-rejected'),
    }),
    limits: z.strictObject({
      roundDownTo: z.number().positive().describe('Limits are rounded down to a multiple of this (CNY)'),
      productCaps: z.record(product, money).describe('Policy cap of total exposure per product'),
      maxEnterpriseExposure: money.describe('Cap of total exposure to one enterprise across products'),
      revenueFactorByTier: z.record(z.enum(DECISION_TIERS), z.number().min(0).max(5)).describe('Exposure allowed per yuan of annual revenue'),
      minInvoiceMonths: z.number().int().min(1).max(24).describe('Months of invoices needed to annualise invoice sales'),
      declaredRevenueHaircut: z.number().min(0).max(1).describe('Factor applied to declared revenue when invoices are missing'),
    }),
    pricing: z.strictObject({
      maxAnnualRate: z.number().min(0).max(1),
      products: z.record(product, z.array(PriceBand).min(1)),
    }),
    maxReasons: z.number().int().min(1).max(20).default(6),
  })
  .superRefine((c, ctx) => {
    const order: Array<keyof typeof c.tiers> = ['auto_approve', 'suggest_pass', 'manual_review', 'careful_review', 'suggest_reject'];
    for (let i = 1; i < order.length; i++) {
      const hi = order[i - 1] as keyof typeof c.tiers;
      const lo = order[i] as keyof typeof c.tiers;
      if (!(c.tiers[hi] > c.tiers[lo])) ctx.addIssue({ code: 'custom', path: ['tiers', lo], message: `cut-off of ${lo} must be below ${hi}'s (${c.tiers[hi]})` });
    }
    if (c.fraud.rejectAt <= c.fraud.carefulReviewAt) ctx.addIssue({ code: 'custom', path: ['fraud', 'rejectAt'], message: 'rejectAt must be above carefulReviewAt' });
    if (c.scorecard.minScore >= c.scorecard.maxScore) ctx.addIssue({ code: 'custom', path: ['scorecard', 'minScore'], message: 'minScore must be below maxScore' });
    if (c.scorecard.weights.model + c.scorecard.weights.bureau <= 0) ctx.addIssue({ code: 'custom', path: ['scorecard', 'weights'], message: 'weights must not both be 0' });
    for (const p of PRODUCTS) {
      // Records keyed by an enum are exhaustive in zod 4, so every product has a cap and bands.
      const bands = c.pricing.products[p];
      const lowest = Math.min(...bands.map((b) => b.minScore));
      if (lowest > c.tiers.suggest_reject) ctx.addIssue({ code: 'custom', path: ['pricing', 'products', p], message: `scores from ${c.tiers.suggest_reject} (suggest_reject) up must be priced; lowest band starts at ${lowest}` });
      bands.forEach((b, i) => {
        if (b.rate > c.pricing.maxAnnualRate) ctx.addIssue({ code: 'custom', path: ['pricing', 'products', p, i, 'rate'], message: `rate ${b.rate} is above maxAnnualRate ${c.pricing.maxAnnualRate}` });
      });
    }
  });
export type DecisionConfig = z.output<typeof DecisionConfig>;
export type TierCutoffs = z.output<typeof TierCutoffs>;
export type { DecisionTier };

/** The shipped policy file. */
export const DEFAULT_DECISION_CONFIG_PATH = fileURLToPath(new URL('../../config/decision.yaml', import.meta.url));

/** Parses a decision policy; throws ConfigError listing `file:line:col: message`. */
export function parseDecisionConfig(text: string, source = 'decision.yaml'): DecisionConfig {
  const result = parseYamlWith(DecisionConfig, text);
  if (!result.ok) throw new ConfigError(`invalid decision policy:\n${result.issues.map((i) => formatIssue(source, i)).join('\n')}\nFix ${source} (documented in config/decision.yaml).`);
  return result.value;
}

/** Reads the decision policy from a file (default: config/decision.yaml). */
export function loadDecisionConfig(path: string = DEFAULT_DECISION_CONFIG_PATH): DecisionConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the decision policy ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return parseDecisionConfig(text, path);
}
