/**
 * `fengkong queues`: the collection teams' alert queues.
 *
 *   fengkong queues serve [--demo]   API, console, ingestion from the alerts topic, timers, mirror
 *   fengkong queues token            a new random token and its users-file line
 *
 * `serve` uses the same connections as the pipeline (REDIS_URL, CLICKHOUSE_*, KAFKA_*). Without
 * REDIS_URL it starts a throw-away redis-server; without KAFKA_BROKERS alerts only come from
 * `--demo`, which raises them from simulator events with the early-warning detectors. The URL
 * goes to stdout, logs to stderr.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { loadQueueEnv } from '../../api/config.ts';
import { newToken, sha256Hex, UserDirectory } from '../../api/auth/users.ts';
import { loadConfig } from '../../lib/config.ts';
import { ConfigError, FengkongError, wrapError } from '../../lib/errors.ts';
import { createLogger } from '../../lib/logger.ts';
import { createClickHouse, describeClickHouse } from '../../pipelines/clickhouse/createClickHouse.ts';
import { migrate } from '../../pipelines/clickhouse/migrations.ts';
import { createConsumer, createProducer, topicName } from '../../pipelines/kafka/factory.ts';
import type { EventProducer } from '../../pipelines/kafka/types.ts';
import { InProcessConsumer, InProcessLog, InProcessProducer } from '../../pipelines/log/index.ts';
import { TOPICS } from '../../schemas/topics.ts';
import { alertRecord, TopicAlertSource, type AlertSource } from '../../queues/alertSource.ts';
import { loadRoutingConfig } from '../../queues/config.ts';
import { simulatedAlerts } from '../../queues/demo/simulatedAlerts.ts';
import { QUEUE_LOG } from '../../queues/logEvents.ts';
import { QUEUE_EVENTS_TOPIC } from '../../queues/queueEvent.ts';
import { startQueueService } from '../../queues/service.ts';
import { ROLES } from '../../queues/types.ts';
import { startRedis } from '../../services/redis.ts';

interface ServeOptions {
  port?: number;
  host?: string;
  demo?: boolean;
  seed: number;
  days: number;
  enterprises: number;
  rate: number;
}

const number = (what: string) => (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${what} must be a non-negative number, got '${value}'.`);
  return n;
};

/** A development roster for --demo when no users are configured: tokens printed on stderr. */
function demoUsers(users: UserDirectory, teams: readonly string[]): Array<{ id: string; role: string; teams: string; token: string }> {
  const roster = [
    { id: 'sup-1', role: 'supervisor' as const, teams: ['*'] },
    { id: 'agent-1', role: 'agent' as const, teams: ['early_collection'] },
    { id: 'agent-2', role: 'agent' as const, teams: ['early_collection'] },
    { id: 'ops-1', role: 'risk_ops' as const, teams: ['*'] },
  ].filter((u) => u.teams.every((t) => t === '*' || teams.includes(t)));
  return roster.map((u) => {
    const token = newToken();
    users.addToken(token, { id: u.id, role: u.role, teams: u.teams.includes('*') ? 'all' : new Set(u.teams) });
    return { id: u.id, role: u.role, teams: u.teams.join('+'), token };
  });
}

