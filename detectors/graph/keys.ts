/**
 * Every Redis key of the knowledge graph. The hash tag is the node id (`fk:{ent:<USCC>}:g:adj`),
 * so all keys of one node share a Cluster slot with each other and with the entity's other
 * Fengkong keys (`fk:{ent:<id>}:...`), and a one-node Lua script never crosses slots.
 *
 * Adjacency members are `<edgeType>|<o|i>|<otherNodeId>` scored by the latest event time: the
 * type and direction lead, so a Lua script can filter by prefix; the other node id comes last
 * because device ids may contain any character. ZCARD of the adjacency is the node's degree.
 */
import type { EdgeDirection, EdgeType, NodeId } from './types.ts';

/** Roles under which an identifier (phone, device, ip, address) records who used it. */
export type UseRole = 'person' | 'ent' | 'regent';

export const graphKeys = {
  /** ZSET adjacency: member `type|dir|other`, score = latest event time (ms). */
  adjacency: (node: NodeId): string => `fk:{${node}}:g:adj`,
  /** HASH edge attributes of out-edges: field `type|other`, value JSON. */
  edgeAttrs: (node: NodeId): string => `fk:{${node}}:g:ea`,
  /** HASH flags: field = flag kind, value = time raised (ms). */
  flags: (node: NodeId): string => `fk:{${node}}:g:fl`,
  /** HASH properties: enterprise name, current registry phone / address / legal representative. */
  props: (node: NodeId): string => `fk:{${node}}:g:p`,
  /**
   * ZSET of who used an identifier, scored by latest use time: `person` and `ent` from
   * applications, `regent` = enterprises whose registry lists it.
   */
  uses: (identifier: NodeId, role: UseRole): string => `fk:{${identifier}}:g:use:${role}`,
} as const;

const DIR_CODE: Record<EdgeDirection, string> = { out: 'o', in: 'i' };

/** Adjacency member of an edge as seen from one end. */
export const adjacencyMember = (type: EdgeType, direction: EdgeDirection, other: NodeId): string =>
  `${type}|${DIR_CODE[direction]}|${other}`;

/** Prefix matching adjacency members of one type (and optionally one direction). */
export const adjacencyPrefix = (type: EdgeType, direction?: EdgeDirection): string =>
  direction ? `${type}|${DIR_CODE[direction]}|` : `${type}|`;

/** Field of an out-edge in the edge-attribute hash of its source node. */
export const edgeAttrField = (type: EdgeType, to: NodeId): string => `${type}|${to}`;

/** The edge an adjacency member encodes, or null for a member this module did not write. */
export function parseAdjacencyMember(member: string): { type: EdgeType; direction: EdgeDirection; other: NodeId } | null {
  const a = member.indexOf('|');
  const b = a < 0 ? -1 : member.indexOf('|', a + 1);
  if (b < 0) return null;
  const dir = member.slice(a + 1, b);
  if (dir !== 'o' && dir !== 'i') return null;
  return { type: member.slice(0, a) as EdgeType, direction: dir === 'o' ? 'out' : 'in', other: member.slice(b + 1) as NodeId };
}
