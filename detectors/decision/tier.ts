/**
 * The six decision tiers, best to worst, and their cut-offs. A score exactly at a cut-off
 * belongs to that (better) tier: `score >= cut-off`.
 */
import { DECISION_TIERS, type DecisionTier } from '../../schemas/topics/outputs.ts';
import type { TierCutoffs } from './config.ts';

/** 0 = auto_approve (best) … 5 = auto_reject (worst). */
export const tierRank = (t: DecisionTier): number => DECISION_TIERS.indexOf(t);

/** The worse of two tiers (an override can only make a decision more cautious). */
export const worseTier = (a: DecisionTier, b: DecisionTier): DecisionTier => (tierRank(a) >= tierRank(b) ? a : b);

/** Tier of a credit score under the cut-offs. */
export function tierForScore(score: number, cut: TierCutoffs): DecisionTier {
  if (score >= cut.auto_approve) return 'auto_approve';
  if (score >= cut.suggest_pass) return 'suggest_pass';
  if (score >= cut.manual_review) return 'manual_review';
  if (score >= cut.careful_review) return 'careful_review';
  if (score >= cut.suggest_reject) return 'suggest_reject';
  return 'auto_reject';
}

/** Score range of a tier: [from, to) with `to` null for the top tier and `from` null for the bottom. */
export function tierRange(tier: DecisionTier, cut: TierCutoffs): { from: number | null; to: number | null } {
  switch (tier) {
    case 'auto_approve': return { from: cut.auto_approve, to: null };
    case 'suggest_pass': return { from: cut.suggest_pass, to: cut.auto_approve };
    case 'manual_review': return { from: cut.manual_review, to: cut.suggest_pass };
    case 'careful_review': return { from: cut.careful_review, to: cut.manual_review };
    case 'suggest_reject': return { from: cut.suggest_reject, to: cut.careful_review };
    case 'auto_reject': return { from: null, to: cut.suggest_reject };
  }
}

/** Only the two automatic tiers are final; the others wait for a person. */
export const isFinalTier = (t: DecisionTier): boolean => t === 'auto_approve' || t === 'auto_reject';

export const tierLabel = (t: DecisionTier): string => t.replaceAll('_', ' ');
