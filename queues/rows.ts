/**
 * Maps queue changes (from the change stream) to what the mirror writes: `queue_history` and
 * `audit_log` rows (migrations/0009_alert_queues.sql) and `alert-queue-events` records.
 * Instants are ISO strings; absent ids become '' (the column default).
 */
import type { ClickHouseRow } from '../pipelines/clickhouse/types.ts';
import { COLLECTION_OUTCOMES } from '../schemas/topics/collectionOutcome.ts';
import type { QueueEvent } from './queueEvent.ts';
import type { QueueChange } from './types.ts';

const iso = (ms: number | undefined): string | null => (ms === undefined || !Number.isFinite(ms) ? null : new Date(ms).toISOString());
const num = (v: string | undefined): number | undefined => (v === undefined || v === '' ? undefined : Number(v));

/** The resolution outcome kind of a resolved change, '' otherwise. */
function outcomeOf(change: QueueChange): string {
  const text = change.alert?.outcome;
  if (!text) return '';
  try {
    return String((JSON.parse(text) as { outcome?: unknown }).outcome ?? '');
  } catch {
    return '';
  }
}

function fromTeamOf(change: QueueChange): string {
  const d = change.details ?? {};
  const from = d.fromTeam ?? d.from;
  return typeof from === 'string' && from !== change.team ? from : '';
}

/** Details worth keeping, as JSON ('' when none). */
const detailsJson = (change: QueueChange): string => (change.details && Object.keys(change.details).length > 0 ? JSON.stringify(change.details) : '');

/** Audit rows are for people's actions and refusals; the service's own (ingest, timers) are history only. */
export const isAudited = (change: QueueChange): boolean => change.actor.role !== 'system';

const isOutcome = (v: string): v is NonNullable<QueueEvent['outcome']> => (COLLECTION_OUTCOMES as readonly string[]).includes(v);

/** `queue_history` row of a change ('denied' changes have none). */
export function historyRow(change: QueueChange): ClickHouseRow | null {
  if (change.action === 'denied') return null;
  const a = change.alert ?? {};
  const enqueuedAt = num(a.enqueuedAt);
  const deadline = num(a.slaDeadline);
  return {
    change_id: change.id,
    alert_id: change.alertId,
    team: change.team,
    from_team: fromTeamOf(change),
    action: change.action,
    state: a.state ?? '',
    actor_id: change.actor.id,
    actor_role: change.actor.role,
    signal: a.signal ?? '',
    severity: a.severity ?? '',
    loan_id: a.loanId ?? '',
    enterprise_id: a.enterpriseId ?? '',
    assignee: a.assignee ?? '',
    priority: num(a.priority) ?? 0,
    expected_loss: Math.round((num(a.expectedLoss) ?? 0) * 100) / 100,
    escalated: a.escalated === '1',
    evidence_count: num(a.evidenceCount) ?? 0,
    enqueued_at: iso(enqueuedAt),
    sla_deadline: iso(deadline),
    age_seconds: enqueuedAt === undefined ? 0 : Math.max(0, (change.at - enqueuedAt) / 1000),
    sla_breached: a.escalated === '1' || (deadline !== undefined && change.at > deadline),
    outcome: change.action === 'resolved' ? outcomeOf(change) : '',
    details: detailsJson(change),
    changed_at: iso(change.at),
  };
}

/** `audit_log` row of a change made or attempted by a person; null for the service's own. */
export function auditRow(change: QueueChange): ClickHouseRow | null {
  if (!isAudited(change)) return null;
  const denied = change.action === 'denied';
  const d = change.details ?? {};
  return {
    audit_id: change.id,
    at: iso(change.at),
    actor_id: change.actor.id,
    actor_role: change.actor.role,
    action: denied ? String(d.attempted ?? '') : change.action,
    result: denied ? 'denied' : 'ok',
    status: denied ? Number(d.status ?? 403) : 200,
    alert_id: change.alertId,
    team: change.team,
    request_id: change.actor.requestId ?? '',
    client_ip: change.actor.ip ?? '',
    details: detailsJson(change),
  };
}

/** `alert-queue-events` record of a change ('denied' changes are not published). */
export function queueEventOf(change: QueueChange): QueueEvent | null {
  const role = change.actor.role;
  // Refusals are audit matters, not queue changes; an anonymous actor only ever appears on one.
  if (change.action === 'denied' || role === 'anonymous') return null;
  const a = change.alert ?? {};
  const e: QueueEvent = {
    eventId: `qe-${change.id}`,
    schemaVersion: 1,
    eventTime: new Date(change.at).toISOString(),
    source: 'fengkong-queues',
    changeId: change.id,
    action: change.action,
    alertId: change.alertId,
    team: change.team,
    actorId: change.actor.id,
    actorRole: role,
  };
  const from = fromTeamOf(change);
  if (from) e.fromTeam = from;
  if (a.state) e.state = a.state as QueueEvent['state'];
  if (a.signal) e.signal = a.signal as QueueEvent['signal'];
  if (a.severity) e.severity = a.severity as QueueEvent['severity'];
  if (a.loanId) e.loanId = a.loanId;
  if (a.enterpriseId) e.enterpriseId = a.enterpriseId;
  if (a.assignee) e.assignee = a.assignee;
  const priority = num(a.priority);
  if (priority !== undefined) e.priority = priority;
  const el = num(a.expectedLoss);
  if (el !== undefined) e.expectedLoss = el;
  if (a.escalated !== undefined) e.escalated = a.escalated === '1';
  const deadline = iso(num(a.slaDeadline));
  if (deadline) e.slaDeadline = deadline;
  const outcome = change.action === 'resolved' ? outcomeOf(change) : '';
  if (isOutcome(outcome)) e.outcome = outcome;
  return e;
}
