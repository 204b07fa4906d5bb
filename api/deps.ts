/** What the queue API is built from; the service (queues/service.ts) or a test supplies it. */
import type { Logger } from 'pino';
import type { ChangeFeed } from '../queues/changeFeed.ts';
import type { AlertContextSource } from '../queues/context.ts';
import type { QueueMetrics } from '../queues/metrics.ts';
import type { RedisQueueStore } from '../queues/store.ts';
import type { UserDirectory } from './auth/users.ts';

export interface QueueApiDeps {
  readonly store: RedisQueueStore;
  readonly users: UserDirectory;
  /** Live changes for Server-Sent Events; without it /api/v1/events answers 503. */
  readonly feed?: ChangeFeed;
  /** Repayments, transactions, graph links and third-party events beside an alert. */
  readonly context?: AlertContextSource;
  readonly metrics?: QueueMetrics;
  readonly logger?: Logger;
  /** Requests per user (or per address, before sign-in) per minute; default 600. */
  readonly rateLimitPerMinute?: number;
  /** Dependency checks for /readyz: name → healthy. */
  readonly readiness?: () => Promise<Record<string, boolean>>;
  /** Folder of the web console (default: the repository's console/). */
  readonly consoleDir?: string;
  /** SSE heartbeat interval (default 15 s). */
  readonly heartbeatMs?: number;
}
