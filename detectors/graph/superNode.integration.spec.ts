import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RedisGraphStore } from './redisStore.ts';
import { buildSuperNodeScenario, SUPER_NODE_EDGES, type SuperNodeScenario } from './superNodeFixture.ts';
import { superNodeCases } from './superNodeCases.ts';

describe('a 100,000-edge super-node (Redis store)', () => {
  const client = createClient({ url: inject('redisUrl') });
  let store: RedisGraphStore;
  let scenario: SuperNodeScenario;
  beforeAll(async () => {
    await client.connect();
    store = new RedisGraphStore(client);
    scenario = await buildSuperNodeScenario(store);
  });
  afterAll(async () => {
    await client.quit();
  });

  it('is built with all its edges', async () => {
    expect((await store.degrees([scenario.hub])).get(scenario.hub)).toBe(SUPER_NODE_EDGES + 1);
  });

  superNodeCases(() => ({ store, scenario }));
});
