import { Type, type Static } from '@sinclair/typebox';
import { envelope, Id, Instant, strict } from '../common.ts';
import { COLLECTION_OUTCOMES } from './collectionOutcome.ts';
import { ALERT_SIGNALS, SEVERITIES } from './outputs.ts';

/**
 * Contract of the `alert-queue-events` topic: every change of an alert in a collection team's
 * queue (queues/), published by the queue mirror for other systems that follow the work on
 * alerts (case management, CRM, the data warehouse). Refused actions are not queue changes: they
 * stay in the audit log only.
 */

/** Queue changes as published (the queue's own `denied` audit entries are not). */
export const QUEUE_EVENT_ACTIONS = [
  'enqueued', 'appended', 'suppressed', 'claimed', 'renewed', 'released', 'lease_expired', 'resolved',
  'snoozed', 'woken', 'reassigned', 'escalated', 'commented',
] as const;
export const QUEUE_STATES = ['open', 'claimed', 'snoozed', 'resolved'] as const;
/** Who made a change: a person in one of the queue roles, or the queue service itself. */
export const QUEUE_ACTOR_ROLES = ['agent', 'supervisor', 'risk_ops', 'system'] as const;

export const QueueEvent = Type.Object(
  {
    ...envelope,
    changeId: Type.String({ maxLength: 64, description: 'Position in the queue change stream (Redis stream id): unique and ordered' }),
    action: Type.Union(QUEUE_EVENT_ACTIONS.map((a) => Type.Literal(a)), { description: 'What changed' }),
    alertId: Id('Queue alert (the first alert of its loan and signal; later ones are appended to it as evidence)'),
    team: Type.String({ maxLength: 48, description: 'Team whose queue holds the alert after the change' }),
    fromTeam: Type.Optional(Type.String({ maxLength: 48, description: 'Team before a reassignment, escalation or re-route' })),
    state: Type.Optional(Type.Union(QUEUE_STATES.map((s) => Type.Literal(s)), { description: 'State after the change (absent for suppressed repeats)' })),
    actorId: Type.String({ maxLength: 128, description: 'User id of the agent, supervisor or risk officer, or `system`' }),
    actorRole: Type.Union(QUEUE_ACTOR_ROLES.map((r) => Type.Literal(r))),
    signal: Type.Optional(Type.Union(ALERT_SIGNALS.map((s) => Type.Literal(s)))),
    severity: Type.Optional(Type.Union(SEVERITIES.map((s) => Type.Literal(s)))),
    loanId: Type.Optional(Id('Loan')),
    enterpriseId: Type.Optional(Type.String({ maxLength: 18, description: 'Unified social credit code of the enterprise' })),
    assignee: Type.Optional(Type.String({ maxLength: 128, description: 'Agent holding or assigned the alert' })),
    priority: Type.Optional(Type.Number({ minimum: 0, description: 'Effective priority: expected loss × severity weight × escalation boost' })),
    expectedLoss: Type.Optional(Type.Number({ minimum: 0, description: 'PD × exposure × LGD, CNY' })),
    escalated: Type.Optional(Type.Boolean({ description: 'The alert passed its SLA and was escalated' })),
    slaDeadline: Type.Optional(Instant('When the alert should be resolved by')),
    outcome: Type.Optional(Type.Union(COLLECTION_OUTCOMES.map((o) => Type.Literal(o)), { description: 'Resolution outcome on `resolved` (details on collection-outcomes)' })),
  },
  { ...strict, description: 'A change of an alert in a collection queue' },
);
export type QueueEvent = Static<typeof QueueEvent>;
