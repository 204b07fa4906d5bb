import { describe, expect, it } from 'vitest';
import { applyEvents } from './applyEvents.ts';
import { guaranteeCircles, guaranteeCirclesMany } from './guaranteeCircles.ts';
import { MemoryGraphStore } from './memoryStore.ts';
import { guarantee, updates, uscc } from './testFixtures.ts';
import type { NodeId } from './types.ts';

const ent = (n: number): NodeId => `ent:${uscc(n)}`;
const options = { maxLength: 4, maxNodes: 1_000, maxMillis: 10_000, superNodeDegree: 500 };

describe('guarantee circles', () => {
  it('finds the shortest directed circle through the enterprise, in guarantee order', async () => {
    const store = new MemoryGraphStore();
    // 1 → 2 → 3 → 1 and a longer 1 → 4 → 5 → 6 → 1
    await applyEvents(store, updates(guarantee(1, 2), guarantee(2, 3), guarantee(3, 1), guarantee(1, 4), guarantee(4, 5), guarantee(5, 6), guarantee(6, 1)));
    const r = await guaranteeCircles(store, ent(1), options);
    expect(r).toMatchObject({ found: true, length: 3, cycle: [ent(1), ent(2), ent(3), ent(1)] });
  });

  it('finds a mutual guarantee (length 2) and nothing for a one-way chain', async () => {
    const store = new MemoryGraphStore();
    await applyEvents(store, updates(guarantee(1, 2), guarantee(2, 1), guarantee(3, 4), guarantee(4, 5)));
    const [mutual, chain] = await guaranteeCirclesMany(store, [ent(1), ent(3)], options);
    expect(mutual).toMatchObject({ found: true, length: 2 });
    expect(chain).toMatchObject({ found: false, length: 0, cycle: [], truncated: false });
  });

  it('does not follow guarantees against their direction', async () => {
    const store = new MemoryGraphStore();
    // 1 → 2, 3 → 2, 3 → 1: an undirected triangle, not a circle.
    await applyEvents(store, updates(guarantee(1, 2), guarantee(3, 2), guarantee(3, 1)));
    expect((await guaranteeCircles(store, ent(1), options)).found).toBe(false);
  });

  it('ignores circles longer than the limit and circles broken by a release', async () => {
    const store = new MemoryGraphStore();
    await applyEvents(store, updates(...[1, 2, 3, 4, 5].map((i) => guarantee(i, (i % 5) + 1))));
    expect((await guaranteeCircles(store, ent(1), options)).found).toBe(false);
    expect((await guaranteeCircles(store, ent(1), { ...options, maxLength: 5 })).length).toBe(5);
    await applyEvents(store, updates(guarantee(3, 4, 1, 'released')));
    expect((await guaranteeCircles(store, ent(1), { ...options, maxLength: 5 })).found).toBe(false);
  });
});
