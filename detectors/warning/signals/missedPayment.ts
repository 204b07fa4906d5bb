/** missed_payment: the servicing system reports an installment as missed. */
import { money, type Verdict } from '../alert.ts';
import type { WarningConfig } from '../config.ts';
import type { WarningContext } from '../context.ts';

export function missedPayment(ctx: WarningContext, c: WarningConfig): Verdict | null {
  if (ctx.input.topic !== 'repayments' || ctx.input.event.kind !== 'missed') return null;
  const e = ctx.input.event;
  const what = e.installmentNo !== undefined ? `Installment ${e.installmentNo}` : 'An installment';
  const amount = e.amountDue !== undefined ? ` of ${money(e.amountDue)} CNY` : '';
  const due = e.dueDate ? ` due ${e.dueDate}` : '';
  return {
    signal: 'missed_payment',
    severity: c.missedPayment.severity,
    why: [{ code: 'MISSED_PAYMENT', description: `${what}${amount}${due} was not paid`, value: e.amountDue ?? null }],
    cooldownHours: c.missedPayment.cooldownHours,
    ...(e.installmentNo !== undefined ? { dedupDetail: `i${e.installmentNo}` } : {}),
  };
}
