/**
 * A scoring processor in a child process (`fengkong start --no-simulate`), for crash and
 * outage tests: started, killed with SIGKILL or stopped gracefully like a real deployment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../bin/fengkong.js');

export interface ProcessorProcess {
  readonly child: ChildProcess;
  /** Everything it wrote to stdout and stderr. */
  output(): string;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export function startProcessorProcess(env: Record<string, string>): ProcessorProcess {
  const child = spawn(process.execPath, [BIN, 'start', '--no-simulate', '--interval', '2'], {
    env: { ...process.env, LOG_LEVEL: 'warn', METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    output: () => out,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs `fengkong query` against a data dir in a child process and returns the rows. */
export async function queryDataDir<T>(dataDir: string, sql: string): Promise<T[]> {
  const child = spawn(process.execPath, [BIN, 'query', sql], { env: { ...process.env, FENGKONG_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  if (code !== 0) throw new Error(`fengkong query failed (${code}): ${err}`);
  return out.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
}
