/**
 * The linked group of a node (or of an application's identifiers): everything reachable within
 * k hops over the chosen edges, bounded in hops, nodes and time, with super-nodes left
 * unexpanded. Application nodes are traversed (they join their parties) but not counted as members.
 */
import { adjacencyPrefix } from './keys.ts';
import { kindOf } from './nodes.ts';
import type { GraphStore } from './store.ts';
import { traverseMany, type TraversalResult } from './traverse.ts';
import type { Completeness, EdgeType, NodeId, NodeKind, TraversalLimits } from './types.ts';

export interface LinkedGroupOptions extends TraversalLimits {
  readonly superNodeDegree: number;
  /** Most members listed (the size is always complete up to the limits). */
  readonly membersCap: number;
  /** Edge types to follow; default every type. */
  readonly edgeTypes?: readonly EdgeType[];
  readonly clock?: () => number;
}

export interface LinkedGroup extends Completeness {
  /** Members (application nodes excluded), starting nodes included. */
  readonly size: number;
  /** Members by kind. */
  readonly byKind: Readonly<Partial<Record<NodeKind, number>>>;
  /** Up to `membersCap` members, nearest first. */
  readonly members: ReadonlyArray<{ readonly node: NodeId; readonly hops: number }>;
  readonly elapsedMs: number;
  readonly roundTrips: number;
}

/** Adjacency prefixes for a set of edge types (both directions); empty = all. */
export const prefixesFor = (types: readonly EdgeType[] | undefined): string[] => (types ? types.map((t) => adjacencyPrefix(t)) : []);

/** Summarises a traversal as a linked group. */
export function groupOf(result: TraversalResult, membersCap: number): LinkedGroup {
  const members: Array<{ node: NodeId; hops: number }> = [];
  const byKind: Partial<Record<NodeKind, number>> = {};
  for (const [node, visit] of result.visited) {
    const kind = kindOf(node);
    if (kind === null || kind === 'app') continue;
    byKind[kind] = (byKind[kind] ?? 0) + 1;
    members.push({ node, hops: visit.hops });
  }
  members.sort((a, b) => a.hops - b.hops || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
  return {
    size: members.length,
    byKind,
    members: members.slice(0, membersCap),
    truncated: result.truncated,
    truncatedBy: result.truncatedBy,
    superNodesSkipped: result.superNodesSkipped,
    elapsedMs: result.elapsedMs,
    roundTrips: result.roundTrips,
  };
}

/** Linked groups of many starting sets in lockstep (one round trip per level for the whole batch). */
export async function linkedGroups(store: GraphStore, starts: ReadonlyArray<readonly NodeId[]>, options: LinkedGroupOptions): Promise<LinkedGroup[]> {
  const results = await traverseMany(
    starts.map((seeds) => ({ seeds, maxHops: options.maxHops, maxNodes: options.maxNodes })),
    { store, prefixes: prefixesFor(options.edgeTypes), superNodeDegree: options.superNodeDegree, maxMillis: options.maxMillis, clock: options.clock },
  );
  return results.map((r) => groupOf(r, options.membersCap));
}

/** The linked group around one node. */
export async function linkedGroup(store: GraphStore, node: NodeId, options: LinkedGroupOptions): Promise<LinkedGroup> {
  const [group] = await linkedGroups(store, [[node]], options);
  return group as LinkedGroup;
}
