import { beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeGraph } from './knowledgeGraph.ts';
import { MemoryGraphStore } from './memoryStore.ts';
import { buildSuperNodeScenario, SUPER_NODE_EDGES, type SuperNodeScenario } from './superNodeFixture.ts';
import { superNodeCases } from './superNodeCases.ts';

describe('a 100,000-edge super-node (memory store)', () => {
  const store = new MemoryGraphStore();
  let scenario: SuperNodeScenario;
  beforeAll(async () => {
    scenario = await buildSuperNodeScenario(store);
  });

  it('is built with all its edges', async () => {
    expect((await store.degrees([scenario.hub])).get(scenario.hub)).toBe(SUPER_NODE_EDGES + 1);
  });

  superNodeCases(() => ({ store, scenario }));

  it('stops on the time budget even when the hub is expanded (fake clock: no real waiting)', async () => {
    let now = 0;
    const kg = new KnowledgeGraph(store, { superNodeDegree: 1e9, linkedGroup: { maxHops: 6, maxNodes: 1e6, maxMillis: 100 } }, { clock: () => (now += 60) });
    const group = await kg.linkedGroup(scenario.probePerson);
    expect(group.truncatedBy).toContain('max_millis');
    expect(group.roundTrips).toBe(1);
  });
});
