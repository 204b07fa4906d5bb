import { describe, expect, it } from 'vitest';
import { MemoryGraphStore } from './memoryStore.ts';
import type { GraphMutation } from './mutations.ts';
import type { GraphStore, NeighbourQuery } from './store.ts';
import { pathTo, traverseMany } from './traverse.ts';
import type { EdgeType, NodeId } from './types.ts';

const edge = (from: NodeId, type: EdgeType, to: NodeId, timeMs = 1): GraphMutation => ({ op: 'addEdge', from, type, to, timeMs });

/** A store that counts `neighbours` calls (round trips on Redis). */
function counting(inner: GraphStore): GraphStore & { calls: number } {
  const wrapper = Object.create(inner) as GraphStore & { calls: number };
  wrapper.calls = 0;
  wrapper.neighbours = async (nodes: readonly NodeId[], q: NeighbourQuery) => {
    wrapper.calls++;
    return inner.neighbours(nodes, q);
  };
  return wrapper;
}

async function ringStore(): Promise<MemoryGraphStore> {
  // Two applicants share a phone through their applications; the second also owns a company.
  const store = new MemoryGraphStore();
  await store.apply([
    edge('app:1', 'applied_with', 'person:a'), edge('app:1', 'applied_with', 'phone:x'),
    edge('app:2', 'applied_with', 'person:b'), edge('app:2', 'applied_with', 'phone:x'),
    edge('person:b', 'shareholder_of', 'ent:B'),
  ]);
  return store;
}

const env = (store: GraphStore, extra: Partial<Parameters<typeof traverseMany>[1]> = {}) => ({ store, prefixes: [], superNodeDegree: 100, maxMillis: 10_000, ...extra });

describe('bounded traversal', () => {
  it('counts no hop for entering an application, so sharing a phone is one hop', async () => {
    const [r] = await traverseMany([{ seeds: ['person:a'], maxHops: 3, maxNodes: 100 }], env(await ringStore()));
    const hops = Object.fromEntries([...(r?.visited ?? [])].map(([n, v]) => [n, v.hops]));
    expect(hops).toEqual({ 'person:a': 0, 'app:1': 0, 'phone:x': 1, 'app:2': 1, 'person:b': 2, 'ent:B': 3 });
    expect(pathTo(r!.visited, 'ent:B').map((s) => s.node)).toEqual(['person:a', 'app:1', 'phone:x', 'app:2', 'person:b', 'ent:B']);
    expect(r?.truncated).toBe(false);
  });

  it('stops at the hop limit without calling that truncation', async () => {
    const [r] = await traverseMany([{ seeds: ['person:a'], maxHops: 1, maxNodes: 100 }], env(await ringStore()));
    // Nodes at the limit are not expanded, so the other application behind the phone is not read.
    expect([...r!.visited.keys()].sort()).toEqual(['app:1', 'person:a', 'phone:x']);
    expect(r?.truncated).toBe(false);
  });

  it('stops at maxNodes and says so', async () => {
    const [r] = await traverseMany([{ seeds: ['person:a'], maxHops: 5, maxNodes: 3 }], env(await ringStore()));
    expect(r?.visited.size).toBe(3);
    expect(r?.truncatedBy).toContain('max_nodes');
  });

  it('stops when the clock passes the budget, checking before each round trip', async () => {
    const store = counting(await ringStore());
    let now = 0;
    // Each read of the clock advances it 40 ms; the budget is 60 ms.
    const [r] = await traverseMany([{ seeds: ['person:a'], maxHops: 5, maxNodes: 100 }], env(store, { maxMillis: 60, clock: () => (now += 40) }));
    expect(r?.truncatedBy).toEqual(['max_millis']);
    // Started at 40, deadline 100; rounds checked at 80 (go) and 120 (stop): one round trip ran.
    expect(store.calls).toBe(1);
    expect(r?.visited.has('person:b')).toBe(false);
  });

  it('reaches but does not expand a super-node', async () => {
    const store = new MemoryGraphStore();
    await store.apply([edge('app:1', 'applied_with', 'ip:pub'), ...Array.from({ length: 20 }, (_, i) => edge(`app:x${i}` as NodeId, 'applied_with', 'ip:pub'))]);
    const [r] = await traverseMany([{ seeds: ['app:1'], maxHops: 3, maxNodes: 100 }], env(store, { superNodeDegree: 10 }));
    expect([...r!.visited.keys()].sort()).toEqual(['app:1', 'ip:pub']);
    expect(r?.superNodesSkipped).toEqual(['ip:pub']);
    expect(r?.truncatedBy).toEqual(['super_node']);
  });

  it('runs many traversals in lockstep: round trips do not grow with the batch', async () => {
    const store = counting(await ringStore());
    await traverseMany([{ seeds: ['person:a'], maxHops: 3, maxNodes: 100 }], env(store));
    const single = store.calls;
    store.calls = 0;
    const seeds: NodeId[] = ['person:a', 'person:b', 'ent:B', 'phone:x', 'app:1', 'app:2'];
    const results = await traverseMany(seeds.map((s) => ({ seeds: [s], maxHops: 3, maxNodes: 100 })), env(store));
    expect(results).toHaveLength(6);
    expect(store.calls).toBeLessThanOrEqual(single + 2);
    expect(results[2]?.visited.get('person:a')?.hops).toBe(3);
  });

  it('starts outer seeds one hop out, as if walked through their application', async () => {
    const [r] = await traverseMany([{ seeds: ['person:b'], outerSeeds: ['phone:x'], maxHops: 1, maxNodes: 100 }], env(await ringStore()));
    expect(r?.visited.get('phone:x')?.hops).toBe(1);
    expect(r?.visited.get('ent:B')?.hops).toBe(1);
    // phone:x sits at the hop limit, so person:a behind it is not reached.
    expect(r?.visited.has('person:a')).toBe(false);
  });

  it('follows only the edge prefixes given', async () => {
    const [r] = await traverseMany([{ seeds: ['person:b'], maxHops: 3, maxNodes: 100 }], env(await ringStore(), { prefixes: ['shareholder_of|'] }));
    expect([...r!.visited.keys()]).toEqual(['person:b', 'ent:B']);
  });
});
