/**
 * The headless queue worker `fengkong start` runs beside the scorer: alerts produced to the
 * alerts topic reach their team's queue, and the change is mirrored to ClickHouse and the
 * alert-queue-events topic.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ChdbClickHouse } from '../pipelines/clickhouse/chdbClient.ts';
import { migrate } from '../pipelines/clickhouse/migrations.ts';
import { InProcessConsumer, InProcessLog, InProcessProducer } from '../pipelines/log/index.ts';
import { validateRecord } from '../schemas/validator.ts';
import { alertRecord, TopicAlertSource } from './alertSource.ts';
import { loadRoutingConfig } from './config.ts';
import { QUEUE_EVENTS_TOPIC } from './queueEvent.ts';
import { makeAlert, readTopic } from './testing/fixtures.ts';
import { startQueueWorker, type QueueWorker } from './worker.ts';

let ch: ChdbClickHouse;
let worker: QueueWorker | undefined;

beforeAll(async () => {
  ch = new ChdbClickHouse({ path: mkdtempSync(join(tmpdir(), 'fk-queues-worker-')), database: 'fengkong_queue_worker' });
  await migrate(ch);
});

afterAll(async () => {
  await worker?.close();
  await ch?.close();
});

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await read();
    if (done(v)) return v;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return read();
}

describe('startQueueWorker', () => {
  it('routes alerts from the alerts topic into team queues and mirrors the change', async () => {
    const log = new InProcessLog();
    const routing = loadRoutingConfig();
    worker = await startQueueWorker({
      redisUrl: inject('redisUrl'), routing, clickhouse: ch, producer: new InProcessProducer(log),
      alertSource: new TopicAlertSource(new InProcessConsumer(log, { groupId: 'fengkong-queues', maxWaitMs: 20 })),
      prefix: `w${randomUUID().slice(0, 8)}`, sweepIntervalMs: 100, instance: 'worker-test',
    });
    const late = makeAlert({ daysPastDue: 45 });
    const review = makeAlert({ signal: 'credit_review', severity: 'medium', loanId: undefined, daysPastDue: undefined, applicationId: 'APP-W-1' });
    const feed = new InProcessProducer(log);
    await feed.connect();
    await feed.send([alertRecord({ alert: late }), alertRecord({ alert: review })]);

    const store = worker.store;
    const queued = await until(async () => [await store.get(late.alertId), await store.get(review.alertId)], (a) => a.every((x) => x !== null));
    expect(queued.map((a) => [a?.team, a?.state])).toEqual([['late_collection', 'open'], ['manual_review', 'open']]);

    const rows = await until(
      () => ch.query<{ alert_id: string; team: string; action: string }>('SELECT alert_id, team, action FROM queue_history FINAL ORDER BY team'),
      (r) => r.length >= 2,
    );
    expect(rows).toEqual([
      { alert_id: late.alertId, team: 'late_collection', action: 'enqueued' },
      { alert_id: review.alertId, team: 'manual_review', action: 'enqueued' },
    ]);
    const events = readTopic(log, QUEUE_EVENTS_TOPIC);
    expect(events.map((e) => validateRecord('alert-queue-events', e.value).ok)).toEqual([true, true]);
  });
});
