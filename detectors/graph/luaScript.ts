/**
 * A Lua script from `lua/`, loaded once and called by SHA (EVALSHA). After a Redis restart the
 * script cache is empty: a NOSCRIPT reply reloads it and retries once (BullMQ script-loader style).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The one node-redis call the graph store uses; a node-redis v4 client satisfies it. */
export interface RedisCommandSender {
  sendCommand(args: string[]): Promise<unknown>;
}

export class LuaScript {
  readonly name: string;
  readonly source: string;
  readonly sha: string;
  readonly numKeys: number;

  /** `file` is named `verbNoun-<numKeys>.lua`; the key count is read from the name. */
  constructor(file: string) {
    const match = /([A-Za-z]+)-(\d+)\.lua$/.exec(file);
    if (!match) throw new RangeError(`Lua file ${file} must be named verbNoun-<numKeys>.lua`);
    this.name = match[1] as string;
    this.numKeys = Number(match[2]);
    this.source = readFileSync(new URL(`./lua/${file}`, import.meta.url), 'utf8');
    this.sha = createHash('sha1').update(this.source).digest('hex');
  }

  /** Runs the script; loads it first if Redis does not know the SHA. */
  async run(redis: RedisCommandSender, keys: readonly string[], args: readonly string[]): Promise<unknown> {
    if (keys.length !== this.numKeys) throw new RangeError(`${this.name} takes ${this.numKeys} keys, got ${keys.length}`);
    const call = ['EVALSHA', this.sha, String(keys.length), ...keys, ...args];
    try {
      return await redis.sendCommand(call);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      await redis.sendCommand(['SCRIPT', 'LOAD', this.source]);
      return await redis.sendCommand(call);
    }
  }
}
