/**
 * The knowledge graph as one object for processors, the API and the CLI: a store, a
 * configuration, and every check with the configured limits filled in.
 */
import type { EventOf } from '../../schemas/topics.ts';
import { applicationGraphChecks, type ApplicationGraphResult } from './applicationChecks.ts';
import { applyEvents, type ApplyResult } from './applyEvents.ts';
import { graphConfig, type GraphConfig, type GraphConfigInput } from './config.ts';
import { enterpriseGraphRiskMany, type EnterpriseGraphRisk } from './enterpriseGraphRisk.ts';
import type { GraphEvent } from './eventMutations.ts';
import { explainPath } from './explainPath.ts';
import { guaranteeCirclesMany, type GuaranteeCircle } from './guaranteeCircles.ts';
import { linkedGroups, type LinkedGroup } from './linkedGroup.ts';
import { shortestPath, type RelationshipPath } from './shortestPath.ts';
import type { GraphStore } from './store.ts';
import type { EdgeType, NodeId, TraversalLimits } from './types.ts';

export interface ExplainedPath extends RelationshipPath {
  /** The path in words; null when no path was found. */
  readonly text: { readonly en: string; readonly zh: string } | null;
}

export class KnowledgeGraph {
  readonly store: GraphStore;
  readonly config: GraphConfig;
  readonly #clock: (() => number) | undefined;

  constructor(store: GraphStore, config: GraphConfig | GraphConfigInput = {}, options: { readonly clock?: () => number } = {}) {
    this.store = store;
    this.config = graphConfig(config as GraphConfigInput);
    this.#clock = options.clock;
  }

  /** Writes validated, pseudonymised events (pipelined). */
  applyEvents(events: readonly GraphEvent[]): Promise<ApplyResult> {
    return applyEvents(this.store, events);
  }

  /** Every graph check of a batch of applications, with `GraphSignals` for rules and models. */
  checkApplications(apps: readonly EventOf<'applications'>[]): Promise<ApplicationGraphResult[]> {
    return applicationGraphChecks(this.store, apps, this.config, { clock: this.#clock });
  }

  /** Linked group of a node within the configured (or given) limits. */
  async linkedGroup(node: NodeId, limits: Partial<TraversalLimits> & { edgeTypes?: readonly EdgeType[] } = {}): Promise<LinkedGroup> {
    const [group] = await linkedGroups(this.store, [[node]], {
      ...this.config.linkedGroup, ...limits, superNodeDegree: this.config.superNodeDegree, membersCap: this.config.membersCap, clock: this.#clock,
    });
    return group as LinkedGroup;
  }

  /** Shortest guarantee circle through each enterprise. */
  guaranteeCircles(enterprises: readonly NodeId[]): Promise<GuaranteeCircle[]> {
    return guaranteeCirclesMany(this.store, enterprises, {
      maxLength: this.config.guaranteeCircleMaxLength, maxNodes: this.config.linkedGroup.maxNodes,
      maxMillis: this.config.linkedGroup.maxMillis, superNodeDegree: this.config.superNodeDegree, clock: this.#clock,
    });
  }

  /** Graph credit of enterprises (risk spread over owners, officers, guarantors, counterparties). */
  enterpriseGraphRisk(enterprises: readonly NodeId[]): Promise<EnterpriseGraphRisk[]> {
    return enterpriseGraphRiskMany(this.store, enterprises, this.config, { clock: this.#clock });
  }

  /** Shortest relationship path from a to b, explained in English and Chinese. */
  async path(a: NodeId, b: NodeId, limits: Partial<TraversalLimits> & { edgeTypes?: readonly EdgeType[] } = {}): Promise<ExplainedPath> {
    const found = await shortestPath(this.store, a, b, {
      ...this.config.path, ...limits, superNodeDegree: this.config.superNodeDegree, clock: this.#clock,
    });
    if (!found.found) return { ...found, text: null };
    const ents = found.nodes.filter((n) => n.startsWith('ent:'));
    const props = await this.store.props(ents);
    const names = new Map<NodeId, string>();
    for (const [node, p] of props) if (p.name) names.set(node, p.name);
    return { ...found, text: { en: explainPath(a, found.steps, names, 'en'), zh: explainPath(a, found.steps, names, 'zh') } };
  }
}
