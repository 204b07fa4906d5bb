/**
 * Queue alerts as the API shows them: ISO times, age and SLA state computed at `now`, the first
 * alert's reasons as `why`, and the resolution without internal fields.
 */
import type { z } from 'zod';
import type { AlertDetail, QueueAlert } from '../queues/types.ts';
import type { AlertDetailOut, QueueAlertOut } from './schemas.ts';

const iso = (ms: number): string => new Date(ms).toISOString();

export function presentAlert(a: QueueAlert, now: number): z.output<typeof QueueAlertOut> {
  const active = a.state !== 'resolved';
  const out: z.output<typeof QueueAlertOut> = {
    alertId: a.alertId,
    team: a.team,
    state: a.state,
    signal: a.signal,
    severity: a.severity,
    expectedLoss: a.expectedLoss,
    priority: a.priority,
    escalated: a.escalated,
    enqueuedAt: iso(a.enqueuedAt),
    updatedAt: iso(a.updatedAt),
    slaDeadline: iso(a.slaDeadline),
    slaBreached: a.escalated || (active ? now > a.slaDeadline : (a.resolvedAt ?? 0) > a.slaDeadline),
    ageSeconds: Math.max(0, Math.round(((active ? now : (a.resolvedAt ?? now)) - a.enqueuedAt) / 1000)),
    evidenceCount: a.evidenceCount,
    why: [...a.why],
  };
  if (a.loanId !== undefined) out.loanId = a.loanId;
  if (a.applicationId !== undefined) out.applicationId = a.applicationId;
  if (a.enterpriseId !== undefined) out.enterpriseId = a.enterpriseId;
  if (a.probabilityOfDefault !== undefined) out.probabilityOfDefault = a.probabilityOfDefault;
  if (a.exposure !== undefined) out.exposure = a.exposure;
  if (a.daysPastDue !== undefined) out.daysPastDue = a.daysPastDue;
  if (a.assignee !== undefined) out.assignee = a.assignee;
  if (a.leaseUntil !== undefined && a.state === 'claimed') out.leaseUntil = iso(a.leaseUntil);
  if (a.snoozedUntil !== undefined && a.state === 'snoozed') out.snoozedUntil = iso(a.snoozedUntil);
  if (a.resolvedAt !== undefined) out.resolvedAt = iso(a.resolvedAt);
  if (a.outcome) out.outcome = a.outcome.outcome;
  if (a.raisedAt) out.raisedAt = a.raisedAt;
  return out;
}

export function presentDetail(d: AlertDetail, now: number): z.output<typeof AlertDetailOut> {
  const out: z.output<typeof AlertDetailOut> = {
    ...presentAlert(d, now),
    evidence: d.evidence.map((e) => ({ ...e, why: [...e.why] })),
    comments: d.comments.map((c) => ({ at: iso(c.at), authorId: c.authorId, authorRole: c.authorRole, text: c.text })),
  };
  if (d.outcome) {
    const o = d.outcome;
    out.resolution = {
      outcomeId: o.outcomeId, outcome: o.outcome, agentId: o.agentId,
      ...(o.promiseDate !== undefined ? { promiseDate: o.promiseDate } : {}),
      ...(o.promiseAmount !== undefined ? { promiseAmount: o.promiseAmount } : {}),
      ...(o.paidAmount !== undefined ? { paidAmount: o.paidAmount } : {}),
      ...(o.note !== undefined ? { note: o.note } : {}),
    };
  }
  return out;
}
