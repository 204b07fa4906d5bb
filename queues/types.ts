/**
 * Shapes of the alert queues: a queue alert (the Redis hash, parsed), its evidence and comments,
 * and the change records every mutation appends to the change stream.
 */
import type { Reason } from '../detectors/warning/alert.ts';
import type { CollectionOutcome } from '../schemas/topics/collectionOutcome.ts';
import type { Alert } from '../schemas/topics/outputs.ts';
import { QUEUE_EVENT_ACTIONS, QUEUE_STATES, type QUEUE_ACTOR_ROLES } from '../schemas/topics/queueEvent.ts';

// States and actions are declared once, with the alert-queue-events contract that publishes them.
export { QUEUE_STATES };
export type QueueState = (typeof QUEUE_STATES)[number];

export const ROLES = ['agent', 'supervisor', 'risk_ops'] as const;
export type Role = (typeof ROLES)[number];
// Every role may appear on a published queue event: fails to compile if the contract lacks one.
type _RolesArePublishable = Role extends (typeof QUEUE_ACTOR_ROLES)[number] ? true : never;
export const ROLES_ARE_PUBLISHABLE: _RolesArePublishable = true;

/** Who did something: a signed-in user, or the service itself (ingestion, sweeper). */
export interface Actor {
  readonly id: string;
  /** `anonymous`: a request without a valid token (recorded only when refused). */
  readonly role: Role | 'system' | 'anonymous';
  /** Request id and client address, for the audit log. */
  readonly requestId?: string;
  readonly ip?: string;
}

export const SYSTEM_ACTOR: Actor = { id: 'system', role: 'system' };

/** One alert merged into a queue alert (the first one included). */
export interface Evidence {
  readonly alertId: string;
  readonly signal: Alert['signal'];
  readonly severity: Alert['severity'];
  readonly sourceEventId: string;
  readonly raisedAt: string;
  readonly why: readonly Reason[];
  readonly daysPastDue?: number;
  readonly probabilityOfDefault?: number;
  readonly exposure?: number;
}

export interface Comment {
  readonly at: number;
  readonly authorId: string;
  readonly authorRole: Actor['role'];
  readonly text: string;
}

/** A queue alert: the facts of its latest evidence and its queue state. Times are epoch ms. */
export interface QueueAlert {
  readonly alertId: string;
  readonly team: string;
  readonly state: QueueState;
  readonly signal: Alert['signal'];
  readonly severity: Alert['severity'];
  readonly loanId?: string;
  readonly applicationId?: string;
  readonly enterpriseId?: string;
  readonly probabilityOfDefault?: number;
  readonly exposure?: number;
  readonly daysPastDue?: number;
  readonly expectedLoss: number;
  /** Priority before escalation (the highest any evidence gave). */
  readonly basePriority: number;
  /** Effective priority: base × escalation boost. */
  readonly priority: number;
  readonly escalated: boolean;
  readonly enqueuedAt: number;
  readonly updatedAt: number;
  readonly slaDeadline: number;
  readonly evidenceCount: number;
  readonly assignee?: string;
  readonly leaseUntil?: number;
  readonly leaseId?: number;
  readonly claimedAt?: number;
  readonly snoozedUntil?: number;
  readonly resolvedAt?: number;
  readonly outcome?: CollectionOutcome;
  /** Reasons of the first alert, as the detector gave them: why this entry is in the queue. */
  readonly why: readonly Reason[];
  /** When the first alert was raised. */
  readonly raisedAt: string;
}

export interface AlertDetail extends QueueAlert {
  readonly evidence: readonly Evidence[];
  readonly comments: readonly Comment[];
}

/** Every change the stream records: the published ones, and refusals (`denied`, audit log only). */
export const QUEUE_ACTIONS = [...QUEUE_EVENT_ACTIONS, 'denied'] as const;
export type QueueAction = (typeof QUEUE_ACTIONS)[number];

/**
 * A change as the Lua scripts append it to the stream: the action, who did it, and the alert's
 * hash after the change (string values, as Redis holds them). `id` is the stream entry id,
 * unique and ordered: the idempotency key of the ClickHouse rows mirrored from it.
 */
export interface QueueChange {
  readonly id: string;
  readonly action: QueueAction;
  readonly at: number;
  readonly actor: Actor;
  readonly alertId: string;
  readonly team: string;
  /** The alert hash after the change (absent for 'suppressed' and 'denied'). */
  readonly alert?: Readonly<Record<string, string>>;
  readonly details?: Readonly<Record<string, unknown>>;
}
