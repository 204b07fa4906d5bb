import { describe, expect, it } from 'vitest';
import { applyEvents } from './applyEvents.ts';
import { KnowledgeGraph } from './knowledgeGraph.ts';
import { MemoryGraphStore } from './memoryStore.ts';
import { shortestPath } from './shortestPath.ts';
import { application, apps, guarantee, personRef, shareholder, tok, update, updates, uscc } from './testFixtures.ts';
import type { NodeId } from './types.ts';

const ent = (n: number): NodeId => `ent:${uscc(n)}`;
const limits = { maxHops: 6, maxNodes: 10_000, maxMillis: 10_000, superNodeDegree: 500 };

async function world(): Promise<MemoryGraphStore> {
  const store = new MemoryGraphStore();
  await applyEvents(store, updates(
    update('registry_change', 1, { registeredName: '星辰贸易有限公司' }),
    update('registry_change', 2, { registeredName: '海峡物流有限公司' }),
    // Short route: 1 ←[holds 35%]— person Zhang —[legal rep]→ 2
    shareholder(1, { person: 'zhang' }, 35),
    update('officer_change', 2, { officer: personRef('zhang'), role: 'legal_rep', action: 'appointed' }),
    // Long route: 1 → guarantees 3 → guarantees 4 → guarantees 2
    guarantee(1, 3, 2_000_000), guarantee(3, 4), guarantee(4, 2),
  ));
  return store;
}

describe('shortest relationship path', () => {
  it('takes the shortest route and records each edge with its direction and attributes', async () => {
    const r = await shortestPath(await world(), ent(1), ent(2), limits);
    const zhang = `person:${tok('id-zhang')}`;
    expect(r.found).toBe(true);
    expect(r.nodes).toEqual([ent(1), zhang, ent(2)]);
    expect(r.steps).toEqual([
      { from: ent(1), to: zhang, type: 'shareholder_of', forward: false, attrs: { pct: 35 } },
      { from: zhang, to: ent(2), type: 'legal_rep_of', forward: true, attrs: { role: 'legal_rep' } },
    ]);
    expect(r.truncated).toBe(false);
  });

  it('is symmetric in length and finds the long route when the short one is gone', async () => {
    const store = await world();
    expect((await shortestPath(store, ent(2), ent(1), limits)).hops).toBe(2);
    await applyEvents(store, updates(shareholder(1, { person: 'zhang' }, 0)));
    const r = await shortestPath(store, ent(1), ent(2), limits);
    expect(r.nodes).toEqual([ent(1), ent(3), ent(4), ent(2)]);
    expect(r.steps.every((s) => s.forward && s.type === 'guarantees')).toBe(true);
    expect((await shortestPath(store, ent(1), ent(2), { ...limits, maxHops: 2 })).found).toBe(false);
  });

  it('does not use application links (a shared phone is not a relationship path)', async () => {
    const store = new MemoryGraphStore();
    await applyEvents(store, apps(application({ person: 'a', ent: 10, phone: 'm' }), application({ person: 'b', ent: 11, phone: 'm' })));
    expect((await shortestPath(store, ent(10), ent(11), limits)).found).toBe(false);
  });

  it('explains the path in English and Chinese with names, edge labels and pseudonym tokens only', async () => {
    const kg = new KnowledgeGraph(await world());
    const r = await kg.path(ent(1), ent(2));
    const token = tok('id-zhang').slice(0, 12);
    expect(r.text?.en).toBe(`星辰贸易有限公司 [${uscc(1)}] ←[shareholder 35%]— person ${token}… —[legal rep]→ 海峡物流有限公司 [${uscc(2)}]`);
    expect(r.text?.zh).toBe(`星辰贸易有限公司 [${uscc(1)}] ←[持股 35%]— 自然人 ${token}… —[法定代表人]→ 海峡物流有限公司 [${uscc(2)}]`);
    const none = await kg.path(ent(1), ent(99));
    expect(none).toMatchObject({ found: false, text: null });
  });

  it('does not expand a super-node on the way and reports the search as truncated', async () => {
    const store = new MemoryGraphStore();
    // An agent who is officer of 30 companies links 1 and 2, but is a super-node at threshold 10.
    await applyEvents(store, updates(...Array.from({ length: 30 }, (_, i) => update('officer_change', i + 1, { officer: personRef('agent'), role: 'supervisor', action: 'appointed' }))));
    const r = await shortestPath(store, ent(1), ent(2), { ...limits, superNodeDegree: 10 });
    expect(r.found).toBe(false);
    expect(r.truncatedBy).toEqual(['super_node']);
    expect(r.superNodesSkipped).toEqual([`person:${tok('id-agent')}`]);
    expect((await shortestPath(store, ent(1), ent(2), limits)).hops).toBe(2);
  });
});
