/**
 * The alert_work view (migration 0011) reads work items from the queues: an alert the queue
 * merged into another (appended) or suppressed is not a work item; team, claim and resolution
 * come from queue history; an alert without queue history keeps the outcome-based reading.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChdbClickHouse } from '../pipelines/clickhouse/chdbClient.ts';
import { migrate } from '../pipelines/clickhouse/migrations.ts';

interface WorkRow { alert_id: string; team: string; outcomes: number; first_worked_at: string | null; last_outcome: string | null; resolved_at: string | null; queued: number | boolean }

describe('alert_work', () => {
  let dir: string;
  let client: ChdbClickHouse;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fk-alert-work-'));
    client = new ChdbClickHouse({ path: dir, database: 'alertwork' });
    await migrate(client);
    const alert = (id: string, loan: string, raised: string) => ({
      alert_id: id, event_id: id, signal: 'missed_payment', severity: 'high', loan_id: loan, raised_at: raised, event_time: raised, source: 'test',
    });
    await client.insert('alerts', [
      alert('A1', 'L1', '2026-05-01 08:00:00.000'),
      alert('A2', 'L1', '2026-05-02 08:00:00.000'),
      alert('A3', 'L2', '2026-05-03 08:00:00.000'),
      alert('A4', 'L3', '2026-05-04 08:00:00.000'),
      alert('A5', 'L4', '2026-05-05 08:00:00.000'),
    ]);
    const change = (id: string, alertId: string, action: string, team: string, at: string, extra: Record<string, unknown> = {}) => ({
      change_id: id, alert_id: alertId, team, action, state: '', actor_id: 'system', actor_role: 'system', signal: 'missed_payment', severity: 'high',
      loan_id: '', enterprise_id: '', assignee: '', priority: 1, expected_loss: 0, escalated: false, evidence_count: 1, age_seconds: 0, sla_breached: false,
      outcome: '', details: '{}', changed_at: at, ...extra,
    });
    await client.insert('queue_history', [
      change('1-0', 'A1', 'enqueued', 'early_collection', '2026-05-01 08:00:01.000', { sla_deadline: '2026-05-01 12:00:01.000' }),
      change('2-0', 'A1', 'appended', 'early_collection', '2026-05-02 08:00:01.000', { details: JSON.stringify({ sourceAlertId: 'A2' }) }),
      change('3-0', 'A1', 'reassigned', 'late_collection', '2026-05-02 09:00:00.000'),
      change('4-0', 'A1', 'claimed', 'late_collection', '2026-05-02 10:00:00.000'),
      change('5-0', 'A1', 'resolved', 'late_collection', '2026-05-02 11:00:00.000', { outcome: 'promise_to_pay' }),
      change('6-0', 'A3', 'suppressed', 'early_collection', '2026-05-03 08:00:01.000'),
      change('7-0', 'A4', 'enqueued', 'pre_delinquency', '2026-05-04 08:00:01.000'),
    ]);
    await client.insert('collection_outcomes', [{
      outcome_id: 'O1', alert_id: 'A5', loan_id: 'L4', enterprise_id: '', team: 'external_desk', agent_id: 'x', outcome: 'paid', event_time: '2026-05-06 08:00:00.000', source: 'test',
    }]);
  });
  afterAll(async () => {
    await client.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('counts queue work items only, with team, claim and outcome from the queue', async () => {
    const rows = await client.query<WorkRow>('SELECT alert_id, team, outcomes, first_worked_at, last_outcome, resolved_at, queued FROM alert_work ORDER BY alert_id');
    expect(rows.map((r) => r.alert_id)).toEqual(['A1', 'A4', 'A5']);
    const [a1, a4, a5] = rows;
    expect(a1).toMatchObject({ team: 'late_collection', outcomes: 1, last_outcome: 'promise_to_pay' });
    expect(a1!.first_worked_at).toMatch(/^2026-05-02 10:00:00/);
    expect(a1!.resolved_at).toMatch(/^2026-05-02 11:00:00/);
    expect(a4).toMatchObject({ team: 'pre_delinquency', outcomes: 0, first_worked_at: null, resolved_at: null, last_outcome: null });
    expect(Boolean(a5!.queued)).toBe(false);
    expect(a5).toMatchObject({ team: 'external_desk', last_outcome: 'paid' });
    expect(a5!.resolved_at).toMatch(/^2026-05-06 08:00:00/);
  });
});
