/**
 * Reading rule hits: which ones act (shadow hits never do), the strongest action they ask for,
 * their points, and the reason codes to show a person.
 */
import type { Static } from '@sinclair/typebox';
import type { ReasonCode } from '../../schemas/common.ts';
import type { RuleHitRecord } from './ruleSet.ts';
import { RULE_SEVERITIES, type RuleAction } from './schema.ts';

export type Reason = Static<typeof ReasonCode>;

/** Hits that may act: shadow hits are recorded only. */
export const actingHits = (hits: readonly RuleHitRecord[]): RuleHitRecord[] => hits.filter((h) => !h.shadow);

/** Action strength, strongest last: a reject outranks a review, which outranks an alert. */
const ACTION_RANK: Readonly<Record<RuleAction, number>> = { none: 0, approve: 1, alert: 2, review: 3, reject: 4 };

/** The strongest action among acting hits, or null when none acts. */
export function strongestAction(hits: readonly RuleHitRecord[]): RuleAction | null {
  let best: RuleAction | null = null;
  for (const h of actingHits(hits)) {
    const action = h.action as RuleAction;
    if (!(action in ACTION_RANK)) continue;
    if (best === null || ACTION_RANK[action] > ACTION_RANK[best]) best = action;
  }
  return best;
}

/** Sum of the points of acting hits (the rule score of an event). */
export const actingPoints = (hits: readonly RuleHitRecord[]): number => actingHits(hits).reduce((sum, h) => sum + h.points, 0);

const severityRank = (s: string): number => RULE_SEVERITIES.indexOf(s as (typeof RULE_SEVERITIES)[number]);

/**
 * Reason codes of acting hits, most severe first, then by points; `describe` gives the rule's
 * plain-words description (from the compiled set).
 */
export function reasonsFromHits(hits: readonly RuleHitRecord[], describe: (ruleId: string) => string | undefined, max = 5): Reason[] {
  return actingHits(hits)
    .slice()
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || b.points - a.points)
    .slice(0, Math.max(0, max))
    .map((h) => ({
      code: h.reasonCode,
      description: (describe(h.ruleId) ?? `rule ${h.ruleId}`).slice(0, 512),
      value: h.ruleId,
      contribution: h.points,
    }));
}
