/**
 * Guarantee circles (互保圈 / 联保圈): a directed cycle of guarantees through the enterprise —
 * A guarantees B, B guarantees C, C guarantees A. When one member defaults the guarantees
 * cascade round the circle, which is why regulators and banks check for them. Breadth-first
 * along outgoing guarantee edges finds the shortest cycle first.
 */
import { adjacencyPrefix } from './keys.ts';
import type { GraphStore } from './store.ts';
import { pathTo, traverseMany } from './traverse.ts';
import type { Completeness, NodeId } from './types.ts';

export interface GuaranteeCircle extends Completeness {
  readonly found: boolean;
  /** Enterprises round the circle starting and ending at the checked one; empty when none. */
  readonly cycle: readonly NodeId[];
  /** Guarantee edges in the cycle (0 when none). */
  readonly length: number;
}

export interface GuaranteeCircleOptions {
  /** Longest cycle looked for, in edges. */
  readonly maxLength: number;
  readonly maxNodes: number;
  readonly maxMillis: number;
  readonly superNodeDegree: number;
  readonly clock?: () => number;
}

/** Shortest guarantee circle through each enterprise, in lockstep (one round trip per cycle length). */
export async function guaranteeCirclesMany(store: GraphStore, enterprises: readonly NodeId[], options: GuaranteeCircleOptions): Promise<GuaranteeCircle[]> {
  // A node at hop h expanded to the start closes a cycle of h+1 edges, so hops up to maxLength-1
  // are expanded: maxHops = maxLength (nodes at maxHops are reached, not expanded).
  const results = await traverseMany(
    enterprises.map((ent) => ({ seeds: [ent], maxHops: options.maxLength, maxNodes: options.maxNodes, target: ent })),
    {
      store, prefixes: [adjacencyPrefix('guarantees', 'out')], superNodeDegree: options.superNodeDegree,
      maxMillis: options.maxMillis, clock: options.clock, freeKinds: [],
    },
  );
  return results.map((r, i) => {
    const start = enterprises[i] as NodeId;
    const base = { truncated: r.truncated, truncatedBy: r.truncatedBy, superNodesSkipped: r.superNodesSkipped };
    if (!r.hit) return { ...base, found: false, cycle: [], length: 0 };
    const cycle = [...pathTo(r.visited, r.hit.from).map((s) => s.node), start];
    // A found circle is certain; with truncation a shorter one may exist through what was skipped.
    return { ...base, found: true, cycle, length: cycle.length - 1 };
  });
}

/** Shortest guarantee circle through one enterprise. */
export async function guaranteeCircles(store: GraphStore, enterprise: NodeId, options: GuaranteeCircleOptions): Promise<GuaranteeCircle> {
  const [one] = await guaranteeCirclesMany(store, [enterprise], options);
  return one as GuaranteeCircle;
}
