/**
 * Graph credit of an enterprise (used by prospect discovery): how much lawsuit, listing, default
 * and fraud risk sits around it — on its shareholders, officers, guarantors and payment
 * counterparties — weighted by flag and decayed per hop. Same machinery as application risk
 * spread, over enterprise-centric edges and with lawsuits counted.
 */
import type { GraphConfig } from './config.ts';
import { riskSpreadMany, type RiskSpread } from './riskSpread.ts';
import type { GraphStore } from './store.ts';
import { ENTERPRISE_RISK_EDGE_TYPES, type NodeId } from './types.ts';

export interface EnterpriseGraphRisk extends RiskSpread {
  readonly enterprise: NodeId;
}

/** Graph credit of many enterprises in lockstep. The enterprise's own flags are not counted. */
export async function enterpriseGraphRiskMany(
  store: GraphStore,
  enterprises: readonly NodeId[],
  config: GraphConfig,
  options: { readonly clock?: () => number } = {},
): Promise<EnterpriseGraphRisk[]> {
  const spreads = await riskSpreadMany(store, enterprises.map((e) => [e]), {
    ...config.linkedGroup,
    superNodeDegree: config.superNodeDegree,
    weights: config.enterpriseFlagWeights,
    decay: config.decay,
    edgeTypes: ENTERPRISE_RISK_EDGE_TYPES,
    maxContributions: config.membersCap,
    clock: options.clock,
  });
  return spreads.map((s, i) => ({ ...s, enterprise: enterprises[i] as NodeId }));
}

/** Graph credit of one enterprise. */
export async function enterpriseGraphRisk(store: GraphStore, enterprise: NodeId, config: GraphConfig, options: { readonly clock?: () => number } = {}): Promise<EnterpriseGraphRisk> {
  const [one] = await enterpriseGraphRiskMany(store, [enterprise], config, options);
  return one as EnterpriseGraphRisk;
}
