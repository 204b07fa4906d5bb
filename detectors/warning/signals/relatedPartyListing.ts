/**
 * related_party_listing: a person tied to the borrower (the listing's `subject`, e.g. its legal
 * representative) or a related enterprise within `maxHops` is put on the dishonest-debtor or
 * abnormal-operations list.
 */
import type { Verdict } from '../alert.ts';
import type { WarningConfig } from '../config.ts';
import type { WarningContext } from '../context.ts';
import { relatedSubject, updateIsAboutBorrower } from './shared.ts';

const LISTINGS = { dishonest_debtor_listed: 'dishonest-debtor list', abnormal_operation_listed: 'abnormal-operations list' } as const;

export function relatedPartyListing(ctx: WarningContext, c: WarningConfig): Verdict | null {
  if (ctx.input.topic !== 'enterprise-updates') return null;
  const e = ctx.input.event;
  if (e.kind !== 'dishonest_debtor_listed' && e.kind !== 'abnormal_operation_listed') return null;
  const p = c.relatedPartyListing;
  const list = LISTINGS[e.kind];
  if (updateIsAboutBorrower(ctx)) {
    if (e.kind !== 'dishonest_debtor_listed' || !e.subject) return null;
    return {
      signal: 'related_party_listing',
      severity: p.severity,
      why: [{ code: 'RELATED_PERSON_LISTED', description: `A person related to the borrower was put on the ${list}`, value: e.caseId ?? null }],
      cooldownHours: p.cooldownHours,
      dedupDetail: `person:${e.subject.idNumber}`.slice(0, 80),
    };
  }
  const related = relatedSubject(ctx, p.maxHops);
  if (!related) return null;
  return {
    signal: 'related_party_listing',
    severity: p.severity,
    why: [{ code: 'RELATED_PARTY_LISTED', description: `A related party (${related.relation}) was put on the ${list}`, value: related.hops, threshold: p.maxHops }],
    cooldownHours: p.cooldownHours,
    dedupDetail: related.enterpriseId ?? e.enterpriseId,
  };
}
