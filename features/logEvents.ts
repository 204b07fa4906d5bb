/**
 * Names of the feature layer's log events (kafkajs instrumentationEvents style). Late and
 * duplicate counts are returned per batch; the processor turns them into its metrics.
 */
export const FEATURE_LOG = {
  redisError: 'features.redis_error',
  scriptsReloaded: 'features.scripts_reloaded',
  vectorWriteFailed: 'features.vector_write_failed',
  profileSkipped: 'features.profile_skipped',
} as const;
