/**
 * Contract of the `alert-queue-events` topic: every change of a queue alert, for other systems
 * (case management, CRM, the data warehouse) that follow the work on alerts. TypeBox like the
 * registry's contracts (schemas/topics/), so the JSON Schema and the type are one definition.
 * The key is the loan id (else the alert id), so one loan's changes stay in order.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { envelope, Id, Instant, strict } from '../schemas/common.ts';
import { ALERT_SIGNALS, SEVERITIES } from '../schemas/topics/outputs.ts';
import { QUEUE_ACTIONS, QUEUE_STATES, ROLES } from './types.ts';

export const QUEUE_EVENTS_TOPIC = 'alert-queue-events';

export const QueueEvent = Type.Object(
  {
    ...envelope,
    changeId: Type.String({ maxLength: 64, description: 'Position in the queue change stream (Redis stream id)' }),
    action: Type.Union(QUEUE_ACTIONS.filter((a) => a !== 'denied').map((a) => Type.Literal(a))),
    alertId: Id('Queue alert (the first alert of its loan and signal)'),
    team: Type.String({ maxLength: 48 }),
    fromTeam: Type.Optional(Type.String({ maxLength: 48 })),
    state: Type.Optional(Type.Union(QUEUE_STATES.map((s) => Type.Literal(s)))),
    actorId: Type.String({ maxLength: 128 }),
    actorRole: Type.Union([...ROLES, 'system' as const].map((r) => Type.Literal(r))),
    signal: Type.Optional(Type.Union(ALERT_SIGNALS.map((s) => Type.Literal(s)))),
    severity: Type.Optional(Type.Union(SEVERITIES.map((s) => Type.Literal(s)))),
    loanId: Type.Optional(Id('Loan')),
    enterpriseId: Type.Optional(Type.String({ maxLength: 18 })),
    assignee: Type.Optional(Type.String({ maxLength: 128 })),
    priority: Type.Optional(Type.Number({ minimum: 0 })),
    expectedLoss: Type.Optional(Type.Number({ minimum: 0 })),
    escalated: Type.Optional(Type.Boolean()),
    slaDeadline: Type.Optional(Instant('When the alert should be resolved by')),
    outcome: Type.Optional(Type.String({ maxLength: 32, description: 'Resolution outcome (details on collection-outcomes)' })),
  },
  { ...strict, description: 'A change of an alert in a collection queue' },
);
export type QueueEvent = Static<typeof QueueEvent>;

// ajv-formats' default export is typed for CommonJS; schemas/validator.ts casts it the same way.
const addFormats = addFormatsModule as unknown as (ajv: Ajv, formats: string[]) => Ajv;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv, ['date-time']);
const check = ajv.compile(QueueEvent);

/** Null when valid, else the first problem. */
export function queueEventProblem(event: unknown): string | null {
  if (check(event)) return null;
  const e = check.errors?.[0];
  return e ? `${e.instancePath || '/'} ${e.message ?? 'is invalid'}` : 'invalid';
}
