/**
 * Who is related to whom, for the related-party warning signals: the knowledge graph's
 * relationship edges (equity, officers, legal representatives, guarantees, litigation), every
 * query bounded by the graph's traversal limits. Only the events that can raise such a signal
 * ask (large outgoing transfers of borrowers; lawsuits and listings), so the cost stays small.
 */
import type { KnowledgeGraph } from '../graph/knowledgeGraph.ts';
import { enterpriseNode } from '../graph/nodes.ts';
import { RELATIONSHIP_EDGE_TYPES } from '../graph/types.ts';
import type { RelatedParty } from './context.ts';

/** Enterprise updates that can concern a related party's borrowers. */
export const RELATED_PARTY_UPDATE_KINDS: ReadonlySet<string> = new Set(['litigation_filed', 'dishonest_debtor_listed', 'abnormal_operation_listed']);

/** How `other` relates to the borrower, when within `maxHops` relationship edges; null otherwise. */
export async function relationTo(graph: KnowledgeGraph, borrower: string, other: string, maxHops: number): Promise<RelatedParty | null> {
  if (borrower === other || maxHops < 1) return null;
  const path = await graph.path(enterpriseNode(borrower), enterpriseNode(other), { maxHops, edgeTypes: RELATIONSHIP_EDGE_TYPES });
  if (!path.found || !path.text) return null;
  return { enterpriseId: other, relation: path.text.en, hops: path.hops };
}

/** Enterprises within `maxHops` relationship edges of `subject` (itself excluded), nearest first, at most `cap`. */
export async function enterprisesRelatedTo(graph: KnowledgeGraph, subject: string, maxHops: number, cap: number): Promise<string[]> {
  if (maxHops < 1) return [];
  const self = enterpriseNode(subject);
  const group = await graph.linkedGroup(self, { maxHops, edgeTypes: RELATIONSHIP_EDGE_TYPES });
  return group.members.filter((m) => m.node !== self && m.node.startsWith('ent:')).slice(0, cap).map((m) => m.node.slice('ent:'.length));
}
