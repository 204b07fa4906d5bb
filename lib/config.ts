/**
 * Configuration, declared once as a zod schema with descriptions and defaults. It is read from
 * the environment at start-up; a bad value exits with a message naming the variable.
 * `docs/configuration.md` is generated from this schema (`npx fengkong config docs`).
 */
import { z } from 'zod';
import { ConfigError } from './errors.ts';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every environment variable Fengkong reads, with its meaning and default. */
export const ENV_SCHEMA = z.object({
  KAFKA_BROKERS: z.string().optional().describe('Comma-separated Kafka bootstrap brokers. Unset: embedded in-process log.'),
  KAFKA_CLIENT: z.enum(['kafkajs', 'confluent']).default('kafkajs').describe('Kafka client library: kafkajs or @confluentinc/kafka-javascript.'),
  KAFKA_TOPIC_PREFIX: z.string().default('').describe('Prefix added to every topic name (e.g. "prod.").'),
  KAFKA_GROUP_ID: z.string().default('fengkong-scorer').describe('Consumer group of the scoring processors.'),
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).optional().describe('Consumer group session timeout: how soon a crashed processor\u2019s partitions move to another member (client default 30 s / 45 s).'),
  KAFKA_SSL: bool.default(false).describe('Connect to Kafka over TLS.'),
  KAFKA_SSL_CA_FILE: z.string().optional().describe('PEM file of the CA that signed the brokers\u2019 certificates.'),
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional().describe('SASL mechanism, if the brokers require SASL.'),
  KAFKA_SASL_USERNAME: z.string().optional().describe('SASL user name.'),
  KAFKA_SASL_PASSWORD: z.string().optional().describe('SASL password.'),
  REDIS_URL: z.string().optional().describe('redis:// or rediss:// (TLS) URL, with user:password for ACL. Unset: embedded feature store.'),
  REDIS_CLUSTER_NODES: z.string().optional().describe('Comma-separated redis:// URLs of Redis Cluster seed nodes (instead of REDIS_URL).'),
  CLICKHOUSE_URL: z.string().optional().describe('ClickHouse HTTP(S) URL. Unset: embedded chdb under FENGKONG_DATA_DIR.'),
  CLICKHOUSE_USER: z.string().default('default').describe('ClickHouse user.'),
  CLICKHOUSE_PASSWORD: z.string().default('').describe('ClickHouse password.'),
  CLICKHOUSE_DATABASE: z.string().default('fengkong').describe('ClickHouse database.'),
  FENGKONG_DATA_DIR: z.string().default('./data').describe('Where embedded mode keeps chdb data and the in-process log.'),
  FENGKONG_PII_KEY: z.string().min(16).optional().describe('Secret key (16+ bytes) for pseudonymising personal data. Required when any server is configured.'),
  FENGKONG_CONCURRENT_PARTITIONS: z.coerce.number().int().min(1).max(64).default(16).describe('Partitions one processor takes batches from at once (each still in order); their batches are processed together as one group (one feature-store round, one model run, one insert per table).'),
  FENGKONG_FEATURE_LATENESS_HOURS: z.coerce.number().min(0).max(24 * 365 * 5).default(24).describe('How far behind an entity\u2019s newest event time an event may arrive and still count in its windows; later ones are counted as late.'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level.'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464).describe('Port for /metrics, /livez and /readyz (0 = random free port).'),
});

export type FengkongConfig = z.infer<typeof ENV_SCHEMA> & {
  /** True when no server is configured: in-process log, embedded store and chdb. */
  readonly embedded: boolean;
  /** The pseudonymisation key in force. */
  readonly piiKey: string;
};

/** Development-only key used in embedded mode when none is set; never valid once a server is configured. */
export const EMBEDDED_DEV_PII_KEY = 'fengkong-embedded-development-key';

/** Reads and checks configuration; throws ConfigError naming the bad variable and what to do. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): FengkongConfig {
  const parsed = ENV_SCHEMA.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}\nFix these environment variables (see docs/configuration.md).`);
  }
  const c = parsed.data;
  const embedded = !c.KAFKA_BROKERS && !c.REDIS_URL && !c.REDIS_CLUSTER_NODES && !c.CLICKHOUSE_URL;
  if (!embedded && !c.FENGKONG_PII_KEY) {
    throw new ConfigError('FENGKONG_PII_KEY is required when Kafka, Redis or ClickHouse is configured: set it to a random secret of 16+ bytes (e.g. `openssl rand -hex 32`).');
  }
  return { ...c, embedded, piiKey: c.FENGKONG_PII_KEY ?? EMBEDDED_DEV_PII_KEY };
}

/** Markdown table of every variable, generated from the schema. */
export function configDocs(): string {
  const rows = Object.entries(ENV_SCHEMA.shape).map(([name, schema]) => {
    const description = schema.description ?? '';
    const result = schema.safeParse(undefined);
    const fallback = result.success && result.data !== undefined ? `\`${String(result.data)}\`` : '';
    return `| \`${name}\` | ${fallback} | ${description} |`;
  });
  return ['| Variable | Default | Meaning |', '|---|---|---|', ...rows].join('\n') + '\n';
}