async function serve(opts: ServeOptions): Promise<void> {
  const config = loadConfig();
  const env = loadQueueEnv();
  const logger = createLogger(config.LOG_LEVEL);
  const routing = loadRoutingConfig(env.QUEUE_ROUTING_FILE);
  const teams = Object.keys(routing.teams);
  const users = new UserDirectory();
  if (env.FENGKONG_QUEUE_USERS_FILE) users.loadFile(env.FENGKONG_QUEUE_USERS_FILE, teams);
  if (env.FENGKONG_QUEUE_TOKENS) users.loadEnv(env.FENGKONG_QUEUE_TOKENS, teams);
  if (users.size === 0) {
    if (!opts.demo) throw new ConfigError('no queue users are configured: set FENGKONG_QUEUE_USERS_FILE (token digests; `npx fengkong queues token` makes one) or FENGKONG_QUEUE_TOKENS, or run with --demo for development tokens.');
    for (const u of demoUsers(users, teams)) process.stderr.write(`demo user ${u.id} (${u.role}, ${u.teams}): ${u.token}\n`);
    logger.warn({ event: QUEUE_LOG.demoTokens }, 'serving with development tokens printed above; configure real users before anyone else can reach this port');
  }

  const stops: Array<() => Promise<void>> = [];
  let redisUrl = config.REDIS_URL;
  if (!redisUrl) {
    const local = await startRedis();
    stops.push(() => local.stop());
    redisUrl = local.url;
    logger.warn({ redisUrl }, 'REDIS_URL is not set: started a throw-away redis-server; queue state is lost when this process stops');
  }

  const clickhouse = createClickHouse(config);
  stops.push(() => clickhouse.close());
  try {
    await migrate(clickhouse);
  } catch (error) {
    throw wrapError(`migrating ${describeClickHouse(config)}`, error);
  }

  let producer: EventProducer;
  let alertSource: AlertSource;
  let feed: EventProducer | undefined;
  const alertsTopic = topicName(config, TOPICS.alerts.name);
  if (config.KAFKA_BROKERS) {
    producer = await createProducer(config, 'fengkong-queues', { logger });
    alertSource = new TopicAlertSource(await createConsumer(config, env.QUEUE_CONSUMER_GROUP, { logger }), { topic: alertsTopic, logger });
    if (opts.demo) {
      feed = await createProducer(config, 'fengkong-queues-demo', { logger });
    }
  } else {
    const log = new InProcessLog({ logger });
    stops.push(async () => log.close());
    producer = new InProcessProducer(log);
    alertSource = new TopicAlertSource(new InProcessConsumer(log, { groupId: env.QUEUE_CONSUMER_GROUP, logger }), { topic: alertsTopic, logger });
    if (opts.demo) feed = new InProcessProducer(log);
    else logger.warn('KAFKA_BROKERS is not set: no alerts topic to consume; use --demo to raise alerts from simulator events');
  }

  const service = await startQueueService({
    redisUrl, routing, users, clickhouse, producer, alertSource, logger,
    topics: { queueEvents: topicName(config, QUEUE_EVENTS_TOPIC), outcomes: topicName(config, TOPICS['collection-outcomes'].name) },
    prefix: env.QUEUE_KEY_PREFIX,
    streamMaxLen: env.QUEUE_STREAM_MAX_LEN,
    host: opts.host ?? env.QUEUE_API_HOST,
    port: opts.port ?? env.QUEUE_API_PORT,
    rateLimitPerMinute: env.QUEUE_RATE_LIMIT_PER_MINUTE,
    sweepIntervalMs: env.QUEUE_SWEEP_INTERVAL_MS,
    instance: env.QUEUE_INSTANCE,
  });
  process.stdout.write(`${service.url}/console/\n`);

  let feeding: Promise<void> | undefined;
  let stopping = false;
  if (feed) {
    const producerForDemo = feed;
    feeding = (async () => {
      const { alerts, eventRows } = simulatedAlerts({ seed: opts.seed, days: opts.days, enterprises: opts.enterprises, piiKey: config.piiKey });
      await clickhouse.insert('events', eventRows);
      await producerForDemo.connect();
      logger.info({ alerts: alerts.length, ratePerSecond: opts.rate }, 'demo: producing alerts raised from simulator events');
      for (const a of alerts) {
        if (stopping) break;
        await producerForDemo.send([alertRecord(a, alertsTopic)]);
        if (opts.rate > 0) await new Promise((resolve) => setTimeout(resolve, 1000 / opts.rate));
      }
      await producerForDemo.disconnect();
    })().catch((error: unknown) => logger.error({ err: error }, 'demo feed failed'));
  }

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  stopping = true;
  await feeding;
  await service.close();
  for (const stop of stops.reverse()) await stop();
}

export function registerQueues(program: Command): void {
  const queues = program.command('queues').description('Alert queues of the collection teams: API, web console, ingestion, timers');
  queues
    .command('serve')
    .description('Serve the queue API and console; ingest alerts from the alerts topic (REDIS_URL, CLICKHOUSE_*, KAFKA_* as for the pipeline)')
    .option('--port <port>', 'port (default QUEUE_API_PORT or 8088; 0 = free port)', number('--port'))
    .option('--host <host>', 'address to listen on (default QUEUE_API_HOST or 127.0.0.1)')
    .option('--demo', 'raise alerts from simulator events and feed them in live; print development tokens when no users are configured')
    .option('--seed <n>', 'demo: simulator seed', number('--seed'), 7)
    .option('--days <n>', 'demo: days simulated', number('--days'), 60)
    .option('--enterprises <n>', 'demo: enterprises simulated', number('--enterprises'), 200)
    .option('--rate <n>', 'demo: alerts per second (0 = all at once)', number('--rate'), 2)
    .action(async (opts: ServeOptions) => serve(opts));
  queues
    .command('token')
    .description('Print a new random token and the line for FENGKONG_QUEUE_USERS_FILE (which holds only its SHA-256)')
    .requiredOption('--id <id>', 'user id, e.g. agent-07')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--teams <teams>', 'comma-separated team ids, or * for every team', '*')
    .action((opts: { id: string; role: string; teams: string }) => {
      if (!(ROLES as readonly string[]).includes(opts.role)) throw new FengkongError('fengkong:usage', `--role must be one of ${ROLES.join(', ')}, got '${opts.role}'`);
      const token = newToken();
      const teams = opts.teams.split(',').map((t) => t.trim()).filter(Boolean).map((t) => (t === '*' ? "'*'" : t));
      process.stdout.write(`token: ${token}\n`);
      process.stdout.write(`users-file line:   - { id: ${opts.id}, role: ${opts.role}, teams: [${teams.join(', ')}], tokenSha256: ${sha256Hex(token)} }\n`);
    });
}
