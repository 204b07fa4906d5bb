import { createClient } from 'redis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ServiceUnavailableError } from '../../lib/errors.ts';
import { createLogger } from '../../lib/logger.ts';
import { graphStoreConformance } from './conformance.ts';
import { connectRedisGraphStore, RedisGraphStore } from './redisStore.ts';

const clients: Array<ReturnType<typeof createClient>> = [];

graphStoreConformance('redis', async (options) => {
  const client = createClient({ url: inject('redisUrl') });
  await client.connect();
  clients.push(client);
  return new RedisGraphStore(client, options);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit()));
});

describe('RedisGraphStore on a live Redis', () => {
  it('reloads its Lua script after SCRIPT FLUSH', async () => {
    const store = await connectRedisGraphStore(inject('redisUrl'));
    const admin = createClient({ url: inject('redisUrl') });
    await admin.connect();
    try {
      await store.apply([{ op: 'addEdge', from: 'ent:flush-a', type: 'guarantees', to: 'ent:flush-b', timeMs: 1 }]);
      await admin.sendCommand(['SCRIPT', 'FLUSH']);
      const reads = await store.neighbours(['ent:flush-a'], { superNodeDegree: 10, limit: 10 });
      expect(reads.get('ent:flush-a')?.edges).toEqual([{ type: 'guarantees', direction: 'out', other: 'ent:flush-b' }]);
    } finally {
      await admin.quit();
      await store.close();
    }
  });

  it('says Redis is unavailable, as a retriable error, when it cannot connect', async () => {
    const error = await connectRedisGraphStore('redis://127.0.0.1:1', { logger: createLogger('silent') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as ServiceUnavailableError).retriable).toBe(true);
  });
});
