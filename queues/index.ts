/**
 * Public API of the alert queues (see README.md): start the service, or use the parts — routing,
 * the Redis store, the alert source, the mirror.
 */
export { startQueueService, type QueueService, type QueueServiceOptions } from './service.ts';
export { loadRoutingConfig, parseRoutingConfig, RoutingConfig, DEFAULT_ROUTING_CONFIG_PATH } from './config.ts';
export { routeAlert, teamFor, openKeyOf, type IncomingAlert, type RoutedAlert } from './route.ts';
export { expectedLossOf, priorityOf } from './priority.ts';
export { RedisQueueStore, type QueueStoreOptions, type EnqueueResult, type ClaimResult, type SweepResult } from './store.ts';
export { AlertIngestor } from './ingest.ts';
export { TopicAlertSource, alertRecord, decodeAlertRecord, ALERT_HEADERS, type AlertSource } from './alertSource.ts';
export { QueueMirror, QUEUE_HISTORY_TABLE, AUDIT_LOG_TABLE } from './mirror.ts';
export { ChangeFeed } from './changeFeed.ts';
export { ClickHouseContextSource, type AlertContextSource, type AlertContext } from './context.ts';
export { QueueEvent, QUEUE_EVENTS_TOPIC } from './queueEvent.ts';
export { buildOutcome, type Resolution } from './outcome.ts';
export { QueueKeys } from './keys.ts';
export { AlertNotFoundError, QueueConflictError, ForbiddenError } from './errors.ts';
export { createQueueMetrics, QUEUE_METRIC } from './metrics.ts';
export type { QueueAlert, AlertDetail, QueueChange, Actor, QueueState, Role } from './types.ts';
