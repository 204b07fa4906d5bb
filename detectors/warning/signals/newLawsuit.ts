/** new_lawsuit: a lawsuit filed against the borrower, or against a closely related party. */
import { money, type Verdict } from '../alert.ts';
import type { WarningConfig } from '../config.ts';
import type { WarningContext } from '../context.ts';
import { relatedSubject, updateIsAboutBorrower } from './shared.ts';

export function newLawsuit(ctx: WarningContext, c: WarningConfig): Verdict | null {
  if (ctx.input.topic !== 'enterprise-updates') return null;
  const e = ctx.input.event;
  if (e.kind !== 'litigation_filed' || e.role !== 'defendant') return null;
  const p = c.newLawsuit;
  if (e.claimAmount < p.minClaimAmount) return null;
  const caseType = e.caseType.replaceAll('_', ' ');
  if (updateIsAboutBorrower(ctx)) {
    return {
      signal: 'new_lawsuit',
      severity: e.caseType === 'loan_dispute' ? p.loanDisputeSeverity : p.severity,
      why: [{ code: 'NEW_LAWSUIT', description: `The borrower was sued (${caseType}, case ${e.caseId}) for ${money(e.claimAmount)} CNY`, value: e.claimAmount, threshold: p.minClaimAmount }],
      cooldownHours: p.cooldownHours,
      dedupDetail: e.caseId,
    };
  }
  const related = relatedSubject(ctx, p.maxHops);
  if (!related) return null;
  return {
    signal: 'new_lawsuit',
    severity: p.relatedPartySeverity,
    why: [{ code: 'RELATED_PARTY_LAWSUIT', description: `A related party (${related.relation}) was sued (${caseType}, case ${e.caseId}) for ${money(e.claimAmount)} CNY`, value: e.claimAmount, threshold: p.minClaimAmount }],
    cooldownHours: p.cooldownHours,
    dedupDetail: e.caseId,
  };
}
