/**
 * A simulated month through the Redis store, twice: the second pass is a full redelivery and
 * must return identical feature values and leave the stored state untouched. The same month
 * through the embedded store (the training export) must give the same values as Redis (serving).
 */
import { commandOptions, createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Pseudonymiser } from '../schemas/pseudonym.ts';
import type { TopicName } from '../schemas/topics.ts';
import { eventsInTimeOrder, simulate } from '../simulator/index.ts';
import { distinctTolerance } from './conformance.ts';
import { computeFeaturesOffline } from './offline.ts';
import { FEATURE_REGISTRY } from './registry.ts';
import type { RedisClientLike } from './redisPort.ts';
import { createRedisFeatureStore } from './redisStore.ts';
import type { EventOutcome, FeatureInput, FeatureStore, FeatureVector } from './types.ts';

const BATCH = 250;
/** Longer than the simulated history (the back book reaches a year before the month). */
const NO_IDLE_EXPIRY_MS = 10 * 365 * 86_400_000;
let client: ReturnType<typeof createClient>;
let inputs: FeatureInput[];
const prefix = `month${process.pid}`;

beforeAll(async () => {
  client = createClient({ url: inject('redisUrl') });
  await client.connect();
  const sim = simulate({ seed: 20260301, days: 30, enterprises: 120 });
  const pseudo = new Pseudonymiser('fengkong-test-pseudonymisation-key');
  inputs = [];
  for (const { topic, event } of eventsInTimeOrder(sim)) {
    inputs.push({ topic, event: pseudo.pseudonymise(topic as TopicName, event as never) } as FeatureInput);
  }
});

afterAll(async () => {
  await client.quit();
});

async function run(store: FeatureStore): Promise<{ vectors: FeatureVector[]; outcomes: EventOutcome[] }> {
  const vectors: FeatureVector[] = [];
  const outcomes: EventOutcome[] = [];
  for (let i = 0; i < inputs.length; i += BATCH) {
    const r = await store.applyBatch(inputs.slice(i, i + BATCH));
    vectors.push(...r.vectors);
    outcomes.push(...r.outcomes);
  }
  return { vectors, outcomes };
}

/** Every entity key (state, dedup set, HyperLogLogs) with its content, for before/after comparison. */
async function entitySnapshot(): Promise<Map<string, string>> {
  const snapshot = new Map<string, string>();
  for await (const key of client.scanIterator({ MATCH: `${prefix}:{e:*`, COUNT: 1000 })) {
    const type = await client.type(key);
    let content: unknown;
    if (type === 'hash') content = Object.entries(await client.hGetAll(key)).sort();
    else if (type === 'zset') content = await client.zRangeWithScores(key, 0, -1);
    else {
      // A HyperLogLog: its registers, without the 16-byte header where reads cache the count.
      const bytes = await client.get(commandOptions({ returnBuffers: true }), key);
      content = bytes?.subarray(16).toString('base64');
    }
    snapshot.set(key, JSON.stringify(content));
  }
  return snapshot;
}

describe('a simulated month replayed through the Redis store', () => {
  it('gives identical feature values on a full redelivery and changes no state', async () => {
    expect(inputs.length).toBeGreaterThan(2_000);
    const store = await createRedisFeatureStore(client as unknown as RedisClientLike, { keyPrefix: prefix });
    try {
      const first = await run(store);
      expect(first.outcomes.filter((o) => o === 'duplicate')).toHaveLength(0);
      const withFeatures = first.vectors.filter((v) => Object.keys(v).length >= 20).length;
      expect(withFeatures).toBeGreaterThan(inputs.length * 0.9);
      const before = await entitySnapshot();
      expect(before.size).toBeGreaterThan(100);

      const second = await run(store);
      expect(second.outcomes.every((o) => o === 'duplicate')).toBe(true);
      expect(second.vectors).toEqual(first.vectors);
      expect(await entitySnapshot()).toEqual(before);

      // Even with the stored vectors gone (expired, or lost in a crash before they were written),
      // a redelivery is recognised per entity (or is too late to apply) and changes nothing.
      for await (const key of client.scanIterator({ MATCH: `${prefix}:{v:*`, COUNT: 1000 })) await client.del(key);
      const third = await run(store);
      expect(third.outcomes.every((o) => o === 'duplicate' || o === 'late')).toBe(true);
      expect(third.outcomes.filter((o) => o === 'duplicate').length).toBeGreaterThan(0);
      expect(await entitySnapshot()).toEqual(before);
    } finally {
      await store.close();
    }
  });

  it('computes the same values for training export (embedded) as for serving (Redis)', async () => {
    const store = await createRedisFeatureStore(client as unknown as RedisClientLike, { keyPrefix: `${prefix}-x` });
    let served: { vectors: FeatureVector[]; outcomes: EventOutcome[] };
    try {
      served = await run(store);
    } finally {
      await store.close();
    }
    const distinctFeatures = new Set(FEATURE_REGISTRY.features.filter((f) => f.aggregate === 'distinct').map((f) => f.name));
    let i = 0;
    let compared = 0;
    // The Redis run replays a year of event time in seconds, so none of its wall-clock TTLs runs
    // out; the offline store's idle expiry runs on event time and would drop an entity idle for
    // longer than its TTL (a back-book loan opened months before its next event, whose
    // loan.principal_last then differs). Compare like with like: no expiry on either side.
    for await (const row of computeFeaturesOffline(inputs, { entityTtlMs: NO_IDLE_EXPIRY_MS })) {
      const serving = served.vectors[i] as FeatureVector;
      expect(row.outcome).toBe(served.outcomes[i]);
      expect(Object.keys(row.vector).sort()).toEqual(Object.keys(serving).sort());
      for (const [name, value] of Object.entries(row.vector)) {
        const other = serving[name] ?? null;
        if (distinctFeatures.has(name)) {
          expect(Math.abs((other as number) - (value as number)), `${name} at event ${i}`).toBeLessThanOrEqual(distinctTolerance(value as number, false));
        } else {
          expect(other, `${name} at event ${i}`).toBe(value);
        }
        compared++;
      }
      i++;
    }
    expect(i).toBe(inputs.length);
    expect(compared).toBeGreaterThan(inputs.length * 20);
  });
});
