/**
 * One conformance suite for every GraphStore: the Redis store (integration spec) and the
 * in-memory store (unit spec) must answer alike. Node ids carry a random namespace so runs can
 * share one Redis server with other tests without flushing it.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { adjacencyPrefix } from './keys.ts';
import type { GraphStore } from './store.ts';
import type { NodeId } from './types.ts';

const DAY = 86_400_000;

export function graphStoreConformance(name: string, makeStore: (options: { useRetentionMs: number }) => Promise<GraphStore>): void {
  describe(`GraphStore conformance: ${name}`, () => {
    const fresh = async () => {
      const ns = randomUUID().slice(0, 8);
      const node = (kind: string, key: string): NodeId => `${kind}:${ns}-${key}` as NodeId;
      const store = await makeStore({ useRetentionMs: 10 * DAY });
      return { store, node };
    };
    const wide = { superNodeDegree: 1_000, limit: 1_000 };

    it('stores an edge at both ends with its attributes, and removes it from both', async () => {
      const { store, node } = await fresh();
      const p = node('person', 'p');
      const e = node('ent', 'e');
      await store.apply([{ op: 'addEdge', from: p, type: 'shareholder_of', to: e, timeMs: 5, attrs: { pct: 35 } }]);
      const reads = await store.neighbours([p, e], wide);
      expect(reads.get(p)?.edges).toEqual([{ type: 'shareholder_of', direction: 'out', other: e }]);
      expect(reads.get(e)?.edges).toEqual([{ type: 'shareholder_of', direction: 'in', other: p }]);
      expect(await store.edgeAttrs([{ from: p, type: 'shareholder_of', to: e }])).toEqual([{ pct: 35 }]);
      await store.apply([{ op: 'removeEdge', from: p, type: 'shareholder_of', to: e }]);
      expect([...(await store.degrees([p, e])).values()]).toEqual([0, 0]);
      expect(await store.edgeAttrs([{ from: p, type: 'shareholder_of', to: e }])).toEqual([null]);
      await store.close();
    });

    it('is idempotent: applying the same edges twice leaves the same degrees', async () => {
      const { store, node } = await fresh();
      const app = node('app', 'a');
      const batch = [node('phone', 'x'), node('device', 'd'), node('ip', 'i')].map((to) => ({ op: 'addEdge' as const, from: app, type: 'applied_with' as const, to, timeMs: 1 }));
      await store.apply(batch);
      await store.apply(batch);
      expect((await store.degrees([app])).get(app)).toBe(3);
      await store.close();
    });

    it('reads most recent first, honours limit, prefixes and the super-node guard', async () => {
      const { store, node } = await fresh();
      const hub = node('ent', 'hub');
      const others = [0, 1, 2, 3, 4].map((i) => node('ent', `o${i}`));
      await store.apply(others.map((o, i) => ({ op: 'addEdge' as const, from: hub, type: i % 2 === 0 ? 'guarantees' as const : 'transfers_to' as const, to: o, timeMs: 100 + i })));
      await store.apply([{ op: 'addEdge', from: others[0] as NodeId, type: 'guarantees', to: hub, timeMs: 50 }]);

      const all = (await store.neighbours([hub], wide)).get(hub);
      expect(all?.degree).toBe(6);
      expect(all?.edges.map((e) => e.other)).toEqual([others[4], others[3], others[2], others[1], others[0], others[0]]);
      expect(all?.edges.at(-1)).toEqual({ type: 'guarantees', direction: 'in', other: others[0] });

      const limited = (await store.neighbours([hub], { superNodeDegree: 1_000, limit: 2 })).get(hub);
      expect(limited?.edges.map((e) => e.other)).toEqual([others[4], others[3]]);
      expect(limited?.limited).toBe(true);

      const out = (await store.neighbours([hub], { ...wide, prefixes: [adjacencyPrefix('guarantees', 'out')] })).get(hub);
      expect(out?.edges.map((e) => e.other)).toEqual([others[4], others[2], others[0]]);
      expect(out?.limited).toBe(false);
      const outLimited = (await store.neighbours([hub], { superNodeDegree: 1_000, limit: 2, prefixes: [adjacencyPrefix('guarantees', 'out')] })).get(hub);
      expect(outLimited?.edges).toHaveLength(2);
      expect(outLimited?.limited).toBe(true);

      const guarded = (await store.neighbours([hub, others[1] as NodeId], { superNodeDegree: 5, limit: 100 }));
      expect(guarded.get(hub)).toEqual({ degree: 6, superNode: true, edges: [], limited: false });
      expect(guarded.get(others[1] as NodeId)?.superNode).toBe(false);
      expect(guarded.get(others[1] as NodeId)?.edges).toEqual([{ type: 'transfers_to', direction: 'in', other: hub }]);

      const missing = (await store.neighbours([node('ent', 'nobody')], wide)).get(node('ent', 'nobody'));
      expect(missing).toEqual({ degree: 0, superNode: false, edges: [], limited: false });
      await store.close();
    });

    it('keeps an edge at its latest time when re-added with an older one', async () => {
      const { store, node } = await fresh();
      const a = node('ent', 'a');
      const [b, c] = [node('ent', 'b'), node('ent', 'c')];
      await store.apply([
        { op: 'addEdge', from: a, type: 'transfers_to', to: b, timeMs: 300 },
        { op: 'addEdge', from: a, type: 'transfers_to', to: c, timeMs: 200 },
        { op: 'addEdge', from: a, type: 'transfers_to', to: b, timeMs: 100 },
      ]);
      expect((await store.neighbours([a], wide)).get(a)?.edges.map((e) => e.other)).toEqual([b, c]);
      await store.close();
    });

    it('sets and clears flags with their times', async () => {
      const { store, node } = await fresh();
      const e = node('ent', 'e');
      await store.apply([
        { op: 'setFlag', node: e, flag: 'dishonest_debtor', timeMs: 10 },
        { op: 'setFlag', node: e, flag: 'defaulted', timeMs: 20 },
        { op: 'clearFlag', node: e, flag: 'dishonest_debtor' },
      ]);
      const flags = await store.flags([e, node('ent', 'clean')]);
      expect(flags.get(e)).toEqual({ defaulted: 20 });
      expect(flags.get(node('ent', 'clean'))).toEqual({});
      await store.close();
    });

    it('replaces a single-valued link: the old registry phone loses its edge and its registration', async () => {
      const { store, node } = await fresh();
      const e = node('ent', 'e');
      const [p1, p2, p3] = [node('phone', '1'), node('phone', '2'), node('phone', '3')];
      const link = (value: NodeId, timeMs: number) => ({ op: 'replaceLink' as const, node: e, prop: 'regPhone' as const, value, type: 'registered_phone' as const, valueIsSource: false, timeMs, useRole: 'regent' as const });
      await store.apply([link(p1, 1)]);
      // Two changes in one batch: only the last survives.
      await store.apply([link(p2, 2), link(p3, 3), { op: 'setProp', node: e, prop: 'name', value: '星辰贸易' }]);
      expect((await store.neighbours([e], wide)).get(e)?.edges).toEqual([{ type: 'registered_phone', direction: 'out', other: p3 }]);
      expect([...(await store.degrees([p1, p2, p3])).values()]).toEqual([0, 0, 1]);
      expect((await store.props([e])).get(e)).toEqual({ regPhone: p3, name: '星辰贸易' });
      const uses = await store.listUses([p1, p2, p3].map((identifier) => ({ identifier, role: 'regent' as const, limit: 10 })));
      expect(uses.map((u) => u.total)).toEqual([0, 0, 1]);
      expect(uses[2]?.members).toEqual([e]);
      await store.close();
    });

    it('replaces a link whose value is the edge source (legal representative → enterprise)', async () => {
      const { store, node } = await fresh();
      const e = node('ent', 'e');
      const [a, b] = [node('person', 'a'), node('person', 'b')];
      const link = (value: NodeId, timeMs: number) => ({ op: 'replaceLink' as const, node: e, prop: 'legalRep' as const, value, type: 'legal_rep_of' as const, valueIsSource: true, timeMs });
      await store.apply([link(a, 1)]);
      await store.apply([link(b, 2)]);
      expect((await store.neighbours([e], wide)).get(e)?.edges).toEqual([{ type: 'legal_rep_of', direction: 'in', other: b }]);
      expect((await store.degrees([a])).get(a)).toBe(0);
      await store.close();
    });

    it('counts uses in a window, without the excluded members', async () => {
      const { store, node } = await fresh();
      const device = node('device', 'd');
      const people = [0, 1, 2, 3].map((i) => node('person', `p${i}`));
      await store.apply(people.map((member, i) => ({ op: 'recordUse' as const, identifier: device, role: 'person' as const, member, timeMs: DAY * (i + 1) })));
      const counts = await store.countUses([
        { identifier: device, role: 'person', fromMs: DAY * 2, toMs: DAY * 4, exclude: [] },
        { identifier: device, role: 'person', fromMs: DAY * 2, toMs: DAY * 4, exclude: [people[3] as NodeId, people[0] as NodeId] },
        { identifier: device, role: 'ent', fromMs: 0, toMs: DAY * 9, exclude: [] },
        { identifier: node('device', 'unused'), role: 'person', fromMs: 0, toMs: DAY * 9, exclude: [people[0] as NodeId] },
      ]);
      expect(counts).toEqual([3, 2, 0, 0]);
      const [list] = await store.listUses([{ identifier: device, role: 'person', limit: 2 }]);
      expect(list).toEqual({ total: 4, members: [people[3], people[2]] });
      await store.close();
    });

    it('ages out person and enterprise uses past retention, but never registry links', async () => {
      const { store, node } = await fresh();
      const phone = node('phone', 'x');
      const [old, recent] = [node('person', 'old'), node('person', 'recent')];
      const ent = node('ent', 'e');
      await store.apply([
        { op: 'recordUse', identifier: phone, role: 'person', member: old, timeMs: DAY },
        { op: 'recordUse', identifier: phone, role: 'regent', member: ent, timeMs: DAY },
        { op: 'recordUse', identifier: phone, role: 'person', member: recent, timeMs: 20 * DAY },
        { op: 'recordUse', identifier: phone, role: 'regent', member: node('ent', 'late'), timeMs: 20 * DAY },
      ]);
      const counts = await store.countUses([
        { identifier: phone, role: 'person', fromMs: 0, toMs: 30 * DAY, exclude: [] },
        { identifier: phone, role: 'regent', fromMs: 0, toMs: 30 * DAY, exclude: [] },
      ]);
      expect(counts).toEqual([1, 2]);
      const lists = await store.listUses([{ identifier: phone, role: 'person', limit: 10 }]);
      expect(lists[0]).toEqual({ total: 1, members: [recent] });
      await store.close();
    });
  });
}
