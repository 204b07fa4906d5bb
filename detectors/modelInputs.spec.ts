import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../schemas/examples.ts';
import type { EventOf } from '../schemas/topics.ts';
import { application, tok } from './graph/testFixtures.ts';
import { KnowledgeGraph } from './graph/knowledgeGraph.ts';
import { MemoryGraphStore } from './graph/memoryStore.ts';
import { buildModelInputs, knownModelInputs } from './modelInputs.ts';

const app = (n: number, phone: string): EventOf<'applications'> => application({ person: `p${n}`, ent: n, phone });

describe('buildModelInputs', () => {
  it('merges rolling, event and graph features; an application sees the batch it arrives in', async () => {
    const graph = new KnowledgeGraph(new MemoryGraphStore());
    const { vectors, graphSignals } = await buildModelInputs(graph, [
      { topic: 'applications', event: app(1, 'shared'), features: { 'enterprise.inflow_sum_7d': 5 } },
      { topic: 'applications', event: app(2, 'shared'), features: {} },
      { topic: 'transactions', event: { ...EXAMPLES.transactions, accountId: tok('acct'), counterpartyAccount: tok('cp'), counterpartyName: tok('cpn') }, features: { 'enterprise.inflow_sum_7d': 7 } },
    ]);
    expect(vectors[0]?.['enterprise.inflow_sum_7d']).toBe(5);
    expect(vectors[0]?.['event.app_face_match']).toBe(0.97);
    expect(vectors[1]?.['graph.sharedPhoneApplicants']).toBeGreaterThanOrEqual(1);
    expect(graphSignals.has(2)).toBe(false);
    expect(Object.keys(vectors[2] ?? {}).some((k) => k.startsWith('graph.'))).toBe(false);
    expect(vectors[2]?.['event.txn_out']).toBe(1);
  });

  it('names every input a model may read', () => {
    const names = new Set(knownModelInputs());
    expect(names.has('graph.linkedGroupSize')).toBe(true);
    expect(names.has('event.app_face_match')).toBe(true);
    expect(names.has('linkedGroupSize')).toBe(false);
  });
});
