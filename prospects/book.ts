/**
 * The prospect book: every enterprise's state, the industry seasonal pool and the flag overlay
 * on the knowledge graph, kept current from enterprise-updates, labels and repayments, and the
 * evaluation of any set of enterprises into prospect rows. Used by the prospects processor
 * (pipelines/prospects/) and by the evaluation; it owns no I/O besides reading the graph.
 *
 * Events must be validated and pseudonymised. Applying an event twice changes nothing.
 */
import { eventMutations } from '../detectors/graph/eventMutations.ts';
import { KnowledgeGraph } from '../detectors/graph/knowledgeGraph.ts';
import { linkedGroups } from '../detectors/graph/linkedGroup.ts';
import type { GraphMutation } from '../detectors/graph/mutations.ts';
import { enterpriseNode, personNode } from '../detectors/graph/nodes.ts';
import { ENTERPRISE_RISK_EDGE_TYPES, type FlagKind, type NodeId } from '../detectors/graph/types.ts';
import type { Logger } from '../lib/logger.ts';
import { isPseudonym } from '../schemas/pseudonym.ts';
import type { EventOf } from '../schemas/topics.ts';
import type { ProspectsConfig } from './config.ts';
import { applyEnterpriseUpdate, applyLabel, applyRepayment, emptyState, invoiceMonths, isListed, type EnterpriseState, type Listing, type StateLimits } from './enterpriseState.ts';
import { evaluateProspect, stateExclusions, type Prospect } from './evaluate.ts';
import { FlagOverlayStore } from './flagOverlayStore.ts';
import { forecastRevenue, observationsOf, type RevenueForecast } from './forecast/revenueForecast.ts';
import { SeasonalPool } from './forecast/seasonalPool.ts';
import { graphCreditMany, type GraphCredit } from './graphCredit.ts';
import { PROSPECT_LOG } from './logEvents.ts';

/** The topics prospect discovery folds in. */
export const PROSPECT_TOPICS = ['enterprise-updates', 'labels', 'repayments'] as const;
export type ProspectTopic = (typeof PROSPECT_TOPICS)[number];

export type ProspectEvent =
  | { readonly topic: 'enterprise-updates'; readonly event: EventOf<'enterprise-updates'> }
  | { readonly topic: 'labels'; readonly event: EventOf<'labels'> }
  | { readonly topic: 'repayments'; readonly event: EventOf<'repayments'> };

export interface ApplyOutcome {
  /** Enterprises whose own state changed. */
  readonly touched: ReadonlySet<string>;
  /** Graph nodes whose flags these events raised or lifted (their neighbours' graph credit changed). */
  readonly flagged: readonly NodeId[];
}

type FlagMutation = Extract<GraphMutation, { op: 'setFlag' | 'clearFlag' }>;

/**
 * The flags an event raises or lifts, as the graph module translates it. An event the graph
 * cannot place (it refuses personal fields that are not pseudonym tokens) has none here; the
 * scoring processor dead-letters it.
 */
