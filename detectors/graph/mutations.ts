/**
 * Graph mutations: what an event changes, as plain data. Events are translated to mutations by
 * pure code (`eventMutations.ts`); a store applies them. All mutations are idempotent, so a
 * redelivered event changes nothing.
 */
import type { UseRole } from './keys.ts';
import type { EdgeAttrs, EdgeType, FlagKind, NodeId } from './types.ts';

/** Properties kept on nodes. `regPhone`, `regAddr` and `legalRep` hold node ids of linked nodes. */
export type NodeProp = 'name' | 'regPhone' | 'regAddr' | 'legalRep';

export type GraphMutation =
  | { readonly op: 'addEdge'; readonly from: NodeId; readonly type: EdgeType; readonly to: NodeId; readonly timeMs: number; readonly attrs?: EdgeAttrs }
  | { readonly op: 'removeEdge'; readonly from: NodeId; readonly type: EdgeType; readonly to: NodeId }
  | { readonly op: 'setFlag'; readonly node: NodeId; readonly flag: FlagKind; readonly timeMs: number }
  | { readonly op: 'clearFlag'; readonly node: NodeId; readonly flag: FlagKind }
  | { readonly op: 'setProp'; readonly node: NodeId; readonly prop: 'name'; readonly value: string }
  /**
   * Points a single-valued link (registry phone, registry address, legal representative) at a
   * new node: the edge to the previous one is removed. `valueIsSource` says the edge runs
   * value → node (legal rep → enterprise) rather than node → value.
   */
  | {
      readonly op: 'replaceLink'; readonly node: NodeId; readonly prop: Exclude<NodeProp, 'name'>; readonly value: NodeId;
      readonly type: EdgeType; readonly valueIsSource: boolean; readonly timeMs: number;
      /** Also record the node as a user of the value under this role (and drop it from the previous value). */
      readonly useRole?: UseRole;
    }
  /** Who used an identifier, scored by time, for windowed sharing counts. */
  | { readonly op: 'recordUse'; readonly identifier: NodeId; readonly role: UseRole; readonly member: NodeId; readonly timeMs: number }
  | { readonly op: 'removeUse'; readonly identifier: NodeId; readonly role: UseRole; readonly member: NodeId };

/** Writes with no read first and no property change: what `resolveLinks` hands a store to execute. */
export type PlainMutation = Exclude<GraphMutation, { op: 'replaceLink' | 'setProp' }>;

/**
 * Rewrites `replaceLink` mutations into plain ones, given each node's current link properties.
 * Links are resolved in order, so two registry changes of one enterprise in a batch end at the
 * second value with no edge left to the first.
 */
export function resolveLinks(
  mutations: readonly GraphMutation[],
  current: ReadonlyMap<NodeId, Readonly<Partial<Record<NodeProp, string>>>>,
): { plain: PlainMutation[]; props: Array<{ node: NodeId; prop: NodeProp; value: string }> } {
  const overlay = new Map<string, string | undefined>();
  const plain: PlainMutation[] = [];
  const props: Array<{ node: NodeId; prop: NodeProp; value: string }> = [];
  for (const m of mutations) {
    if (m.op === 'setProp') {
      props.push({ node: m.node, prop: m.prop, value: m.value });
      continue;
    }
    if (m.op !== 'replaceLink') {
      plain.push(m);
      continue;
    }
    const slot = `${m.node}\u0000${m.prop}`;
    const previous = overlay.has(slot) ? overlay.get(slot) : current.get(m.node)?.[m.prop];
    if (previous !== undefined && previous !== m.value) {
      const old = previous as NodeId;
      plain.push(m.valueIsSource ? { op: 'removeEdge', from: old, type: m.type, to: m.node } : { op: 'removeEdge', from: m.node, type: m.type, to: old });
      if (m.useRole) plain.push({ op: 'removeUse', identifier: old, role: m.useRole, member: m.node });
    }
    plain.push(m.valueIsSource
      ? { op: 'addEdge', from: m.value, type: m.type, to: m.node, timeMs: m.timeMs }
      : { op: 'addEdge', from: m.node, type: m.type, to: m.value, timeMs: m.timeMs });
    if (m.useRole) plain.push({ op: 'recordUse', identifier: m.value, role: m.useRole, member: m.node, timeMs: m.timeMs });
    overlay.set(slot, m.value);
    props.push({ node: m.node, prop: m.prop, value: m.value });
  }
  return { plain, props };
}

/** Nodes whose link properties must be read before `resolveLinks`. */
export const nodesNeedingLinks = (mutations: readonly GraphMutation[]): NodeId[] =>
  [...new Set(mutations.flatMap((m) => (m.op === 'replaceLink' ? [m.node] : [])))];
