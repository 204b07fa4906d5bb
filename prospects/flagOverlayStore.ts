/**
 * A read view of the shared knowledge graph with prospect discovery's own knowledge of flags on
 * top. The scoring processor maintains the graph; prospect discovery reads it but must never
 * write it (a second writer running ahead of the scorer would show applications listings from
 * their future). Flags raised or lifted by the events prospect discovery consumes itself
 * (listings, lawsuits, judgments, default and fraud labels) are kept here and win over the base,
 * so a shareholder's listing counts the moment its event is read, not when the scorer gets to it.
 * Everything else (edges, properties, identifier uses) is read from the base.
 */
import type { GraphMutation } from '../detectors/graph/mutations.ts';
import type { EdgeKey, GraphStore, NeighbourQuery, NeighbourRead, UseCountQuery, UseList, UseListQuery } from '../detectors/graph/store.ts';
import type { EdgeAttrs, FlagKind, NodeFlags, NodeId } from '../detectors/graph/types.ts';

/** Per node: flag → time raised, or null when lifted. */
type FlagOverlay = Partial<Record<FlagKind, number | null>>;

export class FlagOverlayStore implements GraphStore {
  readonly base: GraphStore;
  readonly #overlay = new Map<NodeId, FlagOverlay>();

  constructor(base: GraphStore) {
    this.base = base;
  }

  /** Keeps the flag mutations (set and clear); every other mutation is the base's owner's business. */
  async apply(mutations: readonly GraphMutation[]): Promise<void> {
    for (const m of mutations) {
      if (m.op !== 'setFlag' && m.op !== 'clearFlag') continue;
      const entry = this.#overlay.get(m.node) ?? {};
      entry[m.flag] = m.op === 'setFlag' ? Math.max(m.timeMs, entry[m.flag] ?? 0) : null;
      this.#overlay.set(m.node, entry);
    }
  }

  /** Nodes whose flags this overlay has changed. */
  get overlaidNodes(): number {
    return this.#overlay.size;
  }

  async flags(nodes: readonly NodeId[]): Promise<Map<NodeId, NodeFlags>> {
    const base = await this.base.flags(nodes);
    const out = new Map<NodeId, NodeFlags>();
    for (const node of nodes) {
      const merged: NodeFlags = { ...base.get(node) };
      for (const [flag, at] of Object.entries(this.#overlay.get(node) ?? {}) as Array<[FlagKind, number | null]>) {
        if (at === null) delete merged[flag];
        else merged[flag] = Math.max(at, merged[flag] ?? 0);
      }
      out.set(node, merged);
    }
    return out;
  }

  neighbours(nodes: readonly NodeId[], query: NeighbourQuery): Promise<Map<NodeId, NeighbourRead>> {
    return this.base.neighbours(nodes, query);
  }

  degrees(nodes: readonly NodeId[]): Promise<Map<NodeId, number>> {
    return this.base.degrees(nodes);
  }

  props(nodes: readonly NodeId[]): ReturnType<GraphStore['props']> {
    return this.base.props(nodes);
  }

  countUses(queries: readonly UseCountQuery[]): Promise<number[]> {
    return this.base.countUses(queries);
  }

  listUses(queries: readonly UseListQuery[]): Promise<UseList[]> {
    return this.base.listUses(queries);
  }

  edgeAttrs(edges: readonly EdgeKey[]): Promise<Array<EdgeAttrs | null>> {
    return this.base.edgeAttrs(edges);
  }

  /** The base belongs to the runtime; nothing to release here. */
  async close(): Promise<void> {}
}
