/**
 * Risk-based pricing: the annual rate of the band with the highest `minScore` at or below the
 * credit score (a score exactly at a band's minimum gets that band), capped at `maxAnnualRate`.
 * Auto-rejected applications are not priced (rate 0).
 */
import type { PRODUCTS } from '../../schemas/topics/application.ts';
import type { DecisionTier } from '../../schemas/topics/outputs.ts';
import type { DecisionConfig } from './config.ts';
import { reason, type Reason } from './reasonCodes.ts';

export type ProductName = (typeof PRODUCTS)[number];

export interface RateResult {
  /** Annual rate, 0 when not priced. */
  readonly rate: number;
  /** The band applied, or null when not priced. */
  readonly band: { readonly minScore: number; readonly rate: number } | null;
  readonly reasons: Reason[];
}

export function suggestRate(product: ProductName, score: number | null, tier: DecisionTier, c: DecisionConfig['pricing']): RateResult {
  if (tier === 'auto_reject' || score === null) return { rate: 0, band: null, reasons: [] };
  const bands = [...c.products[product]].sort((a, b) => b.minScore - a.minScore);
  // The config refinement prices every score from the suggest_reject cut-off up, and tiers
  // only get worse than the score's own, so a non-rejected score always finds a band.
  const applied = bands.find((b) => score >= b.minScore);
  if (!applied) return { rate: 0, band: null, reasons: [] };
  const rate = Math.min(applied.rate, c.maxAnnualRate);
  return { rate, band: applied, reasons: [reason('RATE_BAND', rate, applied.minScore, `${(rate * 100).toFixed(2)}% for ${product} at score ${Math.round(score)} (band from ${applied.minScore})`)] };
}
