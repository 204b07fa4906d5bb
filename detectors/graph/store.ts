/**
 * The graph store: adjacency, flags, properties and identifier uses. Two implementations pass one
 * conformance suite (`conformance.ts`): Redis (`redisStore.ts`) and in-memory (`memoryStore.ts`,
 * embedded mode and unit tests). Every method takes a batch, so a check over many applications
 * costs one round trip per call, not one per node.
 */
import type { UseRole } from './keys.ts';
import type { GraphMutation, NodeProp } from './mutations.ts';
import type { EdgeAttrs, EdgeRef, EdgeType, NodeFlags, NodeId } from './types.ts';

export interface NeighbourQuery {
  /**
   * Adjacency-member prefixes to keep (`guarantees|o|`, `shareholder_of|`); empty or absent = every edge.
   * Build them with `adjacencyPrefix`.
   */
  readonly prefixes?: readonly string[];
  /** Nodes with a degree above this are not expanded: `superNode: true` and no edges. */
  readonly superNodeDegree: number;
  /** Most edges returned per node, most recent first. */
  readonly limit: number;
}

export interface NeighbourRead {
  /** All edges of the node, whatever the filter. */
  readonly degree: number;
  readonly superNode: boolean;
  /** Matching edges, most recent first (ties: member order descending, as ZREVRANGE gives). */
  readonly edges: readonly EdgeRef[];
  /** More matching edges exist than `limit` allowed. */
  readonly limited: boolean;
}

export interface UseCountQuery {
  readonly identifier: NodeId;
  readonly role: UseRole;
  /** Inclusive time range (ms) of the latest use. */
  readonly fromMs: number;
  readonly toMs: number;
  /** Members not to count (the applicant's own person or enterprise). */
  readonly exclude: readonly NodeId[];
}

export interface UseListQuery {
  readonly identifier: NodeId;
  readonly role: UseRole;
  /** Most members returned, most recent first. */
  readonly limit: number;
}

export interface UseList {
  /** All members, whatever the limit. */
  readonly total: number;
  readonly members: readonly NodeId[];
}

export interface EdgeKey {
  readonly from: NodeId;
  readonly type: EdgeType;
  readonly to: NodeId;
}

export interface GraphStore {
  /** Applies mutations in order (pipelined: one read round for `replaceLink`, one write round). */
  apply(mutations: readonly GraphMutation[]): Promise<void>;
  /** Edges of each node, filtered and bounded; super-nodes are not read. */
  neighbours(nodes: readonly NodeId[], query: NeighbourQuery): Promise<Map<NodeId, NeighbourRead>>;
  /** Degree (edge count) of each node. */
  degrees(nodes: readonly NodeId[]): Promise<Map<NodeId, number>>;
  /** Flags of each node (empty object when none). */
  flags(nodes: readonly NodeId[]): Promise<Map<NodeId, NodeFlags>>;
  /** Properties of each node (empty object when none). */
  props(nodes: readonly NodeId[]): Promise<Map<NodeId, Partial<Record<NodeProp, string>>>>;
  /** Users of an identifier whose latest use falls in the range, minus the excluded ones, per query. */
  countUses(queries: readonly UseCountQuery[]): Promise<number[]>;
  /** Users of an identifier, most recent first, per query. */
  listUses(queries: readonly UseListQuery[]): Promise<UseList[]>;
  /** Attributes of each edge, null when the edge or its attributes are absent. */
  edgeAttrs(edges: readonly EdgeKey[]): Promise<Array<EdgeAttrs | null>>;
  /** Releases connections the store owns (no-op for memory, and for a caller-owned Redis client). */
  close(): Promise<void>;
}

/** Options both implementations honour when writing. */
export interface StoreWriteOptions {
  /** Person/enterprise uses older than this before the newest write are pruned. */
  readonly useRetentionMs: number;
}
