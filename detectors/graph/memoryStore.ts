/**
 * In-memory graph store for embedded mode and unit tests. Same semantics as the Redis store
 * (checked by the shared conformance suite): ZSET-like maps scored by latest event time,
 * most-recent-first reads, the same super-node guard and limits.
 */
import { adjacencyMember, edgeAttrField, parseAdjacencyMember, type UseRole } from './keys.ts';
import { nodesNeedingLinks, resolveLinks, type GraphMutation, type NodeProp, type PlainMutation } from './mutations.ts';
import type {
  EdgeKey, GraphStore, NeighbourQuery, NeighbourRead, StoreWriteOptions, UseCountQuery, UseList, UseListQuery,
} from './store.ts';
import type { EdgeAttrs, EdgeRef, NodeFlags, NodeId } from './types.ts';

type ScoredSet = Map<string, number>;

/** Uses of one identifier, with the retention floor (Redis prunes below it on each write; here reads skip it). */
interface UseSet {
  readonly members: ScoredSet;
  floor: number;
  prunedAtSize: number;
}

/** Members most recent first, ties by member descending (what Redis ZREVRANGE returns). */
function byRecency(set: ScoredSet): string[] {
  return [...set.entries()]
    .sort((a, b) => (b[1] - a[1]) || (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0))
    .map(([m]) => m);
}

function bump(set: ScoredSet, member: string, score: number): void {
  const old = set.get(member);
  if (old === undefined || score > old) set.set(member, score);
}

export class MemoryGraphStore implements GraphStore {
  readonly #adjacency = new Map<NodeId, ScoredSet>();
  /** Adjacency members in read order, rebuilt only after the node's edges change (reads outnumber writes). */
  readonly #ordered = new Map<NodeId, string[]>();
  readonly #attrs = new Map<NodeId, Map<string, EdgeAttrs>>();
  readonly #flags = new Map<NodeId, NodeFlags>();
  readonly #props = new Map<NodeId, Partial<Record<NodeProp, string>>>();
  readonly #uses = new Map<string, UseSet>();
  readonly #options: StoreWriteOptions;

  constructor(options: Partial<StoreWriteOptions> = {}) {
    this.#options = { useRetentionMs: options.useRetentionMs ?? 180 * 86_400_000 };
  }

