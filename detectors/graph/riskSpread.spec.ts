import { describe, expect, it } from 'vitest';
import { graphConfig } from './config.ts';
import { MemoryGraphStore } from './memoryStore.ts';
import type { GraphMutation } from './mutations.ts';
import { riskSpread, spreadRisk } from './riskSpread.ts';
import type { TraversalResult } from './traverse.ts';
import type { EdgeType, FlagKind, NodeId } from './types.ts';

const edge = (from: NodeId, type: EdgeType, to: NodeId): GraphMutation => ({ op: 'addEdge', from, type, to, timeMs: 1 });
const flag = (node: NodeId, f: FlagKind): GraphMutation => ({ op: 'setFlag', node, flag: f, timeMs: 1 });
const weights = graphConfig().flagWeights;
const limits = { maxHops: 3, maxNodes: 1_000, maxMillis: 10_000, superNodeDegree: 500, weights, decay: 0.5 };

describe('risk spread', () => {
  it('sums weight × decay^hops over flagged linked nodes, with the path to each', async () => {
    const store = new MemoryGraphStore();
    // A — officer P — B (defaulted, 2 hops);  A ← guarantees — C (fraud, 1 hop)
    await store.apply([
      edge('person:P', 'officer_of', 'ent:A'), edge('person:P', 'officer_of', 'ent:B'), edge('ent:C', 'guarantees', 'ent:A'),
      flag('ent:B', 'defaulted'), flag('ent:C', 'fraud_confirmed'),
    ]);
    const r = await riskSpread(store, 'ent:A', limits);
    expect(r.score).toBeCloseTo(weights.fraud_confirmed * 0.5 + weights.defaulted * 0.25, 10);
    expect(r.flaggedCount).toBe(2);
    expect(r.nearestHops).toBe(1);
    expect(r.contributions.map((c) => [c.node, c.hops])).toEqual([['ent:C', 1], ['ent:B', 2]]);
    expect(r.contributions[1]?.path.map((s) => s.node)).toEqual(['ent:A', 'person:P', 'ent:B']);
    expect(r.contributions[1]?.path[1]?.via).toEqual({ type: 'officer_of', direction: 'in', other: 'person:P' });
  });

  it('counts a node once at its heaviest flag, ignores zero-weight flags and the start itself', async () => {
    const store = new MemoryGraphStore();
    await store.apply([
      edge('ent:A', 'transfers_to', 'ent:B'), edge('ent:A', 'transfers_to', 'ent:C'),
      flag('ent:A', 'fraud_confirmed'), flag('ent:B', 'abnormal_operation'), flag('ent:B', 'dishonest_debtor'), flag('ent:C', 'litigation_defendant'),
    ]);
    const r = await riskSpread(store, 'ent:A', limits);
    expect(r.contributions.map((c) => [c.node, c.flags])).toEqual([['ent:B', ['abnormal_operation', 'dishonest_debtor']]]);
    expect(r.score).toBeCloseTo(weights.dishonest_debtor * 0.5, 10);
  });

  it('decays more steeply with a smaller factor (pure scoring)', () => {
    const traversal: TraversalResult = {
      visited: new Map([
        ['ent:A', { hops: 0, parent: null, via: null }],
        ['ent:B', { hops: 2, parent: 'ent:A', via: { type: 'transfers_to', direction: 'out', other: 'ent:B' } }],
      ]),
      hit: null, roundTrips: 1, elapsedMs: 0, truncated: false, truncatedBy: [], superNodesSkipped: [],
    };
    const flags = new Map<NodeId, Partial<Record<FlagKind, number>>>([['ent:B', { defaulted: 1 }]]);
    const at = (decay: number) => spreadRisk(traversal, flags, { weights, decay, exclude: new Set(['ent:A']), maxContributions: 5 }).score;
    expect(at(0.5)).toBeCloseTo(0.8 * 0.25, 10);
    expect(at(0.2)).toBeCloseTo(0.8 * 0.04, 10);
  });

  it('finds nothing and scores 0 where nothing is flagged', async () => {
    const store = new MemoryGraphStore();
    await store.apply([edge('ent:A', 'transfers_to', 'ent:B')]);
    const r = await riskSpread(store, 'ent:A', limits);
    expect(r).toMatchObject({ score: 0, flaggedCount: 0, nearestHops: -1, contributions: [] });
  });
});
