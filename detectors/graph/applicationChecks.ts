/**
 * Every graph check of a batch of applications, run together: shared identifiers, the linked
 * group and its risk spread (one traversal), inconsistencies and guarantee circles. Each check is
 * batched across the applications, and the checks run concurrently, so the batch costs about
 * (2 × maxHops + 2) round trips on Redis however many applications it holds.
 *
 * Run it after `applyEvents` for the same batch (or before: own nodes are excluded either way).
 */
import type { EventOf } from '../../schemas/topics.ts';
import type { GraphConfig } from './config.ts';
import { applicationNodes, type ApplicationNodes } from './eventMutations.ts';
import { guaranteeCirclesMany, type GuaranteeCircle } from './guaranteeCircles.ts';
import { inconsistenciesMany, type Inconsistencies } from './inconsistencies.ts';
import { groupOf, prefixesFor, type LinkedGroup } from './linkedGroup.ts';
import { flagsOfVisited, spreadRisk, type RiskSpread } from './riskSpread.ts';
import { sharedIdentifierCountsMany, SHARED_IDENTIFIERS, type SharedIdentifierCounts } from './sharedIdentifiers.ts';
import type { GraphStore } from './store.ts';
import { traverseMany } from './traverse.ts';
import type { GraphSignals, NodeId } from './types.ts';

export interface ApplicationGraphResult {
  readonly applicationId: string;
  readonly signals: GraphSignals;
  readonly shared: SharedIdentifierCounts;
  readonly group: LinkedGroup;
  readonly risk: RiskSpread;
  readonly inconsistencies: Inconsistencies;
  readonly guaranteeCircle: GuaranteeCircle;
}

/** The nodes an application's linked group starts from: its parties (hop 0) and its identifiers (hop 1). */
export const applicationSeeds = (n: ApplicationNodes): { seeds: NodeId[]; outerSeeds: NodeId[] } => ({
  seeds: [...new Set<NodeId>([n.person, n.ent])],
  outerSeeds: [...new Set<NodeId>([n.phone, n.companyPhone, n.device, n.ip, n.addr])],
});

export async function applicationGraphChecks(
  store: GraphStore,
  apps: readonly EventOf<'applications'>[],
  config: GraphConfig,
  options: { readonly clock?: () => number } = {},
): Promise<ApplicationGraphResult[]> {
  if (apps.length === 0) return [];
  const nodes = apps.map(applicationNodes);
  const seeds = nodes.map(applicationSeeds);
  const limits = { superNodeDegree: config.superNodeDegree, clock: options.clock };

  const groupAndRisk = (async () => {
    const traversals = await traverseMany(
      seeds.map((s) => ({ ...s, maxHops: config.linkedGroup.maxHops, maxNodes: config.linkedGroup.maxNodes })),
      { store, prefixes: prefixesFor(config.applicationEdgeTypes), maxMillis: config.linkedGroup.maxMillis, ...limits },
    );
    const flags = await flagsOfVisited(store, traversals);
    return traversals.map((t, i) => {
      const n = nodes[i] as ApplicationNodes;
      // The application's own parties and identifiers, and the application itself, are not "linked" risk.
      const exclude = new Set<NodeId>([...(seeds[i]?.seeds ?? []), ...(seeds[i]?.outerSeeds ?? []), n.app]);
      return {
        group: groupOf(t, config.membersCap),
        risk: spreadRisk(t, flags, { weights: config.flagWeights, decay: config.decay, exclude, maxContributions: config.membersCap }),
      };
    });
  })();

  const [shared, grouped, incons, circles] = await Promise.all([
    sharedIdentifierCountsMany(store, apps, { windowMs: config.windowMs, superNodeDegree: config.superNodeDegree }),
    groupAndRisk,
    inconsistenciesMany(store, apps, { superNodeDegree: config.superNodeDegree, membersCap: config.membersCap }),
    guaranteeCirclesMany(store, nodes.map((n) => n.ent), {
      maxLength: config.guaranteeCircleMaxLength, maxNodes: config.linkedGroup.maxNodes, maxMillis: config.linkedGroup.maxMillis, ...limits,
    }),
  ]);

  return apps.map((app, i) => {
    const s = shared[i] as SharedIdentifierCounts;
    const { group, risk } = grouped[i] as { group: LinkedGroup; risk: RiskSpread };
    const inc = incons[i] as Inconsistencies;
    const circle = circles[i] as GuaranteeCircle;
    const superNodes = new Set([...group.superNodesSkipped, ...circle.superNodesSkipped]);
    const signals: GraphSignals = {
      sharedPhoneApplicants: s.phone.applicants,
      sharedDeviceApplicants: s.device.applicants,
      sharedIpApplicants: s.ip.applicants,
      sharedAddressApplicants: s.addr.applicants,
      sharedCompanyPhoneEnterprises: s.companyPhone.applicants,
      sharedCountsCapped: SHARED_IDENTIFIERS.some((k) => s[k].capped) || inc.capped,
      linkedGroupSize: group.size,
      // Own person / enterprise are members of the group (hop 0); "linked" means the others.
      linkedPersons: Math.max(0, (group.byKind.person ?? 0) - 1),
      linkedEnterprises: Math.max(0, (group.byKind.ent ?? 0) - 1),
      linkedFlaggedCount: risk.flaggedCount,
      riskSpreadScore: risk.score,
      nearestFlaggedHops: risk.nearestHops,
      phoneUnderOtherEnterprises: inc.phoneUnderOtherEnterprises,
      declaredPhoneMismatch: inc.declaredPhoneMismatch,
      registryPhoneKnown: inc.registryPhoneKnown,
      guaranteeCircle: circle.found,
      guaranteeCircleLength: circle.length,
      truncated: group.truncated || circle.truncated,
      superNodesSkipped: superNodes.size,
    };
    return { applicationId: app.applicationId, signals, shared: s, group, risk, inconsistencies: inc, guaranteeCircle: circle };
  });
}
