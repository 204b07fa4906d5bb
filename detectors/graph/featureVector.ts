/**
 * Graph signals as model features: every signal under `graph.<name>`, booleans as 0/1, so
 * models and the feature snapshot in the score record read one flat numeric vector.
 */
import type { GraphSignals } from './types.ts';

/** Feature names, in a stable order, for a registry or a model's input schema. */
export const GRAPH_FEATURE_NAMES = [
  'sharedPhoneApplicants', 'sharedDeviceApplicants', 'sharedIpApplicants', 'sharedAddressApplicants',
  'sharedCompanyPhoneEnterprises', 'sharedCountsCapped', 'linkedGroupSize', 'linkedPersons', 'linkedEnterprises',
  'linkedFlaggedCount', 'riskSpreadScore', 'nearestFlaggedHops', 'phoneUnderOtherEnterprises', 'declaredPhoneMismatch',
  'registryPhoneKnown', 'guaranteeCircle', 'guaranteeCircleLength', 'truncated', 'superNodesSkipped',
] as const satisfies ReadonlyArray<keyof GraphSignals>;

export const GRAPH_FEATURE_PREFIX = 'graph.';

export function toFeatureVector(signals: GraphSignals): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of GRAPH_FEATURE_NAMES) {
    const value = signals[name];
    out[`${GRAPH_FEATURE_PREFIX}${name}`] = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  }
  return out;
}

// Compile-time check that every signal has a feature name: fails to type-check if one is missing.
type MissingFeature = Exclude<keyof GraphSignals, (typeof GRAPH_FEATURE_NAMES)[number]>;
export const GRAPH_FEATURES_COMPLETE: [MissingFeature] extends [never] ? true : never = true;
