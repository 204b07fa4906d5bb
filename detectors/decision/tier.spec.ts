import { describe, expect, it } from 'vitest';
import { DECISION_TIERS, type DecisionTier } from '../../schemas/topics/outputs.ts';
import { loadDecisionConfig } from './config.ts';
import { isFinalTier, tierForScore, tierRange, worseTier } from './tier.ts';

const cut = loadDecisionConfig().tiers;
const uppers: Array<[Exclude<DecisionTier, 'auto_reject'>, DecisionTier]> = [
  ['auto_approve', 'suggest_pass'],
  ['suggest_pass', 'manual_review'],
  ['manual_review', 'careful_review'],
  ['careful_review', 'suggest_reject'],
  ['suggest_reject', 'auto_reject'],
];

describe('tier boundaries', () => {
  it.each(uppers)('a score exactly at the %s cut-off gets it; just below gets %s', (tier, below) => {
    expect(tierForScore(cut[tier], cut)).toBe(tier);
    expect(tierForScore(cut[tier] + 0.5, cut)).toBe(tier);
    expect(tierForScore(cut[tier] - 0.001, cut)).toBe(below);
  });

  it('covers the extremes', () => {
    expect(tierForScore(1000, cut)).toBe('auto_approve');
    expect(tierForScore(0, cut)).toBe('auto_reject');
  });

  it('describes each tier range consistently with tierForScore', () => {
    for (const t of DECISION_TIERS) {
      const { from, to } = tierRange(t, cut);
      if (from !== null) expect(tierForScore(from, cut)).toBe(t);
      if (to !== null) expect(tierForScore(to - 0.001, cut)).toBe(t);
    }
  });

  it('orders tiers for overrides and finality', () => {
    expect(worseTier('auto_approve', 'careful_review')).toBe('careful_review');
    expect(worseTier('auto_reject', 'manual_review')).toBe('auto_reject');
    expect(DECISION_TIERS.filter(isFinalTier)).toEqual(['auto_approve', 'auto_reject']);
  });
});
