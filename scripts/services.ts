/**
 * Local backing services for development: a Redis server and the Kafka mock broker, started in
 * the background and left running until `stop`. Their addresses go to `.tmp/services.json`
 * and, as environment lines, to stdout:
 *
 *   npm run services start            # or: node bin/run-ts.js scripts/services.ts start
 *   npm run services status
 *   npm run services stop
 *
 * The Kafka mock keeps only the newest 5 MiB per partition and nothing across restarts (see
 * services/kafka-mock/launcher.c); Redis runs without persistence.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { startKafka } from '../services/kafka.ts';
import { freePort, waitForPort } from '../services/ports.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const STATE_DIR = join(ROOT, '.tmp', 'services');
const STATE_FILE = join(ROOT, '.tmp', 'services.json');

interface ServicesState {
  readonly startedAt: string;
  readonly redis: { readonly url: string; readonly port: number; readonly pid: number; readonly log: string };
  readonly kafka: { readonly brokers: string; readonly pid: number; readonly log: string };
}

/** Is `pid` alive and running the program we started (guards against a recycled pid)? */
async function isOurs(pid: number, program: string): Promise<boolean> {
  try {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes(program);
  } catch {
    return false;
  }
}

async function readState(): Promise<ServicesState | undefined> {
  try {
    return JSON.parse(await readFile(STATE_FILE, 'utf8')) as ServicesState;
  } catch {
    return undefined;
  }
}

function printEnv(state: ServicesState): void {
  process.stdout.write(`REDIS_URL=${state.redis.url}\nKAFKA_BROKERS=${state.kafka.brokers}\n`);
}

async function startRedisInBackground(port: number): Promise<ServicesState['redis']> {
  const dataDir = join(STATE_DIR, 'redis-data');
  const log = join(STATE_DIR, 'redis.log');
  await mkdir(dataDir, { recursive: true });
  const bin = process.env.REDIS_SERVER_BIN ?? 'redis-server';
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dataDir, '--protected-mode', 'no', '--logfile', log];
  const child = spawn(bin, args, { detached: true, stdio: 'ignore' });
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (err) => reject(new Error(`could not start ${bin}: ${err.message}. Install it with: apt-get install redis-server`)));
    child.once('exit', (code) => reject(new Error(`redis-server exited with code ${code}; see ${log}`)));
  });
  await Promise.race([waitForPort(port), failed]);
  failed.catch(() => undefined);
  child.unref();
  return { url: `redis://127.0.0.1:${port}`, port, pid: child.pid!, log };
}

async function stopPid(pid: number, program: string, name: string): Promise<void> {
  if (!(await isOurs(pid, program))) {
    process.stderr.write(`services: ${name} (pid ${pid}) is not running\n`);
    return;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (await isOurs(pid, program)) {
    if (Date.now() > deadline) {
      process.stderr.write(`services: ${name} (pid ${pid}) did not stop within 10 s; sending SIGKILL\n`);
      process.kill(pid, 'SIGKILL');
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  process.stderr.write(`services: stopped ${name} (pid ${pid})\n`);
}

const port = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new InvalidArgumentError('a port number (1-65535)');
  return n;
};

const program = new Command('services').description('Local Redis and Kafka (librdkafka mock) for development');

program
  .command('start')
  .description('start Redis and the Kafka mock in the background; prints REDIS_URL and KAFKA_BROKERS')
  .option('--redis-port <port>', 'Redis port (default: a free one)', port)
  .option('--kafka-port <port>', 'Kafka mock port (default: a free one)', port)
  .option('--partitions <n>', 'partitions of each registry topic', (v) => Number(v), 4)
  .action(async (opts: { redisPort?: number; kafkaPort?: number; partitions: number }) => {
    const existing = await readState();
    if (existing && (await isOurs(existing.redis.pid, 'redis-server')) && (await isOurs(existing.kafka.pid, 'launcher'))) {
      process.stderr.write(`services: already running (started ${existing.startedAt}); \`npm run services stop\` first to restart\n`);
      printEnv(existing);
      return;
    }
    if (existing) {
      // A half-running set from an earlier start: stop what is left, then start afresh.
      await stopPid(existing.redis.pid, 'redis-server', 'redis');
      await stopPid(existing.kafka.pid, 'launcher', 'kafka');
    }
    await mkdir(STATE_DIR, { recursive: true });
    const redis = await startRedisInBackground(opts.redisPort ?? (await freePort()));
    let kafka;
    try {
      const log = join(STATE_DIR, 'kafka.log');
      const started = await startKafka({ partitions: opts.partitions, background: { logFile: log }, ...(opts.kafkaPort ? { port: opts.kafkaPort } : {}) });
      kafka = { brokers: started.brokers, pid: started.pid, log };
    } catch (err) {
      await stopPid(redis.pid, 'redis-server', 'redis');
      throw err;
    }
    const state: ServicesState = { startedAt: new Date().toISOString(), redis, kafka };
    await writeFile(STATE_FILE, JSON.stringify(state, null, 2) + '\n');
    process.stderr.write(`services: Redis ${redis.url} (pid ${redis.pid}), Kafka ${kafka.brokers} (pid ${kafka.pid}); addresses in ${STATE_FILE}\n`);
    printEnv(state);
  });

program
  .command('status')
  .description('show whether the services are running')
  .action(async () => {
    const state = await readState();
    if (!state) {
      process.stderr.write('services: not started (`npm run services start`)\n');
      process.exitCode = 1;
      return;
    }
    const redisUp = await isOurs(state.redis.pid, 'redis-server');
    const kafkaUp = await isOurs(state.kafka.pid, 'launcher');
    process.stderr.write(`services: redis ${redisUp ? 'running' : 'stopped'} (pid ${state.redis.pid}), kafka ${kafkaUp ? 'running' : 'stopped'} (pid ${state.kafka.pid})\n`);
    printEnv(state);
    if (!redisUp || !kafkaUp) process.exitCode = 1;
  });

program
  .command('stop')
  .description('stop the services started by `start` and forget their data')
  .action(async () => {
    const state = await readState();
    if (!state) {
      process.stderr.write('services: nothing to stop (no .tmp/services.json)\n');
      return;
    }
    await stopPid(state.redis.pid, 'redis-server', 'redis');
    await stopPid(state.kafka.pid, 'launcher', 'kafka');
    await rm(STATE_FILE, { force: true });
    await rm(join(STATE_DIR, 'redis-data'), { recursive: true, force: true });
  });

await program.parseAsync(process.argv);
