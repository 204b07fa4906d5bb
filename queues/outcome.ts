/**
 * The CollectionOutcome event (schemas/topics/collectionOutcome.ts) an agent's resolution
 * produces; the mirror publishes it to the collection-outcomes topic so it reaches the feedback
 * loop. One outcome per queue alert, so its ids derive from the alert id: a re-published outcome
 * overwrites rather than duplicates downstream.
 */
import { FengkongError } from '../lib/errors.ts';
import { COLLECTION_OUTCOMES, type CollectionOutcome } from '../schemas/topics/collectionOutcome.ts';
import { describeIssues, validateEvent } from '../schemas/validator.ts';
import { redactFreeText } from './redactFreeText.ts';
import type { QueueAlert } from './types.ts';

export type OutcomeKind = (typeof COLLECTION_OUTCOMES)[number];

/** What the agent records when resolving. */
export interface Resolution {
  readonly outcome: OutcomeKind;
  /** YYYY-MM-DD; required for promise_to_pay. */
  readonly promiseDate?: string;
  /** CNY; required for promise_to_pay. */
  readonly promiseAmount?: number;
  /** CNY; required for paid. */
  readonly paidAmount?: number;
  readonly note?: string;
}

/** Builds and checks the outcome event; throws (non-retriable) if it breaks the contract. */
export function buildOutcome(alert: Pick<QueueAlert, 'alertId' | 'loanId' | 'enterpriseId' | 'team'>, agentId: string, resolution: Resolution, now: number): CollectionOutcome {
  const outcome: CollectionOutcome = {
    eventId: `co-${alert.alertId}`,
    schemaVersion: 1,
    eventTime: new Date(now).toISOString(),
    source: 'fengkong-queues',
    outcomeId: `out-${alert.alertId}`,
    alertId: alert.alertId,
    team: alert.team,
    agentId,
    outcome: resolution.outcome,
  };
  if (alert.loanId !== undefined) outcome.loanId = alert.loanId;
  if (alert.enterpriseId !== undefined) outcome.enterpriseId = alert.enterpriseId;
  if (resolution.promiseDate !== undefined) outcome.promiseDate = resolution.promiseDate;
  if (resolution.promiseAmount !== undefined) outcome.promiseAmount = Math.round(resolution.promiseAmount * 100) / 100;
  if (resolution.paidAmount !== undefined) outcome.paidAmount = Math.round(resolution.paidAmount * 100) / 100;
  if (resolution.note !== undefined && resolution.note !== '') outcome.note = redactFreeText(resolution.note);
  const check = validateEvent('collection-outcomes', outcome);
  if (!check.ok) throw new FengkongError('fengkong:invalid-outcome', `the resolution of ${alert.alertId} does not make a valid collection outcome: ${describeIssues(check.issues)}`);
  return outcome;
}
