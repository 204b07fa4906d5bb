import { describe, expect, it } from 'vitest';
import { changeFields, changeFromEntry } from './changeEntry.ts';
import { queueEventProblem } from './queueEvent.ts';
import { auditRow, historyRow, queueEventOf } from './rows.ts';
import type { QueueChange } from './types.ts';

const enqueuedAt = Date.parse('2026-03-01T08:00:00.000Z');
const alert = {
  alertId: 'al-1', team: 'early_collection', state: 'resolved', signal: 'missed_payment', severity: 'high', loanId: 'LN-1', enterpriseId: '91350100M000100Y43',
  assignee: 'agent-1', priority: '180000', expectedLoss: '45000.004', escalated: '0', evidenceCount: '2', enqueuedAt: String(enqueuedAt), slaDeadline: String(enqueuedAt + 4 * 3600_000),
  outcome: JSON.stringify({ outcome: 'promise_to_pay' }),
};
const resolved: QueueChange = { id: '1772352000000-0', action: 'resolved', at: enqueuedAt + 5 * 3600_000, actor: { id: 'agent-1', role: 'agent', requestId: 'r-1', ip: '10.1.2.3' }, alertId: 'al-1', team: 'early_collection', alert };

describe('change entries', () => {
  it('round-trip through stream fields', () => {
    const { id, ...rest } = resolved;
    expect(changeFromEntry([id, changeFields(rest)])).toEqual(resolved);
  });
});

describe('rows of a change', () => {
  it('maps a resolution to history (age, SLA breach, outcome), audit and a valid queue event', () => {
    expect(historyRow(resolved)).toMatchObject({
      change_id: '1772352000000-0', action: 'resolved', state: 'resolved', actor_role: 'agent', expected_loss: 45000, evidence_count: 2,
      age_seconds: 5 * 3600, sla_breached: true, outcome: 'promise_to_pay', changed_at: '2026-03-01T13:00:00.000Z', enqueued_at: '2026-03-01T08:00:00.000Z',
    });
    expect(auditRow(resolved)).toMatchObject({ audit_id: resolved.id, action: 'resolved', result: 'ok', status: 200, request_id: 'r-1', client_ip: '10.1.2.3' });
    const event = queueEventOf(resolved);
    expect(event).toMatchObject({ eventId: 'qe-1772352000000-0', action: 'resolved', loanId: 'LN-1', outcome: 'promise_to_pay', escalated: false });
    expect(queueEventProblem(event)).toBeNull();
  });

  it('publishes only what the alert-queue-events contract allows', () => {
    const event = queueEventOf(resolved);
    expect(queueEventProblem({ ...event, action: 'denied' })).toMatch(/^action: /);
    expect(queueEventProblem({ ...event, actorRole: 'anonymous' })).toMatch(/^actorRole: /);
    expect(queueEventProblem({ ...event, outcome: 'settled' })).toMatch(/^outcome: /);
    expect(queueEventProblem({ ...event, note: 'free text' })).toMatch(/note/);
  });

  it('keeps the service\u2019s own changes out of the audit log', () => {
    const expired: QueueChange = { ...resolved, action: 'lease_expired', actor: { id: 'system', role: 'system' }, alert: { ...alert, state: 'open' } };
    expect(historyRow(expired)).toMatchObject({ action: 'lease_expired', actor_id: 'system' });
    expect(auditRow(expired)).toBeNull();
  });

  it('writes a refusal to the audit log only', () => {
    const denied: QueueChange = { id: '1772352000001-0', action: 'denied', at: enqueuedAt, actor: { id: 'anonymous', role: 'anonymous', ip: '10.9.9.9' }, alertId: '', team: '', details: { attempted: 'GET /api/v1/queues/:team/alerts', status: 401, reason: 'no bearer token' } };
    expect(historyRow(denied)).toBeNull();
    expect(queueEventOf(denied)).toBeNull();
    expect(auditRow(denied)).toMatchObject({ action: 'GET /api/v1/queues/:team/alerts', result: 'denied', status: 401, actor_role: 'anonymous' });
  });
});
