/** partial_payment: a payment short of the amount due by at least `minShortfallRatio`. */
import { money, type Verdict } from '../alert.ts';
import type { WarningConfig } from '../config.ts';
import type { WarningContext } from '../context.ts';
import { pct } from './shared.ts';

export function partialPayment(ctx: WarningContext, c: WarningConfig): Verdict | null {
  if (ctx.input.topic !== 'repayments') return null;
  const e = ctx.input.event;
  if (e.kind !== 'partial' || e.amountDue === undefined || e.amountDue <= 0 || e.amountPaid === undefined) return null;
  const shortfall = Math.max(0, e.amountDue - e.amountPaid);
  const ratio = shortfall / e.amountDue;
  const p = c.partialPayment;
  if (ratio < p.minShortfallRatio) return null;
  return {
    signal: 'partial_payment',
    severity: ratio >= p.highShortfallRatio ? 'high' : p.severity,
    why: [{
      code: 'PARTIAL_PAYMENT',
      description: `Paid ${money(e.amountPaid)} of ${money(e.amountDue)} CNY due${e.dueDate ? ` on ${e.dueDate}` : ''}: ${pct(ratio)} short`,
      value: Number(ratio.toFixed(4)),
      threshold: p.minShortfallRatio,
    }],
    cooldownHours: p.cooldownHours,
    ...(e.installmentNo !== undefined ? { dedupDetail: `i${e.installmentNo}` } : {}),
  };
}
