/**
 * Bounded breadth-first traversal, many at once in lockstep. Each round reads the neighbours of
 * every node due for expansion, across all traversals, with one `store.neighbours` call (one
 * pipelined round trip on Redis), so a batch of applications costs a few round trips per hop,
 * not one per node.
 *
 * Bounds: hops, visited nodes, and a wall-clock budget checked before each round (so the
 * overshoot is at most one round trip). Nodes at the hop limit are reached but not expanded, so
 * applications hanging off them are not listed (reading the whole boundary level for them would
 * cost one more round trip over the largest level). Nodes above the degree threshold are reached but not
 * expanded. Whatever stops a traversal early is reported in `truncatedBy`.
 *
 * Application nodes are "free": entering one costs no hop, because an application only joins its
 * parties — an applicant and the phone they applied with are one hop apart, as are two
 * applicants sharing that phone's applications (0-1 BFS, done level by level).
 */
import { kindOf } from './nodes.ts';
import type { GraphStore } from './store.ts';
import type { Completeness, EdgeRef, NodeId, NodeKind, TruncationReason } from './types.ts';

/** How a node was first reached. */
export interface Visit {
  readonly hops: number;
  readonly parent: NodeId | null;
  /** The edge from the parent to this node, as read from the parent. */
  readonly via: EdgeRef | null;
}

export interface TraversalSpec {
  /** Start nodes, at hop 0. */
  readonly seeds: readonly NodeId[];
  /**
   * Start nodes one hop out: an application's identifiers, since an applicant is one hop from the
   * phone or device they applied with, as if the traversal had walked through the application.
   */
  readonly outerSeeds?: readonly NodeId[];
  readonly maxHops: number;
  readonly maxNodes: number;
  /**
   * Stop as soon as an edge leads to this node, even if it was already visited, and report the
   * edge as `hit` (a guarantee cycle back to the seed).
   */
  readonly target?: NodeId;
}

export interface TraversalEnv {
  readonly store: GraphStore;
  /** Adjacency prefixes to follow; empty = every edge. */
  readonly prefixes: readonly string[];
  readonly superNodeDegree: number;
  /** Budget for the whole batch, from the first round. */
  readonly maxMillis: number;
  /** Kinds that cost no hop to enter (default: application nodes). */
  readonly freeKinds?: readonly NodeKind[];
  /** Milliseconds clock; injectable so budget tests need no real waiting. */
  readonly clock?: () => number;
}

export interface TraversalResult extends Completeness {
  readonly visited: ReadonlyMap<NodeId, Visit>;
  /** With `target`: the node whose edge reached the target, and that edge. */
  readonly hit: { readonly from: NodeId; readonly edge: EdgeRef } | null;
  readonly roundTrips: number;
  readonly elapsedMs: number;
}

interface State {
  readonly spec: TraversalSpec;
  readonly visited: Map<NodeId, Visit>;
  queue: NodeId[];
  next: NodeId[];
  readonly truncatedBy: Set<TruncationReason>;
  readonly superNodes: Set<NodeId>;
  hit: { from: NodeId; edge: EdgeRef } | null;
  done: boolean;
}

export const defaultClock = (): number => performance.now();

/** Runs every traversal to its bounds; results are in the order of `specs`. */
export async function traverseMany(specs: readonly TraversalSpec[], env: TraversalEnv): Promise<TraversalResult[]> {
  const clock = env.clock ?? defaultClock;
  const free = new Set<NodeKind>(env.freeKinds ?? ['app']);
  const started = clock();
  const deadline = started + env.maxMillis;
  const states: State[] = specs.map((spec) => {
    const visited = new Map<NodeId, Visit>();
    const queue: NodeId[] = [];
    const next: NodeId[] = [];
    for (const [list, hops, into] of [[spec.seeds, 0, queue], [spec.outerSeeds ?? [], 1, next]] as const) {
      for (const seed of list) {
        if (visited.has(seed) || visited.size >= spec.maxNodes) continue;
        visited.set(seed, { hops, parent: null, via: null });
        if (hops < spec.maxHops) into.push(seed);
      }
    }
    return {
      spec, visited, queue: queue.length > 0 ? queue : next, next: queue.length > 0 ? next : [],
      truncatedBy: new Set(), superNodes: new Set(), hit: null, done: false,
    };
  });
  let roundTrips = 0;

  for (;;) {
    const active = states.filter((s) => !s.done && s.queue.length > 0);
    if (active.length === 0) break;
    if (clock() > deadline) {
      for (const s of active) s.truncatedBy.add('max_millis');
      break;
    }
    const due = [...new Set(active.flatMap((s) => s.queue))];
    // No node needs more neighbours than its traversal has room for (+1 to see that more exist).
    const room = Math.max(...active.map((s) => s.spec.maxNodes - s.visited.size)) + 1;
    const limit = Math.max(1, Math.min(env.superNodeDegree, room));
    const reads = await env.store.neighbours(due, { prefixes: env.prefixes, superNodeDegree: env.superNodeDegree, limit });
    roundTrips++;

    for (const s of active) {
      const expanding = s.queue;
      s.queue = [];
      expand: for (const node of expanding) {
        const read = reads.get(node);
        const from = s.visited.get(node);
        if (!read || !from) continue;
        if (read.superNode) {
          s.superNodes.add(node);
          s.truncatedBy.add('super_node');
          continue;
        }
        if (read.limited) s.truncatedBy.add('neighbour_limit');
        for (const edge of read.edges) {
          if (s.spec.target !== undefined && edge.other === s.spec.target) {
            s.hit = { from: node, edge };
            s.done = true;
            break expand;
          }
          if (s.visited.has(edge.other)) continue;
          if (s.visited.size >= s.spec.maxNodes) {
            s.truncatedBy.add('max_nodes');
            s.done = true;
            break expand;
          }
          const kind = kindOf(edge.other);
          const cost = kind !== null && free.has(kind) ? 0 : 1;
          const hops = from.hops + cost;
          s.visited.set(edge.other, { hops, parent: node, via: edge });
          if (hops < s.spec.maxHops) (cost === 0 ? s.queue : s.next).push(edge.other);
        }
      }
      if (s.queue.length === 0) {
        s.queue = s.next;
        s.next = [];
      }
    }
  }

  const elapsedMs = clock() - started;
  return states.map((s) => ({
    visited: s.visited,
    hit: s.hit,
    truncated: s.truncatedBy.size > 0,
    truncatedBy: [...s.truncatedBy],
    superNodesSkipped: [...s.superNodes],
    roundTrips,
    elapsedMs,
  }));
}

/** The nodes and edges from a seed to `node`, seed first; empty when `node` was not visited. */
export function pathTo(visited: ReadonlyMap<NodeId, Visit>, node: NodeId): Array<{ node: NodeId; via: EdgeRef | null }> {
  const out: Array<{ node: NodeId; via: EdgeRef | null }> = [];
  let current: NodeId | null = node;
  for (let guard = 0; current !== null && guard <= visited.size; guard++) {
    const visit: Visit | undefined = visited.get(current);
    if (!visit) return [];
    out.push({ node: current, via: visit.via });
    current = visit.parent;
  }
  return out.reverse();
}