  async apply(mutations: readonly GraphMutation[]): Promise<void> {
    const linkNodes = nodesNeedingLinks(mutations);
    const current = new Map(linkNodes.map((n) => [n, { ...this.#props.get(n) }]));
    const { plain, props } = resolveLinks(mutations, current);
    for (const m of plain) this.#write(m);
    for (const p of props) this.#props.set(p.node, { ...this.#props.get(p.node), [p.prop]: p.value });
  }

  #set<K>(map: Map<K, ScoredSet>, key: K): ScoredSet {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Map()));
    return set;
  }

  #write(m: PlainMutation): void {
    switch (m.op) {
      case 'addEdge': {
        this.#ordered.delete(m.from);
        this.#ordered.delete(m.to);
        bump(this.#set(this.#adjacency, m.from), adjacencyMember(m.type, 'out', m.to), m.timeMs);
        bump(this.#set(this.#adjacency, m.to), adjacencyMember(m.type, 'in', m.from), m.timeMs);
        if (m.attrs) {
          let attrs = this.#attrs.get(m.from);
          if (!attrs) this.#attrs.set(m.from, (attrs = new Map()));
          attrs.set(edgeAttrField(m.type, m.to), { ...m.attrs });
        }
        return;
      }
      case 'removeEdge':
        this.#ordered.delete(m.from);
        this.#ordered.delete(m.to);
        this.#adjacency.get(m.from)?.delete(adjacencyMember(m.type, 'out', m.to));
        this.#adjacency.get(m.to)?.delete(adjacencyMember(m.type, 'in', m.from));
        this.#attrs.get(m.from)?.delete(edgeAttrField(m.type, m.to));
        return;
      case 'setFlag':
        this.#flags.set(m.node, { ...this.#flags.get(m.node), [m.flag]: m.timeMs });
        return;
      case 'clearFlag': {
        const flags = this.#flags.get(m.node);
        if (flags) delete flags[m.flag];
        return;
      }
      case 'recordUse': {
        const key = useKey(m.identifier, m.role);
        let uses = this.#uses.get(key);
        if (!uses) this.#uses.set(key, (uses = { members: new Map(), floor: -Infinity, prunedAtSize: 0 }));
        bump(uses.members, m.member, m.timeMs);
        // Registry links are facts, not events: they are never aged out.
        if (m.role !== 'regent') uses.floor = Math.max(uses.floor, m.timeMs - this.#options.useRetentionMs);
        // Physical pruning only when the set has doubled, so bulk loads stay linear.
        if (uses.members.size > 2 * uses.prunedAtSize + 64) {
          for (const [member, score] of uses.members) if (score < uses.floor) uses.members.delete(member);
          uses.prunedAtSize = uses.members.size;
        }
        return;
      }
      case 'removeUse':
        this.#uses.get(useKey(m.identifier, m.role))?.members.delete(m.member);
        return;
    }
  }

  async neighbours(nodes: readonly NodeId[], query: NeighbourQuery): Promise<Map<NodeId, NeighbourRead>> {
    const out = new Map<NodeId, NeighbourRead>();
    const prefixes = query.prefixes ?? [];
    for (const node of new Set(nodes)) {
      const set = this.#adjacency.get(node);
      const degree = set?.size ?? 0;
      if (degree > query.superNodeDegree) {
        out.set(node, { degree, superNode: true, edges: [], limited: false });
        continue;
      }
      let ordered = this.#ordered.get(node);
      if (set && !ordered) this.#ordered.set(node, (ordered = byRecency(set)));
      const matching = ordered ? ordered.filter((m) => prefixes.length === 0 || prefixes.some((p) => m.startsWith(p))) : [];
      const edges: EdgeRef[] = [];
      for (const member of matching.slice(0, Math.max(0, query.limit))) {
        const edge = parseAdjacencyMember(member);
        if (edge) edges.push(edge);
      }
      out.set(node, { degree, superNode: false, edges, limited: matching.length > query.limit });
    }
    return out;
  }

  async degrees(nodes: readonly NodeId[]): Promise<Map<NodeId, number>> {
    return new Map(nodes.map((n) => [n, this.#adjacency.get(n)?.size ?? 0]));
  }

  async flags(nodes: readonly NodeId[]): Promise<Map<NodeId, NodeFlags>> {
    return new Map(nodes.map((n) => [n, { ...this.#flags.get(n) }]));
  }

  async props(nodes: readonly NodeId[]): Promise<Map<NodeId, Partial<Record<NodeProp, string>>>> {
    return new Map(nodes.map((n) => [n, { ...this.#props.get(n) }]));
  }

  async countUses(queries: readonly UseCountQuery[]): Promise<number[]> {
    return queries.map((q) => {
      const uses = this.#uses.get(useKey(q.identifier, q.role));
      if (!uses) return 0;
      const excluded = new Set<string>(q.exclude);
      const from = Math.max(q.fromMs, uses.floor);
      let count = 0;
      for (const [member, score] of uses.members) if (score >= from && score <= q.toMs && !excluded.has(member)) count++;
      return count;
    });
  }

  async listUses(queries: readonly UseListQuery[]): Promise<UseList[]> {
    return queries.map((q) => {
      const uses = this.#uses.get(useKey(q.identifier, q.role));
      if (!uses) return { total: 0, members: [] };
      const live = new Map([...uses.members].filter(([, score]) => score >= uses.floor));
      return { total: live.size, members: byRecency(live).slice(0, Math.max(0, q.limit)) as NodeId[] };
    });
  }

  async edgeAttrs(edges: readonly EdgeKey[]): Promise<Array<EdgeAttrs | null>> {
    return edges.map((e) => this.#attrs.get(e.from)?.get(edgeAttrField(e.type, e.to)) ?? null);
  }

  async close(): Promise<void> {}
}

const useKey = (identifier: NodeId, role: UseRole): string => `${identifier}\u0000${role}`;
