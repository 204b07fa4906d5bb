import { describe, expect, it } from 'vitest';
import { applyEvents } from './applyEvents.ts';
import { linkedGroup } from './linkedGroup.ts';
import { MemoryGraphStore } from './memoryStore.ts';
import { application, apps, shareholder, tok, updates, uscc } from './testFixtures.ts';

const limits = { maxHops: 2, maxNodes: 1_000, maxMillis: 10_000, superNodeDegree: 500, membersCap: 100 };

describe('linked group', () => {
  it('finds the people and companies tied to an applicant through a shared device and equity', async () => {
    const store = new MemoryGraphStore();
    await applyEvents(store, [
      ...apps(application({ person: 'a', ent: 1, device: 'D' }), application({ person: 'b', ent: 2, device: 'D' })),
      ...updates(shareholder(3, { person: 'b' }, 60)),
    ]);
    const group = await linkedGroup(store, `person:${tok('id-a')}`, limits);
    const members = new Map(group.members.map((m) => [m.node, m.hops]));
    expect(members.get('device:D')).toBe(1);
    expect(members.get(`ent:${uscc(1)}`)).toBe(1);
    expect(members.get(`person:${tok('id-b')}`)).toBe(2);
    expect(members.get(`ent:${uscc(2)}`)).toBe(2);
    // b's other company is three hops away: outside the group at maxHops 2.
    expect(members.has(`ent:${uscc(3)}`)).toBe(false);
    expect(group.byKind.person).toBe(2);
    expect(group.members.some((m) => m.node.startsWith('app:'))).toBe(false);
    expect(group.size).toBe(group.members.length);
    expect(group.truncated).toBe(false);

    const wider = await linkedGroup(store, `person:${tok('id-a')}`, { ...limits, maxHops: 3 });
    expect(wider.members.find((m) => m.node === `ent:${uscc(3)}`)?.hops).toBe(3);
  });

  it('lists at most membersCap members but counts them all', async () => {
    const store = new MemoryGraphStore();
    await applyEvents(store, apps(...Array.from({ length: 8 }, (_, i) => application({ person: `p${i}`, ent: i, device: 'D' }))));
    const group = await linkedGroup(store, 'device:D', { ...limits, membersCap: 3 });
    expect(group.members).toHaveLength(3);
    expect(group.members[0]).toEqual({ node: 'device:D', hops: 0 });
    expect(group.byKind.person).toBe(8);
    expect(group.byKind.ent).toBe(8);
  });
});
