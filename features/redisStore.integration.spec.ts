import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { describeFeatureStoreConformance } from './conformance.ts';
import type { RedisClientLike } from './redisPort.ts';
import { createRedisFeatureStore } from './redisStore.ts';
import { HOUR, txn } from './testFixtures.ts';

let client: ReturnType<typeof createClient>;
let n = 0;

beforeAll(async () => {
  client = createClient({ url: inject('redisUrl') });
  await client.connect();
});
afterAll(async () => {
  await client.quit();
});

describeFeatureStoreConformance('redis', {
  // A key prefix per store keeps tests apart on the shared server.
  makeStore: (options) => createRedisFeatureStore(client as unknown as RedisClientLike, { ...options, keyPrefix: `conf${process.pid}-${++n}` }),
  exactDistinct: false,
});

describe('Redis feature store specifics', () => {
  it('stores each vector with a TTL and recovers when the server lost its functions and scripts', async () => {
    // A private server: flushing loaded code must not disturb other test files on the shared one.
    const { startRedis } = await import('../services/redis.ts');
    const local = await startRedis();
    const own = createClient({ url: local.url });
    await own.connect();
    const prefix = 'spec';
    const store = await createRedisFeatureStore(own as unknown as RedisClientLike, { keyPrefix: prefix, vectorTtlMs: 60_000 });
    try {
      const first = await store.applyBatch([txn({ id: 'f1', at: 0, amount: 5 })]);
      await store.applyBatch([txn({ id: 'f2', at: HOUR, amount: 7 })]); // carries f1's vector write
      const ttl = await own.pTTL(`${prefix}:{v:f1}`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
      // A restart without persistence or a failover loses loaded code: the batch reloads it and runs.
      await own.sendCommand(['FUNCTION', 'FLUSH']);
      await own.sendCommand(['SCRIPT', 'FLUSH']);
      const after = await store.applyBatch([txn({ id: 'f3', at: 2 * HOUR, amount: 11 }), txn({ id: 'f1', at: 0, amount: 5 })]);
      expect(after.outcomes).toEqual(['applied', 'duplicate']);
      expect(after.vectors[0]?.['account.inflow_sum_24h']).toBe(23);
      expect(after.vectors[1]).toEqual(first.vectors[0]);
      await store.putListEntry({ kind: 'device', value: 'd', list: 'grey', reason: 'test', source: 'spec' });
      expect((await store.lookupLists([{ kind: 'device', value: 'd' }]))[0]?.map((e) => e.list)).toEqual(['grey']);
    } finally {
      await store.close();
      await own.quit();
      await local.stop();
    }
  });

  it('reports Redis being unreachable as a retriable error', async () => {
    const { startRedis } = await import('../services/redis.ts');
    const local = await startRedis();
    const other = createClient({ url: local.url, socket: { reconnectStrategy: false } });
    other.on('error', () => undefined);
    await other.connect();
    const store = await createRedisFeatureStore(other as unknown as RedisClientLike, { keyPrefix: 'down' });
    await local.stop();
    const err = await store.applyBatch([txn({ id: 'x', at: 0 })]).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ retriable: true, code: 'fengkong:redis-unavailable' });
    await store.close().catch(() => undefined);
  });
});
