/**
 * The few things the Redis store needs from a connection, for a single node-redis client or a
 * node-redis cluster alike: send one command (auto-pipelined: commands issued in the same tick
 * leave in one write per node, so a batch costs one round trip), and load a script everywhere.
 */
import { createClient } from 'redis';

/** A node-redis (v4) client, as far as the store uses it. */
/** Per-command options of node-redis: `returnBuffers` for binary replies. */
export interface CommandOptions {
  readonly returnBuffers?: boolean;
}

export interface RedisClientLike {
  sendCommand(args: string[], options?: CommandOptions): Promise<unknown>;
  readonly isOpen: boolean;
  quit(): Promise<unknown>;
}

/** A node-redis (v4) cluster, as far as the store uses it. */
export interface RedisClusterLike {
  sendCommand(firstKey: string | undefined, isReadonly: boolean | undefined, args: string[], options?: CommandOptions): Promise<unknown>;
  readonly masters: readonly object[];
  nodeClient(node: never): unknown;
  quit(): Promise<unknown>;
}

export interface RedisPort {
  /** Sends one command; `key` routes it on a cluster. */
  send(key: string | undefined, args: string[], options?: CommandOptions): Promise<unknown>;
  /** Sends one command to every node that may run scripts (every master): SCRIPT LOAD, FUNCTION LOAD. */
  broadcast(args: string[]): Promise<void>;
  /** Quits the connection if the port opened it. */
  close(): Promise<void>;
}

const isCluster = (c: RedisClientLike | RedisClusterLike): c is RedisClusterLike => 'masters' in c && 'nodeClient' in c;

/** Wraps a client or cluster the caller owns (not closed by the port). */
export function portFor(client: RedisClientLike | RedisClusterLike, owned = false): RedisPort {
  if (isCluster(client)) {
    return {
      send: (key, args, options) => client.sendCommand(key, false, args, options),
      broadcast: async (args) => {
        await Promise.all(client.masters.map(async (node) => {
          const c = (await client.nodeClient(node as never)) as RedisClientLike;
          await c.sendCommand(args);
        }));
      },
      close: async () => {
        if (owned) await client.quit();
      },
    };
  }
  return {
    send: (_key, args, options) => client.sendCommand(args, options),
    broadcast: async (args) => {
      await client.sendCommand(args);
    },
    close: async () => {
      if (owned && client.isOpen) await client.quit();
    },
  };
}

/** Opens a client on a redis:// or rediss:// URL; errors go to `onError` instead of crashing the process. */
export async function connectUrl(url: string, onError: (err: Error) => void): Promise<RedisPort> {
  const client = createClient({ url });
  client.on('error', onError);
  await client.connect();
  return portFor(client as unknown as RedisClientLike, true);
}
