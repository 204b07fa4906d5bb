/**
 * Types of the enterprise knowledge graph: typed node ids, edge types, node flags, traversal
 * limits and results, and `GraphSignals`, the flat object the rules engine (`graph.*`) and the
 * models read.
 */

/** Kinds of node. Every id is `<kind>:<key>`; personal keys are pseudonym tokens (`pii_<32hex>`), never raw values. */
export const NODE_KINDS = ['person', 'ent', 'phone', 'device', 'addr', 'ip', 'acct', 'app'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/** A node id such as `ent:91350100M000100Y43`, `person:pii_…`, `app:APP-1`. */
export type NodeId = `${NodeKind}:${string}`;

/**
 * Edge types. Each is directed (from → to) as stored; traversals may follow either direction.
 * - applied_with: app → person / ent / phone / device / ip / addr used on the application
 * - shareholder_of: person|ent → ent (attrs: pct)
 * - officer_of: person → ent (attrs: role)
 * - legal_rep_of: person → ent
 * - guarantees: guarantor ent → beneficiary ent (attrs: amount, guaranteeId)
 * - litigation_with: plaintiff ent → defendant ent (attrs: caseId, caseType, claimAmount)
 * - transfers_to: payer → payee (ent or acct)
 * - registered_phone: ent → phone on the business registry
 * - registered_at: ent → registered address
 * - account_of: acct → ent owning it
 */
export const EDGE_TYPES = [
  'applied_with', 'shareholder_of', 'officer_of', 'legal_rep_of', 'guarantees', 'litigation_with',
  'transfers_to', 'registered_phone', 'registered_at', 'account_of',
] as const;
export type EdgeType = (typeof EDGE_TYPES)[number];

/** Edges a relationship path between enterprises may use: equity, officers, guarantees, litigation. */
export const RELATIONSHIP_EDGE_TYPES: readonly EdgeType[] = ['shareholder_of', 'officer_of', 'legal_rep_of', 'guarantees', 'litigation_with'];

/** Edges of enterprise-centric risk (graph credit): owners, officers, guarantors and payment counterparties. */
export const ENTERPRISE_RISK_EDGE_TYPES: readonly EdgeType[] = [
  'shareholder_of', 'officer_of', 'legal_rep_of', 'guarantees', 'transfers_to', 'account_of',
];

/**
 * Node flags, each stored with the time it was raised.
 * `dishonest_debtor` / `abnormal_operation` are the two public listings (失信被执行人 / 经营异常名录);
 * `litigation_defendant` and `judgment_lost` feed enterprise graph credit only.
 */
export const FLAG_KINDS = ['dishonest_debtor', 'abnormal_operation', 'defaulted', 'fraud_confirmed', 'litigation_defendant', 'judgment_lost'] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];
/** Flags with the time (ms since epoch) they were raised. */
export type NodeFlags = Partial<Record<FlagKind, number>>;

/** Direction of an edge as seen from the node it is read from. */
export type EdgeDirection = 'out' | 'in';

/** One edge as read from a node's adjacency. */
export interface EdgeRef {
  readonly type: EdgeType;
  readonly direction: EdgeDirection;
  /** The node at the other end. */
  readonly other: NodeId;
}

/** Small attributes kept on an edge, used to explain paths (`shareholder 35%`). */
export type EdgeAttrs = Readonly<Record<string, string | number>>;

/** Why a traversal stopped before it had seen everything within its hops. */
export type TruncationReason = 'max_nodes' | 'max_millis' | 'super_node' | 'neighbour_limit';

/** Bounds of one traversal. */
export interface TraversalLimits {
  /** Most hops from the start (application nodes cost no hop: they only join their parties). */
  readonly maxHops: number;
  /** Most nodes visited, start included. */
  readonly maxNodes: number;
  /** Wall-clock budget; checked before each round trip. */
  readonly maxMillis: number;
}

/** What every bounded answer says about its own completeness. */
export interface Completeness {
  readonly truncated: boolean;
  /** Every reason the answer may be incomplete, empty when `truncated` is false. */
  readonly truncatedBy: readonly TruncationReason[];
  /** Nodes above the degree threshold that were reached but not expanded. */
  readonly superNodesSkipped: readonly NodeId[];
}

/**
 * Graph signals of one application: flat numbers and booleans for rules (`graph.<name>`) and,
 * through `toFeatureVector`, for models.
 */
export interface GraphSignals {
  /** Other applicants (distinct persons or enterprises, whichever is more) that used the applicant's phone within the window. */
  readonly sharedPhoneApplicants: number;
  readonly sharedDeviceApplicants: number;
  readonly sharedIpApplicants: number;
  readonly sharedAddressApplicants: number;
  /** Other enterprises that declared or used the declared company phone within the window. */
  readonly sharedCompanyPhoneEnterprises: number;
  /** True when one of the shared counts hit a super-node and is capped at the degree threshold. */
  readonly sharedCountsCapped: boolean;
  /** Nodes (not counting application nodes) in the linked group within the hop limit, the applicant's own included. */
  readonly linkedGroupSize: number;
  /** Persons in the linked group other than the applicant. */
  readonly linkedPersons: number;
  /** Enterprises in the linked group other than the applicant's. */
  readonly linkedEnterprises: number;
  /** Linked nodes (own ones excluded) that are listed, defaulted or confirmed fraud. */
  readonly linkedFlaggedCount: number;
  /** Σ flag weight × decay^hops over the flagged linked nodes. */
  readonly riskSpreadScore: number;
  /** Hops to the nearest flagged linked node, or -1 when none is within reach. */
  readonly nearestFlaggedHops: number;
  /** Other enterprises the applicant's or company phone is registered to or was declared for. */
  readonly phoneUnderOtherEnterprises: number;
  /** Declared company phone differs from the registry phone (false when the registry phone is unknown). */
  readonly declaredPhoneMismatch: boolean;
  readonly registryPhoneKnown: boolean;
  /** The enterprise is in a guarantee circle (a directed guarantee cycle through it). */
  readonly guaranteeCircle: boolean;
  /** Length of the shortest such cycle, 0 when none. */
  readonly guaranteeCircleLength: number;
  /** Some check stopped early (limits, super-nodes); the counts are lower bounds. */
  readonly truncated: boolean;
  /** Number of super-nodes reached but not expanded. */
  readonly superNodesSkipped: number;
}
