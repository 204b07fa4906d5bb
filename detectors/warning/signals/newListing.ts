/**
 * new_listing: the borrower itself is put on the dishonest-debtor list (失信被执行人), the
 * abnormal-operations list (经营异常名录), or announced for tax arrears.
 */
import { money, type Verdict } from '../alert.ts';
import type { WarningConfig } from '../config.ts';
import type { WarningContext } from '../context.ts';
import { updateIsAboutBorrower } from './shared.ts';

export function newListing(ctx: WarningContext, c: WarningConfig): Verdict | null {
  if (ctx.input.topic !== 'enterprise-updates' || !updateIsAboutBorrower(ctx)) return null;
  const e = ctx.input.event;
  const p = c.newListing;
  const base = { signal: 'new_listing' as const, cooldownHours: p.cooldownHours, dedupDetail: e.kind };
  switch (e.kind) {
    case 'dishonest_debtor_listed':
      // With a subject the listed party is a person related to the enterprise: related_party_listing.
      if (e.subject) return null;
      return { ...base, severity: p.dishonestDebtorSeverity, why: [{ code: 'DISHONEST_DEBTOR_LISTED', description: `The borrower was put on the dishonest-debtor list${e.amount !== undefined ? ` for ${money(e.amount)} CNY` : ''}`, value: e.amount ?? null }] };
    case 'abnormal_operation_listed':
      return { ...base, severity: p.abnormalOperationSeverity, why: [{ code: 'ABNORMAL_OPERATION_LISTED', description: `The borrower was put on the abnormal-operations list: ${e.reason}`, value: e.reason.slice(0, 256) }] };
    case 'tax_arrears':
      return { ...base, severity: p.taxArrearsSeverity, why: [{ code: 'TAX_ARREARS', description: `Tax arrears of ${money(e.amount)} CNY (${e.taxType}) were announced`, value: e.amount }] };
    default:
      return null;
  }
}
