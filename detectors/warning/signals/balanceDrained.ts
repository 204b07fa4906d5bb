/**
 * balance_drained_before_due: within `daysBeforeDue` days of an installment, an outflow leaves
 * the account with at most `maxBalanceToInstallment` of the installment — money moved out just
 * before it was needed, a classic sign of strategic default.
 */
import { money, type Verdict } from '../alert.ts';
import type { WarningConfig } from '../config.ts';
import type { WarningContext } from '../context.ts';
import { daysUntil } from './shared.ts';

export function balanceDrainedBeforeDue(ctx: WarningContext, c: WarningConfig): Verdict | null {
  if (ctx.input.topic !== 'transactions') return null;
  const t = ctx.input.event;
  const loan = ctx.loan;
  if (t.direction !== 'out' || !loan?.nextDueDate || !loan.nextInstallmentAmount || loan.nextInstallmentAmount <= 0) return null;
  const p = c.balanceDrainedBeforeDue;
  const days = daysUntil(t.eventTime, loan.nextDueDate);
  // The due date is a calendar day: an outflow during it (up to one day after its 00:00) still counts.
  if (days === null || days < -1 || days > p.daysBeforeDue) return null;
  const floor = loan.nextInstallmentAmount * p.maxBalanceToInstallment;
  const before = t.balanceBefore ?? t.balanceAfter + t.amount;
  // Only the outflow that crosses the floor raises it: later small debits on an empty account do not.
  if (t.balanceAfter > floor || before <= floor) return null;
  const daysLeft = Math.max(0, Math.ceil(days));
  return {
    signal: 'balance_drained_before_due',
    severity: p.severity,
    why: [{
      code: 'BALANCE_DRAINED',
      description: `An outflow of ${money(t.amount)} CNY left ${money(t.balanceAfter)} CNY on the account ${daysLeft} day(s) before an installment of ${money(loan.nextInstallmentAmount)} CNY is due (${loan.nextDueDate})`,
      value: t.balanceAfter,
      threshold: Number(floor.toFixed(2)),
    }],
    cooldownHours: p.cooldownHours,
    dedupDetail: loan.nextDueDate,
  };
}
