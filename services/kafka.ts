/**
 * A throw-away Kafka-protocol broker for tests, benchmarks and development: librdkafka's mock
 * cluster (one broker on 127.0.0.1) run by `services/kafka-mock/launcher.c`, which is compiled
 * here with the system C compiler the first time (or when the source changed).
 *
 * Limits of the mock (see launcher.c): each partition keeps only its newest 5 MiB of record
 * batches (12k uncompressed 400-byte events; compressed batches hold far more), no CreateTopics
 * (topics are created here at start, or by `createMockTopics`), no TLS/SASL, nothing persisted.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { FengkongError } from '../lib/errors.ts';
import { dlqTopicOf, INPUT_TOPICS, TOPICS } from '../schemas/topics.ts';

const execFileAsync = promisify(execFile);

export interface LocalKafka {
  /** Bootstrap servers, e.g. `127.0.0.1:40123`. */
  readonly brokers: string;
  /** Process id of the broker (for `scripts/services.ts stop`). */
  readonly pid: number;
  /** Stops the broker (SIGTERM); every record and committed offset is gone. */
  stop(): Promise<void>;
}

export interface KafkaTopicSpec {
  readonly name: string;
  readonly partitions: number;
}

export interface StartKafkaOptions {
  /** Extra topics, created next to the default ones (the mock has no CreateTopics API). */
  readonly topics?: readonly KafkaTopicSpec[];
  /** Partitions of each default topic (every registry topic and `<input>.dlq`). Default 4. */
  readonly partitions?: number;
  /** Fixed port on 127.0.0.1; default: a port the OS picks. */
  readonly port?: number;
  /**
   * Keep running after this process exits (development services): the broker is detached
   * and its log goes to `logFile`. Default: it dies with this process.
   */
  readonly background?: { readonly logFile: string };
}

const MOCK_DIR = join(dirname(fileURLToPath(import.meta.url)), 'kafka-mock');
export const LAUNCHER_SOURCE = join(MOCK_DIR, 'launcher.c');
export const LAUNCHER_BINARY = join(MOCK_DIR, 'build', 'launcher');

const READY_TIMEOUT_MS = 15_000;
export const DEFAULT_PARTITIONS = 4;

/** Registry topics plus `<input>.dlq` for each input topic, each with `partitions` partitions. */
export function defaultTopics(partitions = DEFAULT_PARTITIONS): KafkaTopicSpec[] {
  const names = [...Object.values(TOPICS).map((t) => t.name), ...INPUT_TOPICS.map((t) => dlqTopicOf(TOPICS[t].name))];
  return names.map((name) => ({ name, partitions }));
}

/** Starts a mock broker with the default topics plus `options.topics`. */
export async function startKafka(options: StartKafkaOptions = {}): Promise<LocalKafka> {
  const binary = await ensureLauncher();
  const byName = new Map<string, number>();
  for (const t of [...defaultTopics(options.partitions ?? DEFAULT_PARTITIONS), ...(options.topics ?? [])]) {
    if (!Number.isInteger(t.partitions) || t.partitions < 1) throw new FengkongError('fengkong:config', `topic ${t.name}: partitions must be a positive integer, got ${t.partitions}`);
    byName.set(t.name, t.partitions);
  }
  const args = [...(options.port ? ['--port', String(options.port)] : []), ...(options.background ? [] : ['--exit-with-parent'])];
  for (const [name, partitions] of byName) args.push(`${name}:${partitions}`);

  let child: ChildProcess;
  if (options.background) {
    const log = await open(options.background.logFile, 'a');
    child = spawn(binary, args, { detached: true, stdio: ['ignore', 'pipe', log.fd] });
    await log.close();
  } else {
    child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  }
  let stderr = '';
  // Keep the tail only: it is for error messages, and the broker may run for hours.
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-8_000)));

  const brokers = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new FengkongError('fengkong:kafka-unavailable', `the Kafka mock did not report READY within ${READY_TIMEOUT_MS} ms: ${stderr.trim()}`));
    }, READY_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      lines.close();
      const match = /^READY (\S+)$/.exec(line);
      if (match) resolve(match[1]!);
      else reject(new FengkongError('fengkong:kafka-unavailable', `unexpected first line from the Kafka mock: ${line}`));
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new FengkongError('fengkong:kafka-unavailable', `could not start ${binary}: ${err.message}`, { cause: err }));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new FengkongError('fengkong:kafka-unavailable', `the Kafka mock exited with code ${code}: ${stderr.trim()}`));
    });
  });
  // Only one line is ever printed; close our end so a detached broker does not hold our pipe.
  child.stdout?.destroy();
  if (options.background) child.unref();

  const pid = child.pid!;
  return {
    brokers,
    pid,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.ref(); // a background broker was unref'd: keep this process alive until it exits
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}

/**
 * Creates topics on a running mock broker, each with the mock's default 4 partitions. The mock
 * has no CreateTopics API, but creates a topic when a Metadata request for it allows
 * auto-creation (which kafkajs' admin client does): handy for per-test scratch topics.
 */
export async function createMockTopics(brokers: string, names: readonly string[]): Promise<void> {
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({ clientId: 'fengkong-mock-topics', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.fetchTopicMetadata({ topics: [...names] });
  } finally {
    await admin.disconnect();
  }
}

/** Compiles launcher.c into build/ when the binary is missing or older than the source. */
export async function ensureLauncher(): Promise<string> {
  const [src, bin] = await Promise.all([stat(LAUNCHER_SOURCE), stat(LAUNCHER_BINARY).catch(() => null)]);
  if (bin && bin.mtimeMs >= src.mtimeMs) return LAUNCHER_BINARY;

  await mkdir(dirname(LAUNCHER_BINARY), { recursive: true });
  const flags = await pkgConfigRdkafka();
  // Build to a private name and rename, so concurrent starters never run a half-written binary.
  const tmp = `${LAUNCHER_BINARY}.${process.pid}.tmp`;
  try {
    await execFileAsync(process.env.CC ?? 'cc', ['-O2', '-Wall', LAUNCHER_SOURCE, '-o', tmp, ...flags, '-ldl']);
  } catch (err) {
    await rm(tmp, { force: true });
    const output = err instanceof Error && 'stderr' in err ? String((err as { stderr: unknown }).stderr) : String(err);
    if (/rdkafka(_mock)?\.h|cannot find -lrdkafka/.test(output)) {
      throw new FengkongError('fengkong:kafka-mock-build', `librdkafka headers are missing, needed to build the local Kafka broker. Install them with: apt-get install librdkafka-dev\n${output.trim()}`, { cause: err });
    }
    if (/ENOENT/.test(output)) {
      throw new FengkongError('fengkong:kafka-mock-build', 'no C compiler (cc) found to build the local Kafka broker. Install one with: apt-get install build-essential librdkafka-dev', { cause: err });
    }
    throw new FengkongError('fengkong:kafka-mock-build', `building ${LAUNCHER_SOURCE} failed:\n${output.trim()}`, { cause: err });
  }
  await rename(tmp, LAUNCHER_BINARY);
  return LAUNCHER_BINARY;
}

/** Compiler flags for librdkafka from pkg-config, or plain `-lrdkafka` where pkg-config is absent. */
async function pkgConfigRdkafka(): Promise<string[]> {
  try {
    const { stdout } = await execFileAsync('pkg-config', ['--cflags', '--libs', 'rdkafka']);
    const flags = stdout.trim().split(/\s+/).filter(Boolean);
    return flags.length > 0 ? flags : ['-lrdkafka'];
  } catch {
    return ['-lrdkafka'];
  }
}
