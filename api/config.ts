/**
 * Environment of the queue service (`fengkong queues serve`), declared once with zod like
 * lib/config.ts (which holds the connection settings it shares with the pipeline: REDIS_URL,
 * CLICKHOUSE_*, KAFKA_*). A bad value stops start-up with a message naming the variable.
 */
import { hostname } from 'node:os';
import { z } from 'zod';
import { ConfigError } from '../lib/errors.ts';

export const QUEUE_ENV_SCHEMA = z.object({
  QUEUE_API_HOST: z.string().default('127.0.0.1').describe('Address the queue API listens on (0.0.0.0 behind a load balancer).'),
  QUEUE_API_PORT: z.coerce.number().int().min(0).max(65535).default(8088).describe('Port of the queue API and console (0 = a free port).'),
  QUEUE_ROUTING_FILE: z.string().optional().describe('Alert-routing YAML (default config/routing.yaml).'),
  QUEUE_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]{1,32}$/).default('fk').describe('Prefix of the queue keys in Redis.'),
  QUEUE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600).describe('API requests per user (or per address before sign-in) per minute.'),
  QUEUE_SWEEP_INTERVAL_MS: z.coerce.number().int().min(50).default(1000).describe('How often lease expiry, snooze wake-up and SLA escalation run.'),
  QUEUE_STREAM_MAX_LEN: z.coerce.number().int().min(1000).default(200_000).describe('Changes kept in the Redis change stream; a mirror down for longer than this many changes loses the oldest.'),
  QUEUE_CONSUMER_GROUP: z.string().default('fengkong-queues').describe('Consumer group reading the alerts topic.'),
  QUEUE_INSTANCE: z.string().default(hostname()).describe('Name of this instance in the mirror\u2019s Redis consumer group (stable across restarts).'),
  FENGKONG_QUEUE_USERS_FILE: z.string().optional().describe('YAML of queue users with the SHA-256 of their tokens (see api/auth/users.ts).'),
  FENGKONG_QUEUE_TOKENS: z.string().optional().describe('Development users: comma-separated <id>:<role>:<team>+<team>:<token>.'),
});
export type QueueEnv = z.infer<typeof QUEUE_ENV_SCHEMA>;

export function loadQueueEnv(env: NodeJS.ProcessEnv = process.env): QueueEnv {
  const parsed = QUEUE_ENV_SCHEMA.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid queue configuration:\n${lines.join('\n')}\nFix these environment variables (see queues/README.md).`);
  }
  return parsed.data;
}