function flagMutationsOf(e: ProspectEvent & { topic: 'enterprise-updates' | 'labels' }): FlagMutation[] | Error {
  try {
    return eventMutations(e).filter((m): m is FlagMutation => m.op === 'setFlag' || m.op === 'clearFlag');
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** The flags a state records (own listings, listed persons, lawsuits, judgments, labels), as set / clear mutations. */
export function flagsOfState(s: EnterpriseState): FlagMutation[] {
  const ent = enterpriseNode(s.enterpriseId);
  const out: FlagMutation[] = [];
  const listing = (node: NodeId, flag: FlagKind, l: Listing) => {
    if (isListed(l)) out.push({ op: 'setFlag', node, flag, timeMs: l.listedAt! });
    else if (l.removedAt !== null) out.push({ op: 'clearFlag', node, flag });
  };
  listing(ent, 'dishonest_debtor', s.dishonest);
  listing(ent, 'abnormal_operation', s.abnormal);
  // States hold pseudonym tokens only; anything else (a state written by a broken build) is skipped, not thrown.
  for (const [token, l] of Object.entries(s.listedPersons)) if (isPseudonym(token)) listing(personNode(token), 'dishonest_debtor', l);
  const latest = (refs: ReadonlyArray<{ at: number }>) => (refs.length > 0 ? Math.max(...refs.map((r) => r.at)) : null);
  const suit = latest(s.lawsuitsAsDefendant);
  if (suit !== null) out.push({ op: 'setFlag', node: ent, flag: 'litigation_defendant', timeMs: suit });
  const lost = latest(s.judgmentsLost);
  if (lost !== null) out.push({ op: 'setFlag', node: ent, flag: 'judgment_lost', timeMs: lost });
  if (s.defaultedAt !== null) out.push({ op: 'setFlag', node: ent, flag: 'defaulted', timeMs: s.defaultedAt });
  if (s.fraudConfirmedAt !== null) out.push({ op: 'setFlag', node: ent, flag: 'fraud_confirmed', timeMs: s.fraudConfirmedAt });
  return out;
}

export class ProspectBook {
  readonly config: ProspectsConfig;
  /** Graph reads go through the overlay; null = no graph (graph credit not computed). */
  readonly graph: KnowledgeGraph | null;
  readonly #overlay: FlagOverlayStore | null;
  readonly #states = new Map<string, EnterpriseState>();
  readonly #loanOwner = new Map<string, string>();
  readonly #pool: SeasonalPool;
  readonly #limits: StateLimits;
  #newestMonth: number | null = null;
  #watermark = 0;

  readonly #logger: Logger | undefined;

  constructor(config: ProspectsConfig, graph: KnowledgeGraph | null = null, options: { readonly logger?: Logger } = {}) {
    this.config = config;
    this.#logger = options.logger;
    this.#pool = new SeasonalPool(config.forecast.seasonality);
    this.#limits = { maxMonths: config.forecast.maxMonths, maxFacts: 20 };
    if (graph) {
      this.#overlay = new FlagOverlayStore(graph.store);
      // A whole batch of enterprises is read in lockstep chunks; give each chunk a budget that fits it.
      this.graph = new KnowledgeGraph(this.#overlay, { ...graph.config, linkedGroup: { ...graph.config.linkedGroup, maxMillis: Math.max(graph.config.linkedGroup.maxMillis, 2_000) } });
    } else {
      this.#overlay = null;
      this.graph = null;
    }
  }

  get size(): number {
    return this.#states.size;
  }

  /** Event-time "now": the latest event time folded in. */
  get watermark(): number {
    return this.#watermark;
  }

  get newestMonth(): number | null {
    return this.#newestMonth;
  }

  state(enterpriseId: string): EnterpriseState | undefined {
    return this.#states.get(enterpriseId);
  }

  enterpriseIds(): string[] {
    return [...this.#states.keys()];
  }

  /**
   * Restores states saved with prospect rows (after a restart), replacing any held, and puts the
   * flags they record back in the overlay, so a listing read before the restart still counts if
   * the scorer's graph has not caught up with it.
   */
  async restore(states: Iterable<EnterpriseState>): Promise<void> {
    const flags: FlagMutation[] = [];
    for (const s of states) {
      this.#states.set(s.enterpriseId, s);
      for (const loan of Object.keys(s.loans)) this.#loanOwner.set(loan, s.enterpriseId);
      this.#afterChange(s);
      this.#watermark = Math.max(this.#watermark, s.lastEventAt);
      flags.push(...flagsOfState(s));
    }
    if (this.#overlay && flags.length > 0) await this.#overlay.apply(flags);
  }

  #get(enterpriseId: string): EnterpriseState {
    let s = this.#states.get(enterpriseId);
    if (!s) this.#states.set(enterpriseId, (s = emptyState(enterpriseId)));
    return s;
  }

  #afterChange(s: EnterpriseState): void {
    const months = invoiceMonths(s);
    const last = months[months.length - 1]?.[0];
    if (last !== undefined && (this.#newestMonth === null || last > this.#newestMonth)) this.#newestMonth = last;
    this.#pool.set(s.enterpriseId, s.industryCode, observationsOf(months));
  }

  /** Folds a batch of events in; returns what changed. */
  async apply(events: readonly ProspectEvent[]): Promise<ApplyOutcome> {
    const touched = new Set<string>();
    const mutations: FlagMutation[] = [];
    for (const e of events) {
      this.#watermark = Math.max(this.#watermark, Date.parse(e.event.eventTime));
      if (e.topic === 'enterprise-updates') {
        const s = this.#get(e.event.enterpriseId);
        applyEnterpriseUpdate(s, e.event, this.#limits);
        touched.add(s.enterpriseId);
        this.#collectFlags(e, mutations);
      } else if (e.topic === 'labels') {
        const owner = e.event.enterpriseId ?? (e.event.loanId ? this.#loanOwner.get(e.event.loanId) : undefined);
        if (owner) {
          applyLabel(this.#get(owner), e.event);
          touched.add(owner);
        }
        this.#collectFlags(e, mutations);
      } else {
        const owner = e.event.enterpriseId ?? this.#loanOwner.get(e.event.loanId);
        if (!owner) continue;
        this.#loanOwner.set(e.event.loanId, owner);
        applyRepayment(this.#get(owner), e.event, this.#limits);
        touched.add(owner);
      }
    }
    for (const id of touched) this.#afterChange(this.#states.get(id)!);
    if (this.#overlay && mutations.length > 0) await this.#overlay.apply(mutations);
    const flagged = [...new Set(mutations.map((m) => m.node))];
    return { touched, flagged };
  }

  #collectFlags(e: ProspectEvent & { topic: 'enterprise-updates' | 'labels' }, into: FlagMutation[]): void {
    const found = flagMutationsOf(e);
    if (found instanceof Error) {
      this.#logger?.warn({ event: PROSPECT_LOG.flagsSkipped, eventId: e.event.eventId, topic: e.topic, err: found }, 'event not placed in the flag overlay; its flags count once the scorer has them');
      return;
    }
    into.push(...found);
  }

  /** Enterprises (known to the book) whose graph credit a flag on these nodes reaches (one lockstep traversal). */
  async reachedBy(nodes: readonly NodeId[]): Promise<Set<string>> {
    const out = new Set<string>();
    if (!this.graph || nodes.length === 0) return out;
    const { linkedGroup, superNodeDegree } = this.graph.config;
    const groups = await linkedGroups(this.graph.store, nodes.map((n) => [n]), {
      maxHops: this.config.graphCredit.maxHops, maxNodes: linkedGroup.maxNodes, maxMillis: linkedGroup.maxMillis,
      superNodeDegree, edgeTypes: ENTERPRISE_RISK_EDGE_TYPES, membersCap: linkedGroup.maxNodes,
    });
    for (const group of groups) {
      for (const m of group.members) {
        if (!m.node.startsWith('ent:')) continue;
        const id = m.node.slice(4);
        if (this.#states.has(id)) out.add(id);
      }
    }
    return out;
  }

  /** The revenue forecast of an enterprise with the current industry profile. */
  forecast(enterpriseId: string): RevenueForecast | null {
    const s = this.#states.get(enterpriseId);
    if (!s) return null;
    return forecastRevenue(invoiceMonths(s), this.#pool.profile(s.industryCode), this.config.forecast);
  }

  /** Prospect rows of the given enterprises as of the watermark. Graph credit is read only for those the state alone does not exclude. */
  async evaluate(enterpriseIds: Iterable<string>): Promise<Prospect[]> {
    const asOf = this.#watermark;
    const items = [...new Set(enterpriseIds)].flatMap((id) => {
      const state = this.#states.get(id);
      return state ? [{ state, forecast: this.forecast(id) }] : [];
    });
    const needGraph = this.graph
      ? items.filter((i) => stateExclusions({ state: i.state, forecast: i.forecast, asOf, newestMonth: this.#newestMonth }, this.config).length === 0)
      : [];
    const credits = new Map<string, GraphCredit>();
    if (this.graph && needGraph.length > 0) {
      const results = await graphCreditMany(this.graph, needGraph.map((i) => i.state.enterpriseId), this.config.graphCredit);
      for (const c of results) credits.set(c.enterpriseId, c);
    }
    return items.map((i) => evaluateProspect({ state: i.state, forecast: i.forecast, credit: credits.get(i.state.enterpriseId) ?? null, asOf, newestMonth: this.#newestMonth }, this.config));
  }
}

