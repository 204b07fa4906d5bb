/** bureau_score_drop: the borrower's credit-bureau score fell by at least `minDrop` points. */
import type { Verdict } from '../alert.ts';
import type { WarningConfig } from '../config.ts';
import type { WarningContext } from '../context.ts';
import { updateIsAboutBorrower } from './shared.ts';

export function bureauScoreDrop(ctx: WarningContext, c: WarningConfig): Verdict | null {
  if (ctx.input.topic !== 'enterprise-updates' || !updateIsAboutBorrower(ctx)) return null;
  const e = ctx.input.event;
  if (e.kind !== 'bureau_score_change' || e.previousScore === undefined) return null;
  const drop = e.previousScore - e.newScore;
  const p = c.bureauScoreDrop;
  if (drop < p.minDrop) return null;
  return {
    signal: 'bureau_score_drop',
    severity: drop >= p.severeDrop ? 'high' : p.severity,
    why: [{ code: 'BUREAU_SCORE_DROP', description: `Bureau score fell ${drop} points, from ${e.previousScore} to ${e.newScore}`, value: drop, threshold: p.minDrop }],
    cooldownHours: p.cooldownHours,
  };
}
