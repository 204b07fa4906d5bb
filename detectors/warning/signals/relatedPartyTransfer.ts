/**
 * related_party_transfer: a large outgoing transfer to a party the knowledge graph relates to
 * the borrower (shareholder, officer, guarantor...) — a way to move borrowed money out of reach.
 */
import { money, type Verdict } from '../alert.ts';
import type { WarningConfig } from '../config.ts';
import type { WarningContext } from '../context.ts';
import { pct } from './shared.ts';

export function relatedPartyTransfer(ctx: WarningContext, c: WarningConfig): Verdict | null {
  if (ctx.input.topic !== 'transactions') return null;
  const t = ctx.input.event;
  const related = ctx.graph?.counterparty;
  const p = c.relatedPartyTransfer;
  if (t.direction !== 'out' || !related || related.hops < 1 || related.hops > p.maxHops || t.amount < p.minAmount) return null;
  const exposure = ctx.loan?.outstandingPrincipal;
  const share = exposure && exposure > 0 ? t.amount / exposure : null;
  const why = [{
    code: 'RELATED_PARTY_TRANSFER',
    description: `Transferred ${money(t.amount)} CNY to a related party: ${related.relation} (${related.hops} hop${related.hops === 1 ? '' : 's'} in the graph)`,
    value: t.amount,
    threshold: p.minAmount,
  }];
  if (share !== null) why.push({ code: 'TRANSFER_SHARE_OF_EXPOSURE', description: `The transfer is ${pct(share)} of the outstanding principal`, value: Number(share.toFixed(4)), threshold: p.criticalShareOfExposure });
  return {
    signal: 'related_party_transfer',
    severity: share !== null && share >= p.criticalShareOfExposure ? 'critical' : p.severity,
    why,
    cooldownHours: p.cooldownHours,
    dedupDetail: related.enterpriseId ?? t.counterpartyEnterpriseId ?? 'party',
  };
}
