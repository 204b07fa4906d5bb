/**
 * Graph credit of enterprises for prospect discovery: the risk spread over their shareholders,
 * officers, legal representatives, guarantors and payment counterparties (lawsuits, listings,
 * lost judgments, defaults, confirmed fraud, weighted per flag and decayed per hop), their own
 * flags, whether an owner is a listed dishonest debtor, and whether they sit in a guarantee
 * circle. The traversal and the spread are the graph module's (riskSpreadMany over the
 * enterprise-risk edges); on top, each contribution is weighted by how the party is tied to the
 * enterprise at the first hop. Payments tie most firms to most others within a few hops, so a
 * counterparty's trouble counts for less than an owner's or a guarantor's, and the spread stops
 * at two hops (an owner's other company, a counterparty reached through its account).
 */
import type { KnowledgeGraph } from '../detectors/graph/knowledgeGraph.ts';
import { enterpriseNode } from '../detectors/graph/nodes.ts';
import { riskSpreadMany, type RiskContribution } from '../detectors/graph/riskSpread.ts';
import { ENTERPRISE_RISK_EDGE_TYPES, type EdgeRef, type FlagKind, type NodeId } from '../detectors/graph/types.ts';
import type { ProspectsConfig } from './config.ts';

/** How a related party is tied to the enterprise at the first hop of its path. */
export type Relation =
  | 'shareholder' | 'holding' | 'officer' | 'legal_rep' | 'guarantor' | 'guaranteed'
  | 'counterparty' | 'account' | 'litigant' | 'applicant' | 'other';

export interface RelatedRisk {
  readonly relation: Relation;
  /** Kind of the flagged party: a person or an enterprise (or an account). */
  readonly party: 'person' | 'enterprise' | 'other';
  readonly hops: number;
  readonly flags: readonly FlagKind[];
  readonly contribution: number;
}

export interface GraphCredit {
  readonly enterpriseId: string;
  /** Σ flag weight × decay^hops over flagged related parties (own flags not included). */
  readonly risk: number;
  readonly flaggedParties: number;
  /** Hops to the nearest flagged party, -1 when none. */
  readonly nearestHops: number;
  /** Flags on the enterprise itself with the time raised (ms). */
  readonly ownFlags: Readonly<Partial<Record<FlagKind, number>>>;
  /** Persons or enterprises one hop away as shareholder or legal representative that are listed dishonest debtors. */
  readonly listedOwners: number;
  /** Shortest guarantee circle through the enterprise, null when none. */
  readonly guaranteeCircle: { readonly length: number } | null;
  /** Largest contributions first (at most five). */
  readonly related: readonly RelatedRisk[];
  /** Hops the traversal looked over. */
  readonly maxHops: number;
  /** The traversal stopped at a limit: the risk is a lower bound. */
  readonly truncated: boolean;
}

/** The first-hop relation of an edge as read from the enterprise. */
export function relationOf(via: EdgeRef | null): Relation {
  if (!via) return 'other';
  switch (via.type) {
    case 'shareholder_of': return via.direction === 'in' ? 'shareholder' : 'holding';
    case 'officer_of': return 'officer';
    case 'legal_rep_of': return 'legal_rep';
    case 'guarantees': return via.direction === 'in' ? 'guarantor' : 'guaranteed';
    case 'transfers_to': return 'counterparty';
    case 'account_of': return 'account';
    case 'litigation_with': return 'litigant';
    case 'applied_with': return 'applicant';
    default: return 'other';
  }
}

const partyOf = (node: NodeId): RelatedRisk['party'] => (node.startsWith('person:') ? 'person' : node.startsWith('ent:') ? 'enterprise' : 'other');

/** Group of a first-hop relation, for its weight (config graphCredit.relationWeights). */
export function relationGroup(r: Relation): 'ownership' | 'management' | 'guarantee' | 'counterparty' | 'other' {
  switch (r) {
    case 'shareholder':
    case 'holding':
      return 'ownership';
    case 'officer':
    case 'legal_rep':
      return 'management';
    case 'guarantor':
    case 'guaranteed':
      return 'guarantee';
    case 'counterparty':
    case 'account':
      return 'counterparty';
    default:
      return 'other';
  }
}

function summarise(c: RiskContribution, weights: GraphCreditPolicy['relationWeights']): RelatedRisk {
  const relation = relationOf(c.path[1]?.via ?? null);
  return { relation, party: partyOf(c.node), hops: c.hops, flags: c.flags, contribution: c.contribution * weights[relationGroup(relation)] };
}

export type GraphCreditPolicy = ProspectsConfig['graphCredit'];

/** Enterprises per lockstep traversal: keeps each call inside the graph's time budget. */
export const GRAPH_CHUNK = 100;

/** Contributions read per enterprise: all of them within two hops in practice, so the weighted sum is complete. */
const MAX_CONTRIBUTIONS = 1_000;

/** Graph credit of many enterprises, in the order given. */
export async function graphCreditMany(graph: KnowledgeGraph, enterpriseIds: readonly string[], policy: GraphCreditPolicy): Promise<GraphCredit[]> {
  const out: GraphCredit[] = [];
  const { linkedGroup, superNodeDegree } = graph.config;
  for (let i = 0; i < enterpriseIds.length; i += GRAPH_CHUNK) {
    const ids = enterpriseIds.slice(i, i + GRAPH_CHUNK);
    const nodes = ids.map(enterpriseNode);
    const [spreads, circles, own] = await Promise.all([
      riskSpreadMany(graph.store, nodes.map((n) => [n]), {
        maxHops: policy.maxHops, maxNodes: linkedGroup.maxNodes, maxMillis: linkedGroup.maxMillis, superNodeDegree,
        weights: policy.flagWeights, decay: policy.decay, edgeTypes: ENTERPRISE_RISK_EDGE_TYPES, maxContributions: MAX_CONTRIBUTIONS,
      }),
      graph.guaranteeCircles(nodes),
      graph.store.flags(nodes),
    ]);
    ids.forEach((id, k) => {
      const spread = spreads[k]!;
      const circle = circles[k]!;
      const related = spread.contributions.map((c) => summarise(c, policy.relationWeights)).filter((r) => r.contribution > 0)
        .sort((a, b) => b.contribution - a.contribution || a.hops - b.hops);
      const listedOwners = related.filter((r) => r.hops === 1 && r.flags.includes('dishonest_debtor') && (r.relation === 'shareholder' || r.relation === 'legal_rep')).length;
      out.push({
        enterpriseId: id,
        risk: related.reduce((sum, r) => sum + r.contribution, 0),
        flaggedParties: related.length,
        nearestHops: related.length > 0 ? Math.min(...related.map((r) => r.hops)) : -1,
        ownFlags: own.get(nodes[k]!) ?? {},
        listedOwners,
        guaranteeCircle: circle.found ? { length: circle.length } : null,
        related: related.slice(0, 5),
        maxHops: policy.maxHops,
        truncated: spread.truncated || circle.truncated,
      });
    });
  }
  return out;
}
