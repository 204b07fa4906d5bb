/**
 * Errors of the alert queues (lib/errors.ts taxonomy). The API maps them to HTTP statuses by
 * class: not found → 404, conflict → 409, forbidden → 403.
 */
import { FengkongError } from '../lib/errors.ts';

/** No alert with this id (never existed, or resolved longer ago than the retention). */
export class AlertNotFoundError extends FengkongError {
  constructor(readonly alertId: string) {
    super('fengkong:queue-alert-not-found', `alert ${alertId} is not in any queue (unknown, or resolved before the retention period)`);
  }
}

/** Why an action could not be applied to the alert's current state. */
export type ConflictReason = 'claimed' | 'not_holder' | 'lease_expired' | 'resolved' | 'snoozed' | 'open' | 'moved' | 'empty';

/** The alert is not in a state that allows the action (claimed by someone else, lease expired…). */
export class QueueConflictError extends FengkongError {
  constructor(
    readonly alertId: string,
    readonly reason: ConflictReason,
    message: string,
    readonly details: Readonly<Record<string, string | number>> = {},
  ) {
    super(`fengkong:queue-conflict-${reason.replace('_', '-')}`, message);
  }
}

/** The caller's role or teams do not allow the action. */
export class ForbiddenError extends FengkongError {
  constructor(message: string) {
    super('fengkong:forbidden', message);
  }
}
