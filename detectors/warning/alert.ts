/**
 * Builds an `Alert` (schemas/topics/outputs.ts) from a signal's verdict, with its dedup key and
 * cooldown for the alert queue. The alert id derives from the signal and the source event, so a
 * redelivered event produces the same alert and overwrites rather than duplicates.
 */
import { createHash } from 'node:crypto';
import type { Static } from '@sinclair/typebox';
import type { ReasonCode } from '../../schemas/common.ts';
import type { Alert } from '../../schemas/topics/outputs.ts';
import type { WarningContext } from './context.ts';
import type { AlertSeverity, AlertSignal } from './types.ts';

export type Reason = Static<typeof ReasonCode>;

/** An alert and how the queue deduplicates it. */
export interface WarningAlert {
  readonly alert: Alert;
  /** Same key within the cooldown = duplicate: `<loan or enterprise>|<signal>[|<detail>]`. */
  readonly dedupKey: string;
  readonly cooldownSeconds: number;
}

export interface Verdict {
  readonly signal: AlertSignal;
  readonly severity: AlertSeverity;
  /** The signal's own reasons, most important first. */
  readonly why: readonly Reason[];
  readonly cooldownHours: number;
  /** Extra dedup detail, so distinct occurrences (another case, a higher bucket) are not suppressed. */
  readonly dedupDetail?: string;
  /** Distinguishes two alerts of one signal from one event (e.g. the rule that raised it). */
  readonly idDetail?: string;
}

const MAX_ID = 128;

/** A deterministic id within the Id pattern's 128 characters. */
function derivedId(prefix: string, signal: string, sourceEventId: string, detail?: string): string {
  const tail = detail ? `${sourceEventId}-${detail}` : sourceEventId;
  const id = `${prefix}-${signal}-${tail}`;
  if (id.length <= MAX_ID && /^[A-Za-z0-9_.:-]+$/.test(id)) return id;
  return `${prefix}-${signal}-${createHash('sha256').update(tail).digest('hex').slice(0, 40)}`;
}

const money = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Context reasons appended after the signal's own: PD, exposure and days past due when known. */
function contextReasons(ctx: WarningContext, signal: AlertSignal, dpd: number | undefined): Reason[] {
  const out: Reason[] = [];
  const pd = ctx.probabilityOfDefault;
  if (pd !== undefined && pd !== null && signal !== 'high_default_probability') out.push({ code: 'DEFAULT_PROBABILITY', description: `Latest probability of default is ${(pd * 100).toFixed(1)}%`, value: Number(pd.toFixed(6)) });
  const exposure = ctx.loan?.outstandingPrincipal;
  if (exposure !== undefined) out.push({ code: 'EXPOSURE', description: `Outstanding principal is ${money(exposure)} CNY`, value: exposure });
  if (dpd !== undefined && dpd > 0) out.push({ code: 'DAYS_PAST_DUE', description: `Loan is ${dpd} days past due`, value: dpd });
  return out;
}

/** Days past due after the event: the repayment event's own figure, else the loan state's. */
export function currentDpd(ctx: WarningContext): number | undefined {
  if (ctx.input.topic === 'repayments') return ctx.input.event.daysPastDue;
  return ctx.loan?.daysPastDue;
}

export function buildAlert(ctx: WarningContext, verdict: Verdict, maxWhy: number): WarningAlert {
  const event = ctx.input.event;
  const loanId = ctx.loan?.loanId ?? ('loanId' in event ? event.loanId : undefined);
  const enterpriseId = ctx.loan?.enterpriseId ?? (ctx.input.topic === 'enterprise-updates' && !ctx.graph?.subject ? ctx.input.event.enterpriseId : undefined);
  const dpd = currentDpd(ctx);
  const why = [...verdict.why, ...contextReasons(ctx, verdict.signal, verdict.signal === 'dpd_transition' ? undefined : dpd)].slice(0, maxWhy);
  const alert: Alert = {
    eventId: derivedId('alert', verdict.signal, event.eventId, verdict.idDetail),
    schemaVersion: 1,
    eventTime: event.eventTime,
    source: 'fengkong-warning',
    alertId: derivedId('al', verdict.signal, event.eventId, verdict.idDetail),
    signal: verdict.signal,
    severity: verdict.severity,
    sourceEventId: event.eventId,
    why,
    raisedAt: ctx.raisedAt,
  };
  if (loanId !== undefined) alert.loanId = loanId;
  if (enterpriseId !== undefined) alert.enterpriseId = enterpriseId;
  if (ctx.probabilityOfDefault !== undefined && ctx.probabilityOfDefault !== null) alert.probabilityOfDefault = ctx.probabilityOfDefault;
  if (ctx.loan?.outstandingPrincipal !== undefined) alert.exposure = ctx.loan.outstandingPrincipal;
  if (dpd !== undefined) alert.daysPastDue = dpd;
  const subject = loanId ?? `ent:${enterpriseId ?? 'unknown'}`;
  const dedupKey = [subject, verdict.signal, verdict.dedupDetail].filter((p) => p !== undefined && p !== '').join('|');
  return { alert, dedupKey, cooldownSeconds: Math.round(verdict.cooldownHours * 3600) };
}

export { money };
