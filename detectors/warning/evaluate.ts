/**
 * Runs every early-warning signal over one event's context and returns the alerts raised, most
 * severe first. Pure: the alert queue decides what to send using each alert's dedup key and
 * cooldown.
 */
import type { WarningConfig } from './config.ts';
import type { WarningContext } from './context.ts';
import { buildAlert, type Verdict, type WarningAlert } from './alert.ts';
import { SEVERITIES } from '../../schemas/topics/outputs.ts';
import { missedPayment } from './signals/missedPayment.ts';
import { partialPayment } from './signals/partialPayment.ts';
import { dpdTransition } from './signals/dpdTransition.ts';
import { inflowCollapse } from './signals/inflowCollapse.ts';
import { balanceDrainedBeforeDue } from './signals/balanceDrained.ts';
import { relatedPartyTransfer } from './signals/relatedPartyTransfer.ts';
import { newLawsuit } from './signals/newLawsuit.ts';
import { newListing } from './signals/newListing.ts';
import { relatedPartyListing } from './signals/relatedPartyListing.ts';
import { bureauScoreDrop } from './signals/bureauScoreDrop.ts';
import { highDefaultProbability } from './signals/highDefaultProbability.ts';

export type SignalFunction = (ctx: WarningContext, config: WarningConfig) => Verdict | null;

/** Every early-warning signal, in the order of the Alert contract. */
export const WARNING_SIGNALS: readonly SignalFunction[] = [
  missedPayment, partialPayment, dpdTransition, inflowCollapse, balanceDrainedBeforeDue, relatedPartyTransfer,
  newLawsuit, newListing, relatedPartyListing, bureauScoreDrop, highDefaultProbability,
];

const rank = (s: string) => SEVERITIES.indexOf(s as (typeof SEVERITIES)[number]);

export function evaluateWarnings(ctx: WarningContext, config: WarningConfig): WarningAlert[] {
  const alerts: WarningAlert[] = [];
  for (const signal of WARNING_SIGNALS) {
    const verdict = signal(ctx, config);
    if (verdict) alerts.push(buildAlert(ctx, verdict, config.maxWhy));
  }
  return alerts.sort((a, b) => rank(b.alert.severity) - rank(a.alert.severity));
}
