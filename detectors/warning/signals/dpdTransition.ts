/**
 * dpd_transition: days past due enter a higher bucket (1+, 30+, 60+, 90+ by default). Only the
 * move into a bucket raises the signal, so a loan sitting at 45 days raises it once.
 */
import type { Verdict } from '../alert.ts';
import type { WarningConfig } from '../config.ts';
import type { WarningContext } from '../context.ts';

/** Index of the bucket `dpd` falls in, -1 when current (below the first bucket). */
export function dpdBucket(dpd: number, buckets: WarningConfig['dpdTransition']['buckets']): number {
  let index = -1;
  buckets.forEach((b, i) => {
    if (dpd >= b.from) index = i;
  });
  return index;
}

export function dpdTransition(ctx: WarningContext, c: WarningConfig): Verdict | null {
  if (ctx.input.topic !== 'repayments') return null;
  const buckets = c.dpdTransition.buckets;
  const before = ctx.loan?.daysPastDue ?? 0;
  const now = ctx.input.event.daysPastDue;
  const from = dpdBucket(before, buckets);
  const to = dpdBucket(now, buckets);
  if (to <= from) return null;
  const bucket = buckets[to];
  if (!bucket) return null;
  return {
    signal: 'dpd_transition',
    severity: bucket.severity,
    why: [{ code: 'DPD_TRANSITION', description: `Days past due rose from ${before} to ${now}, entering the ${bucket.from}+ days bucket`, value: now, threshold: bucket.from }],
    cooldownHours: c.dpdTransition.cooldownHours,
    dedupDetail: `dpd${bucket.from}`,
  };
}
