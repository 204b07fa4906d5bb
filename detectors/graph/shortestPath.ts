/**
 * Shortest relationship path between two nodes (usually enterprises) through equity, officer,
 * guarantee and litigation edges, by bidirectional breadth-first search: each round expands the
 * smaller frontier by one level, and the first level on which the two searches meet gives the
 * shortest path (the minimum over all meeting nodes of that level). Bounded in hops, nodes and
 * time; super-nodes are not expanded.
 */
import { adjacencyPrefix } from './keys.ts';
import type { GraphStore } from './store.ts';
import { defaultClock, type Visit } from './traverse.ts';
import {
  RELATIONSHIP_EDGE_TYPES, type Completeness, type EdgeAttrs, type EdgeRef, type EdgeType, type NodeId, type TraversalLimits, type TruncationReason,
} from './types.ts';

/** One edge of a path, in walking order. */
export interface PathStep {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly type: EdgeType;
  /** True when the stored edge runs from → to (shareholder → company); false when walked against it. */
  readonly forward: boolean;
  readonly attrs: EdgeAttrs | null;
}

export interface RelationshipPath extends Completeness {
  readonly found: boolean;
  /** Nodes from `a` to `b`; empty when not found. */
  readonly nodes: readonly NodeId[];
  readonly steps: readonly PathStep[];
  readonly hops: number;
  readonly visitedNodes: number;
  readonly roundTrips: number;
  readonly elapsedMs: number;
}

export interface ShortestPathOptions extends TraversalLimits {
  readonly superNodeDegree: number;
  /** Edge types the path may use; default equity, officer, legal rep, guarantee, litigation. */
  readonly edgeTypes?: readonly EdgeType[];
  readonly clock?: () => number;
}

interface Side {
  readonly visited: Map<NodeId, Visit>;
  frontier: NodeId[];
  depth: number;
}

/** Shortest path from `a` to `b` within the limits. */
export async function shortestPath(store: GraphStore, a: NodeId, b: NodeId, options: ShortestPathOptions): Promise<RelationshipPath> {
  const clock = options.clock ?? defaultClock;
  const started = clock();
  const deadline = started + options.maxMillis;
  const prefixes = (options.edgeTypes ?? RELATIONSHIP_EDGE_TYPES).map((t) => adjacencyPrefix(t));
  const truncatedBy = new Set<TruncationReason>();
  const superNodes = new Set<NodeId>();
  const sideA: Side = { visited: new Map([[a, { hops: 0, parent: null, via: null }]]), frontier: [a], depth: 0 };
  const sideB: Side = { visited: new Map([[b, { hops: 0, parent: null, via: null }]]), frontier: [b], depth: 0 };
  let roundTrips = 0;
  let meeting: NodeId | null = a === b ? a : null;

  const finish = async (): Promise<RelationshipPath> => {
    const base = {
      // Even with a path found, a skipped super-node may hide a shorter one: say so.
      truncated: truncatedBy.size > 0,
      truncatedBy: [...truncatedBy],
      superNodesSkipped: [...superNodes],
      visitedNodes: sideA.visited.size + sideB.visited.size - (a === b ? 1 : 0),
      roundTrips,
    };
    if (meeting === null) return { ...base, found: false, nodes: [], steps: [], hops: 0, elapsedMs: clock() - started };
    const { nodes, steps } = joinPath(sideA.visited, sideB.visited, meeting);
    const attrs = steps.length > 0
      ? await store.edgeAttrs(steps.map((s) => (s.forward ? { from: s.from, type: s.type, to: s.to } : { from: s.to, type: s.type, to: s.from })))
      : [];
    if (steps.length > 0) roundTrips++;
    return {
      ...base, roundTrips, found: true, nodes, hops: steps.length, elapsedMs: clock() - started,
      steps: steps.map((s, i) => ({ ...s, attrs: attrs[i] ?? null })),
    };
  };

  while (meeting === null && sideA.frontier.length > 0 && sideB.frontier.length > 0 && sideA.depth + sideB.depth < options.maxHops) {
    if (clock() > deadline) {
      truncatedBy.add('max_millis');
      break;
    }
    const [side, other] = sideA.frontier.length <= sideB.frontier.length ? [sideA, sideB] : [sideB, sideA];
    const room = options.maxNodes - sideA.visited.size - sideB.visited.size;
    const limit = Math.max(1, Math.min(options.superNodeDegree, room + 1));
    const reads = await store.neighbours(side.frontier, { prefixes, superNodeDegree: options.superNodeDegree, limit });
    roundTrips++;
    const next: NodeId[] = [];
    const meetings: NodeId[] = [];
    let full = false;
    level: for (const node of side.frontier) {
      const read = reads.get(node);
      if (!read) continue;
      if (read.superNode) {
        superNodes.add(node);
        truncatedBy.add('super_node');
        continue;
      }
      if (read.limited) truncatedBy.add('neighbour_limit');
      for (const edge of read.edges) {
        if (side.visited.has(edge.other)) continue;
        if (sideA.visited.size + sideB.visited.size >= options.maxNodes) {
          truncatedBy.add('max_nodes');
          full = true;
          break level;
        }
        side.visited.set(edge.other, { hops: side.depth + 1, parent: node, via: edge });
        next.push(edge.other);
        if (other.visited.has(edge.other)) meetings.push(edge.other);
      }
    }
    side.depth++;
    side.frontier = next;
    if (meetings.length > 0) {
      // Every meeting node of this level is side.depth away on this side; take the one nearest the other end.
      meeting = meetings.reduce((best, m) => ((other.visited.get(m)?.hops ?? Infinity) < (other.visited.get(best)?.hops ?? Infinity) ? m : best));
    }
    if (full) break;
  }
  return finish();
}

/** Joins the two half-paths at the meeting node into one walk from a to b. */
function joinPath(fromA: ReadonlyMap<NodeId, Visit>, fromB: ReadonlyMap<NodeId, Visit>, meeting: NodeId): { nodes: NodeId[]; steps: Array<Omit<PathStep, 'attrs'>> } {
  const left: Array<{ node: NodeId; via: EdgeRef | null; parent: NodeId | null }> = [];
  for (let n: NodeId | null = meeting; n !== null;) {
    const v: Visit | undefined = fromA.get(n);
    if (!v) break;
    left.push({ node: n, via: v.via, parent: v.parent });
    n = v.parent;
  }
  left.reverse();
  const nodes: NodeId[] = left.map((l) => l.node);
  const steps: Array<Omit<PathStep, 'attrs'>> = [];
  for (const l of left) {
    // Read from the parent: 'out' means the stored edge runs parent → node, the walking direction.
    if (l.parent !== null && l.via) steps.push({ from: l.parent, to: l.node, type: l.via.type, forward: l.via.direction === 'out' });
  }
  for (let n: NodeId = meeting; ;) {
    const v: Visit | undefined = fromB.get(n);
    if (!v || v.parent === null || !v.via) break;
    // Read from the parent (nearer b), walked from n to the parent: forward when the edge runs n → parent,
    // i.e. when the parent saw it as incoming.
    steps.push({ from: n, to: v.parent, type: v.via.type, forward: v.via.direction === 'in' });
    nodes.push(v.parent);
    n = v.parent;
  }
  return { nodes, steps };
}
