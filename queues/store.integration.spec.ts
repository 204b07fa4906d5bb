import { afterEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { loadRoutingConfig, type RoutingConfig } from './config.ts';
import { AlertNotFoundError, QueueConflictError } from './errors.ts';
import { buildOutcome } from './outcome.ts';
import { routeAlert, type IncomingAlert } from './route.ts';
import { makeAlert, testStore, type TestStore } from './testing/fixtures.ts';
import type { Actor, QueueChange } from './types.ts';
import { parseEntries } from './changeEntry.ts';

const agent1: Actor = { id: 'agent-1', role: 'agent' };
const agent2: Actor = { id: 'agent-2', role: 'agent' };
const boss: Actor = { id: 'sup-1', role: 'supervisor' };

let t: TestStore;
afterEach(async () => {
  await t?.close();
});

async function open(config?: RoutingConfig): Promise<TestStore> {
  t = await testStore(inject('redisUrl'), config);
  return t;
}

const enqueue = (incoming: IncomingAlert) => t.store.enqueue(incoming, routeAlert(incoming, t.config));

async function changes(): Promise<QueueChange[]> {
  const raw = (await t.redis.send(t.store.keys.changes(), ['XRANGE', t.store.keys.changes(), '-', '+'])) as Array<[string, string[]]>;
  return parseEntries(raw);
}

describe('enqueue', () => {
  it('routes an alert to its team by days past due, open and ordered by priority', async () => {
    await open();
    const small = makeAlert({ daysPastDue: 5, exposure: 100_000 });
    const large = makeAlert({ daysPastDue: 12, exposure: 900_000 });
    const late = makeAlert({ daysPastDue: 45 });
    expect(await enqueue({ alert: small })).toMatchObject({ result: 'created', team: 'early_collection' });
    expect(await enqueue({ alert: large })).toMatchObject({ result: 'created', team: 'early_collection' });
    expect(await enqueue({ alert: late })).toMatchObject({ result: 'created', team: 'late_collection' });
    const early = await t.store.list('early_collection');
    expect(early.map((a) => a.alertId)).toEqual([large.alertId, small.alertId]);
    expect(early.every((a) => a.state === 'open')).toBe(true);
    expect(early[0]?.why[0]?.code).toBe('MISSED_PAYMENT');
  });

  it('keeps one open alert per loan and signal: a repeat appends its evidence', async () => {
    await open();
    const first = makeAlert({ severity: 'medium', daysPastDue: 3 });
    const again = makeAlert({ loanId: first.loanId, severity: 'critical', daysPastDue: 9, exposure: 480_000 });
    await enqueue({ alert: first });
    expect(await enqueue({ alert: again })).toMatchObject({ result: 'appended', alertId: first.alertId });
    const list = await t.store.list('early_collection');
    expect(list).toHaveLength(1);
    const detail = await t.store.detail(first.alertId);
    expect(detail?.evidence.map((e) => e.alertId)).toEqual([first.alertId, again.alertId]);
    expect(detail).toMatchObject({ severity: 'critical', daysPastDue: 9, exposure: 480_000, evidenceCount: 2 });
    // Worse news raised the priority in the ready set too.
    expect(detail?.priority).toBeGreaterThan(routeAlert({ alert: first }, t.config).priority);
  });

  it('ignores a redelivered alert id', async () => {
    await open();
    const a = makeAlert();
    await enqueue({ alert: a });
    expect(await enqueue({ alert: a })).toMatchObject({ result: 'duplicate' });
    expect((await t.store.detail(a.alertId))?.evidence).toHaveLength(1);
  });

  it('suppresses a repeat inside the cooldown after resolution, and opens a new alert after it', async () => {
    await open();
    const a = makeAlert({ daysPastDue: 2 });
    await enqueue({ alert: a, dedupKey: `${a.loanId}|missed_payment|i3`, cooldownSeconds: 3600 });
    await t.store.claim('early_collection', a.alertId, agent1);
    const stored = await t.store.get(a.alertId);
    await t.store.resolve(a.alertId, 'early_collection', agent1, buildOutcome(stored!, agent1.id, { outcome: 'paid', paidAmount: 100 }, t.clock.ms));
    const repeat = makeAlert({ loanId: a.loanId, daysPastDue: 2 });
    expect(await enqueue({ alert: repeat, dedupKey: `${a.loanId}|missed_payment|i3`, cooldownSeconds: 3600 })).toMatchObject({ result: 'suppressed', alertId: a.alertId });
    // A different occurrence (next installment) is not the same dedup key.
    const next = makeAlert({ loanId: a.loanId, daysPastDue: 2 });
    expect(await enqueue({ alert: next, dedupKey: `${a.loanId}|missed_payment|i4`, cooldownSeconds: 3600 })).toMatchObject({ result: 'created', alertId: next.alertId });
  });

  it('moves an unclaimed alert when new evidence routes it to another team', async () => {
    await open();
    const a = makeAlert({ daysPastDue: 20 });
    await enqueue({ alert: a });
    const worse = makeAlert({ loanId: a.loanId, daysPastDue: 40 });
    expect(await enqueue({ alert: worse })).toMatchObject({ result: 'appended', team: 'late_collection', from: 'early_collection' });
    expect(await t.store.list('early_collection')).toHaveLength(0);
    expect((await t.store.list('late_collection')).map((x) => x.alertId)).toEqual([a.alertId]);
  });
});

describe('claim, lease and resolve', () => {
  it('lets exactly one of many agents claim an alert', async () => {
    await open();
    const a = makeAlert();
    await enqueue({ alert: a });
    const agents = Array.from({ length: 12 }, (_, i): Actor => ({ id: `agent-${i}`, role: 'agent' }));
    const results = await Promise.allSettled(agents.map((ag) => t.store.claim('early_collection', a.alertId, ag)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(11);
    expect(rejected.every((r) => r.reason instanceof QueueConflictError && r.reason.reason === 'claimed')).toBe(true);
  });

  it('claims the next alert by priority and reports an empty queue as null', async () => {
    await open();
    const low = makeAlert({ severity: 'low', exposure: 10_000 });
    const high = makeAlert({ severity: 'critical', exposure: 800_000 });
    await enqueue({ alert: low });
    await enqueue({ alert: high });
    expect((await t.store.claim('early_collection', null, agent1))?.alertId).toBe(high.alertId);
    expect((await t.store.claim('early_collection', null, agent2))?.alertId).toBe(low.alertId);
    expect(await t.store.claim('early_collection', null, agent2)).toBeNull();
  });

  it('returns an alert whose lease expired to the queue, and refuses the old holder', async () => {
    await open();
    const a = makeAlert();
    await enqueue({ alert: a });
    await t.store.claim('early_collection', a.alertId, agent1);
    expect(await t.store.list('early_collection', { states: ['open'] })).toHaveLength(0);
    t.clock.advance(t.config.lease.seconds * 1000 + 1);
    expect(await t.store.sweep('early_collection')).toMatchObject({ leasesExpired: 1 });
    const back = await t.store.list('early_collection', { states: ['open'] });
    expect(back.map((x) => [x.alertId, x.state, x.assignee])).toEqual([[a.alertId, 'open', undefined]]);
    const stored = await t.store.get(a.alertId);
    const outcome = buildOutcome(stored!, agent1.id, { outcome: 'unreachable' }, t.clock.ms);
    await expect(t.store.resolve(a.alertId, 'early_collection', agent1, outcome)).rejects.toMatchObject({ reason: 'open' });
    expect((await t.store.claim('early_collection', null, agent2))?.alertId).toBe(a.alertId);
  });

  it('refuses to resolve an alert held by someone else or with a lapsed lease', async () => {
    await open();
    const a = makeAlert();
    await enqueue({ alert: a });
    await t.store.claim('early_collection', a.alertId, agent1);
    const stored = await t.store.get(a.alertId);
    const outcome = buildOutcome(stored!, agent2.id, { outcome: 'dispute' }, t.clock.ms);
    await expect(t.store.resolve(a.alertId, 'early_collection', agent2, outcome)).rejects.toMatchObject({ reason: 'not_holder' });
    t.clock.advance(t.config.lease.seconds * 1000);
    await expect(t.store.resolve(a.alertId, 'early_collection', agent1, outcome)).rejects.toMatchObject({ reason: 'lease_expired' });
  });

  it('resolves with an outcome and frees the loan and signal for a new alert', async () => {
    await open();
    const a = makeAlert();
    await enqueue({ alert: a, cooldownSeconds: 0 });
    await t.store.claim('early_collection', a.alertId, agent1);
    const stored = await t.store.get(a.alertId);
    const outcome = buildOutcome(stored!, agent1.id, { outcome: 'promise_to_pay', promiseDate: '2026-03-10', promiseAmount: 50_000 }, t.clock.ms);
    await t.store.resolve(a.alertId, 'early_collection', agent1, outcome);
    const resolved = await t.store.get(a.alertId);
    expect(resolved).toMatchObject({ state: 'resolved', assignee: 'agent-1', outcome: { outcome: 'promise_to_pay', promiseAmount: 50_000, loanId: a.loanId } });
    expect(await t.store.list('early_collection')).toHaveLength(0);
    expect((await t.store.list('early_collection', { states: ['resolved'] })).map((x) => x.alertId)).toEqual([a.alertId]);
    const next = makeAlert({ loanId: a.loanId });
    expect(await enqueue({ alert: next, cooldownSeconds: 0 })).toMatchObject({ result: 'created', alertId: next.alertId });
  });

  it('throws AlertNotFoundError for an unknown alert', async () => {
    await open();
    await expect(t.store.claim('early_collection', 'al-nope', agent1)).rejects.toBeInstanceOf(AlertNotFoundError);
  });
});

describe('snooze, reassign and escalation', () => {
  it('snoozes an alert out of the queue until the wake time', async () => {
    await open();
    const a = makeAlert();
    await enqueue({ alert: a });
    await t.store.claim('early_collection', a.alertId, agent1);
    await t.store.snooze(a.alertId, 'early_collection', agent1, t.clock.ms + 3600_000, { reason: 'customer asked for a call back' });
    expect(await t.store.list('early_collection', { states: ['open', 'claimed'] })).toHaveLength(0);
    t.clock.advance(1800_000);
    expect(await t.store.sweep('early_collection')).toMatchObject({ woken: 0 });
    t.clock.advance(1800_000);
    expect(await t.store.sweep('early_collection')).toMatchObject({ woken: 1 });
    expect((await t.store.get(a.alertId))?.state).toBe('open');
  });

  it('reassigns to another team, or to a named agent on an assignment lease', async () => {
    await open();
    const a = makeAlert();
    await enqueue({ alert: a });
    await t.store.claim('early_collection', a.alertId, agent1);
    await t.store.reassign(a.alertId, 'early_collection', { toTeam: 'legal', reason: 'guarantor sued' }, boss);
    expect(await t.store.get(a.alertId)).toMatchObject({ team: 'legal', state: 'open' });
    expect(await t.store.list('early_collection', { states: ['open', 'claimed', 'snoozed'] })).toHaveLength(0);
    await t.store.reassign(a.alertId, 'legal', { toTeam: 'legal', toAgent: 'lawyer-7', reason: 'specialist' }, boss);
    const assigned = await t.store.get(a.alertId);
    expect(assigned).toMatchObject({ team: 'legal', state: 'claimed', assignee: 'lawyer-7', leaseUntil: t.clock.ms + t.config.lease.assignedSeconds * 1000 });
    await expect(t.store.reassign(a.alertId, 'early_collection', { toTeam: 'legal', reason: 'x' }, boss)).rejects.toMatchObject({ reason: 'moved' });
  });

  it('escalates an alert past its SLA once: priority boosted, moved when the team escalates elsewhere', async () => {
    const base = loadRoutingConfig();
    const config: RoutingConfig = {
      ...base,
      teams: { ...base.teams, pre_delinquency: { ...base.teams.pre_delinquency!, slaMinutes: 60, escalation: { priorityBoost: 3, toTeam: 'early_collection' } } },
    };
    await open(config);
    const a = makeAlert({ signal: 'inflow_collapse', severity: 'medium', daysPastDue: 0 });
    expect(await enqueue({ alert: a })).toMatchObject({ team: 'pre_delinquency' });
    const before = (await t.store.get(a.alertId))!.priority;
    t.clock.advance(59 * 60_000);
    expect(await t.store.sweep('pre_delinquency')).toMatchObject({ escalated: 0 });
    t.clock.advance(60_000);
    expect(await t.store.sweep('pre_delinquency')).toMatchObject({ escalated: 1 });
    const after = await t.store.get(a.alertId);
    expect(after).toMatchObject({ escalated: true, team: 'early_collection', state: 'open', priority: before * 3 });
    expect((await t.store.list('early_collection')).map((x) => x.alertId)).toEqual([a.alertId]);
    t.clock.advance(3600_000);
    expect(await t.store.sweepAll()).toMatchObject({ escalated: 0 });
  });

  it('sweeps more alerts than one call handles', async () => {
    t = await testStore(inject('redisUrl'), loadRoutingConfig(), { sweepLimit: 3 });
    for (let i = 0; i < 7; i++) {
      const a = makeAlert();
      await enqueue({ alert: a });
      await t.store.claim('early_collection', a.alertId, agent1);
    }
    t.clock.advance(t.config.lease.seconds * 1000 + 1);
    expect(await t.store.sweep('early_collection')).toMatchObject({ leasesExpired: 7 });
    expect(await t.store.list('early_collection', { states: ['open'] })).toHaveLength(7);
  });
});

describe('change stream', () => {
  it('records every change in order with the actor and the alert after it', async () => {
    await open();
    const a = makeAlert();
    await enqueue({ alert: a });
    await t.store.claim('early_collection', a.alertId, agent1);
    await t.store.comment(a.alertId, agent1, 'left a voicemail');
    t.clock.advance(t.config.lease.seconds * 1000 + 1);
    await t.store.sweep('early_collection');
    const list = await changes();
    expect(list.map((c) => [c.action, c.actor.id, c.alert?.state])).toEqual([
      ['enqueued', 'system', 'open'],
      ['claimed', 'agent-1', 'claimed'],
      ['commented', 'agent-1', 'claimed'],
      ['lease_expired', 'system', 'open'],
    ]);
    expect(list[0]?.alert).not.toHaveProperty('why');
    expect(list[0]?.alert).toMatchObject({ signal: 'missed_payment', loanId: a.loanId, evidenceCount: '1' });
    expect(list[2]?.details).toMatchObject({ comment: { text: 'left a voicemail', authorId: 'agent-1' } });
  });
});
