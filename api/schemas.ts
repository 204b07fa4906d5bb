/**
 * One zod schema per request and response of the queue API: fastify-type-provider-zod validates
 * requests with them (a bad body is a 400 naming the field) and @fastify/swagger turns them into
 * the OpenAPI document at /documentation. Times are ISO-8601 strings on the wire.
 */
import { z } from 'zod';
import { COLLECTION_OUTCOMES } from '../schemas/topics/collectionOutcome.ts';
import { ALERT_SIGNALS, SEVERITIES } from '../schemas/topics/outputs.ts';
import { ROLES, QUEUE_STATES, QUEUE_ACTIONS } from '../queues/types.ts';

const ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const FreeText = (max: number) => z.string().trim().min(1).max(max);

export const TeamParams = z.strictObject({ team: z.string().regex(/^[a-z][a-z0-9_]{0,47}$/).describe('Team id, e.g. early_collection') });
export const AlertParams = z.strictObject({ alertId: z.string().regex(ID).describe('Queue alert id') });

export const ListQuery = z.strictObject({
  state: z.enum([...QUEUE_STATES, 'active']).default('active').describe('active = open, claimed and snoozed'),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const Reason = z.object({
  code: z.string(),
  description: z.string(),
  value: z.union([z.number(), z.string(), z.null()]).optional(),
  threshold: z.union([z.number(), z.string(), z.null()]).optional(),
  contribution: z.number().optional(),
});

export const QueueAlertOut = z
  .object({
    alertId: z.string(),
    team: z.string(),
    state: z.enum(QUEUE_STATES),
    signal: z.enum(ALERT_SIGNALS),
    severity: z.enum(SEVERITIES),
    loanId: z.string().optional(),
    applicationId: z.string().optional(),
    enterpriseId: z.string().optional(),
    probabilityOfDefault: z.number().optional(),
    exposure: z.number().optional(),
    daysPastDue: z.number().int().optional(),
    expectedLoss: z.number().describe('PD × exposure × LGD, CNY'),
    priority: z.number().describe('Expected loss × severity weight (× escalation boost); higher is worked first'),
    escalated: z.boolean(),
    enqueuedAt: z.string(),
    updatedAt: z.string(),
    slaDeadline: z.string(),
    slaBreached: z.boolean(),
    ageSeconds: z.number(),
    evidenceCount: z.number().int(),
    assignee: z.string().optional(),
    leaseUntil: z.string().optional(),
    snoozedUntil: z.string().optional(),
    resolvedAt: z.string().optional(),
    outcome: z.enum(COLLECTION_OUTCOMES).optional(),
    raisedAt: z.string().optional(),
    why: z.array(Reason).describe('Top reasons in plain words with the values that triggered them'),
  })
  .meta({ id: 'QueueAlert' });

export const Evidence = z.object({
  alertId: z.string(),
  signal: z.string(),
  severity: z.string(),
  sourceEventId: z.string(),
  raisedAt: z.string(),
  why: z.array(Reason),
  daysPastDue: z.number().optional(),
  probabilityOfDefault: z.number().optional(),
  exposure: z.number().optional(),
});

export const CommentOut = z.object({ at: z.string(), authorId: z.string(), authorRole: z.string(), text: z.string() });

export const OutcomeOut = z.object({
  outcomeId: z.string(),
  outcome: z.enum(COLLECTION_OUTCOMES),
  agentId: z.string(),
  promiseDate: z.string().optional(),
  promiseAmount: z.number().optional(),
  paidAmount: z.number().optional(),
  note: z.string().optional(),
});

export const AlertDetailOut = QueueAlertOut.extend({
  evidence: z.array(Evidence),
  comments: z.array(CommentOut),
  resolution: OutcomeOut.optional(),
}).meta({ id: 'AlertDetail' });

export const AlertList = z.object({ team: z.string(), alerts: z.array(QueueAlertOut) });

export const ClaimOut = z.object({ alertId: z.string(), leaseUntil: z.string(), renewed: z.boolean(), alert: QueueAlertOut });

const Note = FreeText(2000).optional().describe('Free text; identity, phone and account numbers are masked');
const Money = z.number().positive().max(1e12);

/** The resolution: its fields depend on the outcome (a promise needs a date and an amount). */
export const ResolveBody = z
  .discriminatedUnion('outcome', [
    z.strictObject({ outcome: z.literal('promise_to_pay'), promiseDate: z.iso.date().describe('YYYY-MM-DD, today or later'), promiseAmount: Money.describe('CNY'), note: Note }),
    z.strictObject({ outcome: z.literal('paid'), paidAmount: Money.describe('CNY collected'), note: Note }),
    z.strictObject({ outcome: z.enum(['unreachable', 'dispute', 'fraud_confirmed', 'false_alarm']), note: Note }),
  ])
  .meta({ id: 'Resolution' });
export type ResolveBody = z.output<typeof ResolveBody>;

export const SnoozeBody = z
  .strictObject({
    until: z.iso.datetime({ offset: true }).optional().describe('Wake time'),
    minutes: z.number().int().min(1).optional().describe('Or: wake in this many minutes'),
    reason: FreeText(500).optional(),
  })
  .refine((b) => (b.until === undefined) !== (b.minutes === undefined), { message: 'give either until or minutes', path: ['until'] });

export const ReassignBody = z
  .strictObject({
    toTeam: z.string().regex(/^[a-z][a-z0-9_]{0,47}$/).describe('Team to move the alert to (may be its current team)'),
    toAgent: z.string().regex(ID).optional().describe('Agent to assign it to; omit to put it back in the queue'),
    reason: FreeText(500),
  });

export const CommentBody = z.strictObject({ text: FreeText(2000) });

export const Ok = z.object({ ok: z.literal(true) });

export const ErrorOut = z
  .object({
    error: z.string().describe('Stable code, e.g. fengkong:forbidden'),
    message: z.string(),
    field: z.string().optional().describe('The first invalid field of a 400, e.g. body.promiseDate'),
    issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    reason: z.string().optional().describe('Why a 409: claimed, not_holder, lease_expired, resolved, snoozed, open, moved'),
    assignee: z.string().optional(),
    team: z.string().optional(),
  })
  .meta({ id: 'Error' });

/** Error responses every authenticated route may give, for the OpenAPI document. */
export const ERROR_RESPONSES = { 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 429: ErrorOut } as const;

export const Me = z.object({ id: z.string(), role: z.enum(ROLES), teams: z.array(z.string()) });

export const TeamOut = z.object({
  id: z.string(),
  label: z.object({ zh: z.string(), en: z.string() }),
  slaMinutes: z.number(),
  canRead: z.boolean(),
});
export const TeamsOut = z.object({ teams: z.array(TeamOut) });

export const Board = z
  .object({
    team: z.string(),
    at: z.string(),
    counts: z.object({ open: z.number().int(), claimed: z.number().int(), snoozed: z.number().int(), escalated: z.number().int(), slaBreached: z.number().int() }),
    agents: z.array(z.object({ agentId: z.string(), claimed: z.number().int(), oldestClaimSeconds: z.number() })),
    ageing: z.array(z.object({ bucket: z.enum(['lt_1h', '1h_4h', '4h_24h', 'gt_24h']), count: z.number().int() })),
    breaches: z.array(QueueAlertOut),
  })
  .meta({ id: 'TeamBoard' });

export const EventsQuery = z.strictObject({ teams: z.string().optional().describe('Comma-separated team ids (default: every team you can read)') });

/** What an SSE `change` event carries. */
export const ChangeEventOut = z.object({
  id: z.string(),
  action: z.enum(QUEUE_ACTIONS),
  at: z.string(),
  alertId: z.string(),
  team: z.string(),
  fromTeam: z.string().optional(),
  state: z.string().optional(),
  assignee: z.string().optional(),
  actorId: z.string(),
});

export const ContextOut = z
  .object({
    repayments: z.array(z.object({
      eventTime: z.string(), kind: z.string(), installmentNo: z.number().optional(), dueDate: z.string().optional(), amountDue: z.number().optional(),
      amountPaid: z.number().optional(), daysPastDue: z.number(), outstandingPrincipal: z.number().optional(),
    })),
    transactions: z.array(z.object({ eventTime: z.string(), direction: z.enum(['in', 'out']), amount: z.number(), channel: z.string(), balanceAfter: z.number(), counterpartyEnterpriseId: z.string().optional() })),
    graphLinks: z.array(z.object({ relation: z.string(), party: z.string(), partyType: z.enum(['enterprise', 'person']), detail: z.string(), since: z.string(), active: z.boolean() })),
    thirdPartyEvents: z.array(z.object({ eventTime: z.string(), kind: z.string(), provider: z.string().optional(), facts: z.record(z.string(), z.union([z.string(), z.number()])) })),
  })
  .meta({ id: 'AlertContext' });
