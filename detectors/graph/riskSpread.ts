/**
 * Risk spreading over the graph: each flagged node reached from the start contributes
 * weight(flag) × decay^hops, where the weight is that of its heaviest flag (a node both listed
 * and defaulted counts once, at its worst). The score is the sum; each contribution carries the
 * path that links it, so an analyst can see why.
 */
import type { GraphStore } from './store.ts';
import { pathTo, traverseMany, type TraversalResult } from './traverse.ts';
import { prefixesFor } from './linkedGroup.ts';
import type { Completeness, EdgeRef, EdgeType, FlagKind, NodeFlags, NodeId, TraversalLimits } from './types.ts';

export type FlagWeights = Readonly<Record<FlagKind, number>>;

export interface RiskContribution {
  readonly node: NodeId;
  readonly flags: readonly FlagKind[];
  readonly hops: number;
  /** weight × decay^hops */
  readonly contribution: number;
  /** From a start node to the flagged node. */
  readonly path: ReadonlyArray<{ readonly node: NodeId; readonly via: EdgeRef | null }>;
}

export interface RiskSpread extends Completeness {
  readonly score: number;
  /** Flagged nodes with a positive weight. */
  readonly flaggedCount: number;
  /** Hops to the nearest of them, -1 when none. */
  readonly nearestHops: number;
  /** Largest contributions first, at most `maxContributions`. */
  readonly contributions: readonly RiskContribution[];
}

export interface SpreadOptions {
  readonly weights: FlagWeights;
  /** In (0, 1]. */
  readonly decay: number;
  /** Nodes that do not count (the start itself: its own flags are not "linked" risk). */
  readonly exclude: ReadonlySet<NodeId>;
  readonly maxContributions: number;
}

/** Scores a finished traversal against the flags of its nodes (pure). */
export function spreadRisk(traversal: TraversalResult, flags: ReadonlyMap<NodeId, NodeFlags>, options: SpreadOptions): RiskSpread {
  const contributions: RiskContribution[] = [];
  let score = 0;
  let nearest = -1;
  for (const [node, visit] of traversal.visited) {
    if (options.exclude.has(node)) continue;
    const nodeFlags = flags.get(node);
    if (!nodeFlags) continue;
    const raised = (Object.keys(nodeFlags) as FlagKind[]).filter((f) => (options.weights[f] ?? 0) > 0);
    if (raised.length === 0) continue;
    const weight = Math.max(...raised.map((f) => options.weights[f]));
    const contribution = weight * options.decay ** visit.hops;
    score += contribution;
    if (nearest < 0 || visit.hops < nearest) nearest = visit.hops;
    contributions.push({ node, flags: raised.sort(), hops: visit.hops, contribution, path: pathTo(traversal.visited, node) });
  }
  contributions.sort((a, b) => b.contribution - a.contribution || a.hops - b.hops || (a.node < b.node ? -1 : 1));
  return {
    score,
    flaggedCount: contributions.length,
    nearestHops: nearest,
    contributions: contributions.slice(0, options.maxContributions),
    truncated: traversal.truncated,
    truncatedBy: traversal.truncatedBy,
    superNodesSkipped: traversal.superNodesSkipped,
  };
}

/** Flags of every node the traversals visited, in one round trip. */
export async function flagsOfVisited(store: GraphStore, traversals: readonly TraversalResult[]): Promise<Map<NodeId, NodeFlags>> {
  const nodes = [...new Set(traversals.flatMap((t) => [...t.visited.keys()]))];
  return nodes.length > 0 ? store.flags(nodes) : new Map();
}

export interface RiskSpreadOptions extends TraversalLimits {
  readonly superNodeDegree: number;
  readonly weights: FlagWeights;
  readonly decay: number;
  readonly edgeTypes?: readonly EdgeType[];
  readonly maxContributions?: number;
  readonly clock?: () => number;
}

/** Risk spread around many starting sets in lockstep; each set's own nodes are excluded. */
export async function riskSpreadMany(store: GraphStore, starts: ReadonlyArray<readonly NodeId[]>, options: RiskSpreadOptions): Promise<RiskSpread[]> {
  const traversals = await traverseMany(
    starts.map((seeds) => ({ seeds, maxHops: options.maxHops, maxNodes: options.maxNodes })),
    { store, prefixes: prefixesFor(options.edgeTypes), superNodeDegree: options.superNodeDegree, maxMillis: options.maxMillis, clock: options.clock },
  );
  const flags = await flagsOfVisited(store, traversals);
  return traversals.map((t, i) => spreadRisk(t, flags, {
    weights: options.weights, decay: options.decay, exclude: new Set(starts[i]), maxContributions: options.maxContributions ?? 20,
  }));
}

/** Risk spread around one node. */
export async function riskSpread(store: GraphStore, node: NodeId, options: RiskSpreadOptions): Promise<RiskSpread> {
  const [one] = await riskSpreadMany(store, [[node]], options);
  return one as RiskSpread;
}
