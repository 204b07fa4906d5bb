/**
 * A throw-away Redis server (Debian redis-server) on a free port, for tests, benchmarks and
 * development. No persistence, no protected mode, data in a temp dir removed on stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from './ports.ts';

export interface LocalRedis {
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGTERM) and removes its directory. */
  stop(): Promise<void>;
  /** Stops the server but keeps the port, for outage tests; `start()` brings it back on the same port. */
  pause(): Promise<void>;
  start(): Promise<void>;
}

const REDIS_BIN = process.env.REDIS_SERVER_BIN ?? 'redis-server';

/**
 * `persist`: append-only file with fsync on every write, so a stop/start (outage tests) keeps the
 * data as a production Redis with AOF would.
 */
export async function startRedis(options: { port?: number; persist?: boolean } = {}): Promise<LocalRedis> {
  const port = options.port ?? (await freePort());
  const dir = await mkdtemp(join(tmpdir(), 'fk-redis-'));
  let child: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    const durability = options.persist ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...durability, '--dir', dir, '--protected-mode', 'no', '--loglevel', 'warning'];
    const proc = spawn(REDIS_BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const failed = new Promise<never>((_, reject) => {
      proc.once('error', (err) => reject(new Error(`could not start ${REDIS_BIN}: ${err.message}. Install it with: apt-get install redis-server`)));
      proc.once('exit', (code) => reject(new Error(`redis-server exited with code ${code}: ${stderr.trim()}`)));
    });
    await Promise.race([waitForPort(port), failed]);
    failed.catch(() => undefined);
    child = proc;
  };

  const halt = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  };

  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      await halt();
      await rm(dir, { recursive: true, force: true });
    },
    pause: halt,
    start: launch,
  };
}
