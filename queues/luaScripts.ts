/**
 * The queue's Lua scripts (queues/lua/, one atomic operation per file, `verbNoun-<numKeys>.lua`
 * with an Input/Output header), loaded once and called by SHA. `--- @include "name"` lines are
 * replaced by lua/includes/<name>.lua before hashing (BullMQ's script-loader does the same), so
 * the shared helpers live in one file. After a Redis restart the script cache is empty: a
 * NOSCRIPT reply loads the script and retries once.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RedisPort } from '../features/redisPort.ts';

const LUA_DIR = new URL('./lua/', import.meta.url);
const INCLUDE = /^--- @include "([a-zA-Z]+)"$/gm;

export class QueueScript {
  readonly name: string;
  readonly numKeys: number;
  readonly source: string;
  readonly sha: string;

  constructor(file: string) {
    const match = /^([a-zA-Z]+)-(\d+)\.lua$/.exec(file);
    if (!match) throw new RangeError(`Lua file ${file} must be named verbNoun-<numKeys>.lua`);
    this.name = match[1] as string;
    this.numKeys = Number(match[2]);
    const raw = readFileSync(new URL(file, LUA_DIR), 'utf8');
    this.source = raw.replace(INCLUDE, (_, name: string) => readFileSync(new URL(`includes/${name}.lua`, LUA_DIR), 'utf8'));
    this.sha = createHash('sha1').update(this.source).digest('hex');
  }

  /** Runs the script by SHA (loading it on NOSCRIPT) and returns its reply. */
  async run(redis: RedisPort, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    if (keys.length !== this.numKeys) throw new RangeError(`${this.name} takes ${this.numKeys} keys, got ${keys.length}`);
    const call = ['EVALSHA', this.sha, String(keys.length), ...keys, ...args.map(String)];
    try {
      return await redis.send(keys[0], call);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      await redis.broadcast(['SCRIPT', 'LOAD', this.source]);
      return await redis.send(keys[0], call);
    }
  }
}

/** Every queue script, by operation. */
export const QUEUE_SCRIPTS = {
  enqueue: new QueueScript('enqueueAlert-3.lua'),
  claim: new QueueScript('claimAlert-3.lua'),
  release: new QueueScript('releaseAlert-3.lua'),
  resolve: new QueueScript('resolveAlert-4.lua'),
  snooze: new QueueScript('snoozeAlert-4.lua'),
  reassign: new QueueScript('reassignAlert-8.lua'),
  comment: new QueueScript('commentAlert-1.lua'),
  sweep: new QueueScript('sweepQueue-5.lua'),
} as const;
