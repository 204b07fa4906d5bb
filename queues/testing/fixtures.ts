/**
 * Test fixtures for the queues: contract-valid alerts, a settable clock and a store on a fresh
 * key prefix of the test Redis.
 */
import { randomUUID } from 'node:crypto';
import { connectUrl, type RedisPort } from '../../features/redisPort.ts';
import { makeUscc } from '../../schemas/identifiers.ts';
import type { Alert } from '../../schemas/topics/outputs.ts';
import { loadRoutingConfig, type RoutingConfig } from '../config.ts';
import { RedisQueueStore } from '../store.ts';

let counter = 0;

/** An early-warning alert on a loan; override any field. */
export function makeAlert(overrides: Partial<Alert> = {}): Alert {
  counter += 1;
  const n = String(counter).padStart(5, '0');
  return {
    eventId: `alert-t-${n}`,
    schemaVersion: 1,
    eventTime: '2026-03-01T08:00:00.000Z',
    source: 'test',
    alertId: `al-t-${n}`,
    signal: 'missed_payment',
    severity: 'high',
    loanId: `LN-T-${n}`,
    enterpriseId: makeUscc(`91110000MA${n}`.slice(0, 17).padEnd(17, '0')),
    probabilityOfDefault: 0.2,
    exposure: 500_000,
    daysPastDue: 5,
    sourceEventId: `rep-t-${n}`,
    why: [{ code: 'MISSED_PAYMENT', description: 'Installment 3 of 50,000.00 CNY was missed', value: 50_000 }],
    raisedAt: '2026-03-01T08:00:01.000Z',
    ...overrides,
  };
}

/** A clock tests move by hand. */
export class TestClock {
  constructor(public ms = Date.parse('2026-03-01T08:00:00.000Z')) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface TestStore {
  readonly store: RedisQueueStore;
  readonly redis: RedisPort;
  readonly clock: TestClock;
  readonly config: RoutingConfig;
  close(): Promise<void>;
}

/** A store on its own key prefix, so tests sharing one Redis never see each other's queues. */
export async function testStore(redisUrl: string, config: RoutingConfig = loadRoutingConfig(), options: { sweepLimit?: number } = {}): Promise<TestStore> {
  const redis = await connectUrl(redisUrl, () => undefined);
  const clock = new TestClock();
  const store = new RedisQueueStore({ redis, config, prefix: `t${randomUUID().slice(0, 8)}`, clock: clock.now, ...options });
  return { store, redis, clock, config, close: () => redis.close() };
}

/** Every record of a topic of an in-process log, partition by partition. */
export function readTopic(log: import('../../pipelines/log/inProcessLog.ts').InProcessLog, topic: string): Array<{ key: string | null; value: string }> {
  if (!log.topics().includes(topic)) return [];
  const out: Array<{ key: string | null; value: string }> = [];
  for (let p = 0; p < log.partitionCount(topic); p++) {
    const { start, end } = log.offsets(topic, p);
    for (const r of log.read(topic, p, start, end - start)) out.push({ key: r.key?.toString('utf8') ?? null, value: r.value?.toString('utf8') ?? '' });
  }
  return out;
}
