/**
 * The feature layer: one declarative registry, served online by the Redis store and in process
 * by the embedded store (same interface, same semantics), and computed offline for training.
 */
export type {
  Aggregate, EntityStats, EntityType, EventOutcome, FeatureBatchResult, FeatureDef, FeatureInput, FeatureRegistry,
  FeatureSource, FeatureStore, FeatureVector, ListColor, ListEntry, ListEntryInput, ListHit, ListKind, ListRef, WindowDef,
} from './types.ts';
export { ENTITY_DEFS, ENTITY_TYPES, LIST_COLORS, LIST_KINDS, LIST_LOOKUPS } from './entities.ts';
export { DEFAULT_WINDOWS, FEATURE_REGISTRY, featureNames } from './registry.ts';
export { applyRegistryOverride, loadFeatureRegistry } from './registryYaml.ts';
export type { FeatureStoreOptions } from './storeOptions.ts';
export { createEmbeddedFeatureStore, type EmbeddedFeatureStore } from './embeddedStore.ts';
export { createRedisFeatureStore, type RedisFeatureStoreOptions } from './redisStore.ts';
export type { RedisClientLike, RedisClusterLike } from './redisPort.ts';
export { computeFeaturesOffline, type OfflineFeatureRow, type OfflineOptions } from './offline.ts';
export {
  createEmbeddedProfileStore, createRedisProfileStore,
  type ApplicantProfile, type EnterpriseProfile, type LoanProfile, type ProfileKind, type ProfileStore,
} from './profiles.ts';
export { FEATURE_LOG } from './logEvents.ts';
