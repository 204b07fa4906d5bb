import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectUrl, type RedisPort } from '../features/redisPort.ts';
import { ChdbClickHouse } from '../pipelines/clickhouse/chdbClient.ts';
import { migrate } from '../pipelines/clickhouse/migrations.ts';
import { InProcessLog, InProcessProducer } from '../pipelines/log/index.ts';
import { TOPICS } from '../schemas/topics.ts';
import { describeIssues, validateEvent, validateRecord } from '../schemas/validator.ts';
import { QueueMirror } from './mirror.ts';
import { buildOutcome } from './outcome.ts';
import { QUEUE_EVENTS_TOPIC } from './queueEvent.ts';
import { routeAlert } from './route.ts';
import { makeAlert, readTopic, testStore, type TestStore } from './testing/fixtures.ts';
import type { Actor } from './types.ts';

const agent: Actor = { id: 'agent-1', role: 'agent', requestId: 'req-1', ip: '10.0.0.7' };
let t: TestStore;
let ch: ChdbClickHouse;
const mirrors: QueueMirror[] = [];
const ports: RedisPort[] = [];

beforeAll(async () => {
  ch = new ChdbClickHouse({ path: mkdtempSync(join(tmpdir(), 'fk-queues-chdb-')), database: 'fengkong_queues' });
  await migrate(ch);
});

afterAll(async () => {
  for (const m of mirrors) await m.stop();
  for (const p of ports) await p.close();
  await t?.close();
  await ch?.close();
});

async function startMirror(log: InProcessLog, group: string): Promise<QueueMirror> {
  const redis = await connectUrl(inject('redisUrl'), () => undefined);
  ports.push(redis);
  const producer = new InProcessProducer(log);
  await producer.connect();
  const mirror = new QueueMirror({ redis, keys: t.store.keys, clickhouse: ch, producer, group, blockMs: 50 });
  mirrors.push(mirror);
  await mirror.start();
  return mirror;
}

describe('QueueMirror', () => {
  it('writes history, audit and Kafka events for every change, once', async () => {
    t = await testStore(inject('redisUrl'));
    const log = new InProcessLog();
    const mirror = await startMirror(log, 'mirror');

    const alert = makeAlert({ daysPastDue: 8 });
    await t.store.enqueue({ alert }, routeAlert({ alert }, t.config));
    await t.store.claim('early_collection', alert.alertId, agent);
    t.clock.advance(60_000);
    const stored = await t.store.get(alert.alertId);
    const outcome = buildOutcome(stored!, agent.id, { outcome: 'promise_to_pay', promiseDate: '2026-03-09', promiseAmount: 42_000.5 }, t.clock.ms);
    await t.store.resolve(alert.alertId, 'early_collection', agent, outcome);
    await t.store.recordDenied({ id: 'agent-2', role: 'agent', requestId: 'req-2' }, { action: 'POST /api/v1/alerts/:alertId/reassign', team: 'early_collection', alertId: alert.alertId, reason: 'role agent may not reassign alerts', status: 403 });
    await mirror.drained();

    const history = await ch.query<{ action: string; state: string; actor_id: string; age_seconds: number; outcome: string; team: string }>(
      `SELECT action, state, actor_id, age_seconds, outcome, team FROM queue_history FINAL WHERE alert_id = {id:String} ORDER BY change_id`, { id: alert.alertId });
    expect(history.map((h) => [h.action, h.state, h.actor_id, h.outcome])).toEqual([
      ['enqueued', 'open', 'system', ''],
      ['claimed', 'claimed', 'agent-1', ''],
      ['resolved', 'resolved', 'agent-1', 'promise_to_pay'],
    ]);
    expect(history[2]?.age_seconds).toBe(60);
    const audit = await ch.query<{ action: string; result: string; status: number; actor_id: string; request_id: string; client_ip: string }>(
      `SELECT action, result, status, actor_id, request_id, client_ip FROM audit_log FINAL WHERE alert_id = {id:String} ORDER BY audit_id`, { id: alert.alertId });
    expect(audit).toEqual([
      { action: 'claimed', result: 'ok', status: 200, actor_id: 'agent-1', request_id: 'req-1', client_ip: '10.0.0.7' },
      { action: 'resolved', result: 'ok', status: 200, actor_id: 'agent-1', request_id: 'req-1', client_ip: '10.0.0.7' },
      { action: 'POST /api/v1/alerts/:alertId/reassign', result: 'denied', status: 403, actor_id: 'agent-2', request_id: 'req-2', client_ip: '' },
    ]);

    const outcomes = readTopic(log, 'collection-outcomes');
    expect(outcomes).toHaveLength(1);
    const published = JSON.parse(outcomes[0]!.value);
    expect(validateEvent('collection-outcomes', published).ok).toBe(true);
    expect(published).toMatchObject({ alertId: alert.alertId, loanId: alert.loanId, agentId: 'agent-1', outcome: 'promise_to_pay', promiseAmount: 42_000.5 });
    expect(outcomes[0]!.key).toBe(alert.loanId);
    // Queue events are a registry topic: each record validates as bytes against the
    // alert-queue-events contract and is keyed as the registry keys it.
    expect(QUEUE_EVENTS_TOPIC).toBe(TOPICS['alert-queue-events'].name);
    const records = readTopic(log, QUEUE_EVENTS_TOPIC);
    const checked = records.map((r) => validateRecord('alert-queue-events', r.value));
    expect(checked.map((c) => (c.ok ? null : describeIssues(c.issues)))).toEqual([null, null, null]);
    const events = checked.flatMap((c) => (c.ok ? [c.value] : []));
    expect(events.map((e) => e.action)).toEqual(['enqueued', 'claimed', 'resolved']);
    expect(events[2]).toMatchObject({ state: 'resolved', outcome: 'promise_to_pay', actorId: 'agent-1', actorRole: 'agent', loanId: alert.loanId });
    expect(records.map((r) => r.key)).toEqual(events.map((e) => TOPICS['alert-queue-events'].key(e)));

    // A second consumer group re-reads everything (as after losing the group): rows collapse.
    const again = await startMirror(new InProcessLog(), 'mirror-replay');
    await again.drained();
    const [count] = await ch.query<{ n: number }>('SELECT count() AS n FROM queue_history FINAL WHERE alert_id = {id:String}', { id: alert.alertId });
    expect(count?.n).toBe(3);
  });
});
