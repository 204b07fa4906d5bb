/**
 * Graph store on Redis (node-redis v4). Adjacency is one ZSET per node scored by latest event
 * time (ZCARD = degree), edge attributes, flags and properties are hashes, identifier uses are
 * ZSETs for windowed counts; all keys from `keys.ts`, hash-tagged by node.
 *
 * Every batch method issues its commands in the same tick: node-redis writes commands issued
 * together as one pipeline, so a batch costs one round trip. Writes that touch two nodes (the two
 * ends of an edge) live in different Cluster slots and so cannot be one atomic script; each
 * command is idempotent instead (ZADD GT, ZREM, HSET), so a retried batch converges.
 */
import { ServiceUnavailableError, wrapError, type FengkongError } from '../../lib/errors.ts';
import { adjacencyMember, edgeAttrField, graphKeys, parseAdjacencyMember } from './keys.ts';
import { LuaScript, type RedisCommandSender } from './luaScript.ts';
import { nodesNeedingLinks, resolveLinks, type GraphMutation, type NodeProp, type PlainMutation } from './mutations.ts';
import type {
  EdgeKey, GraphStore, NeighbourQuery, NeighbourRead, StoreWriteOptions, UseCountQuery, UseList, UseListQuery,
} from './store.ts';
import { createLogger, type Logger } from '../../lib/logger.ts';
import { GRAPH_LOG } from './logEvents.ts';
import { FLAG_KINDS, type EdgeAttrs, type EdgeRef, type FlagKind, type NodeFlags, type NodeId } from './types.ts';

const readNeighbours = new LuaScript('readNeighbours-1.lua');

/** node-redis errors that mean "Redis is not reachable right now" (retriable). */
const CONNECTION_ERRORS = new Set(['ClientClosedError', 'ConnectionTimeoutError', 'SocketClosedUnexpectedlyError', 'ReconnectStrategyError', 'DisconnectsClientError']);

function failure(context: string, error: unknown): FengkongError {
  const name = error instanceof Error ? error.name : '';
  const code = (error as { code?: unknown } | null)?.code;
  if (CONNECTION_ERRORS.has(name) || code === 'ECONNREFUSED' || code === 'ECONNRESET') {
    return new ServiceUnavailableError('redis', `${context}: ${(error as Error).message}`, { cause: error });
  }
  return wrapError(context, error);
}

/** HGETALL raw reply (flat [field, value, ...] array, or an object under RESP3) as an object. */
function hashReply(reply: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(reply)) {
    for (let i = 0; i + 1 < reply.length; i += 2) out[String(reply[i])] = String(reply[i + 1]);
  } else if (reply && typeof reply === 'object') {
    for (const [k, v] of Object.entries(reply)) out[k] = String(v);
  }
  return out;
}

export interface RedisGraphStoreOptions extends Partial<StoreWriteOptions> {
  /** Closed by `close()` only when true (the store created the connection). */
  readonly ownsClient?: boolean;
  /** Called by `close()` when the store owns the client. */
  readonly quit?: () => Promise<unknown>;
}

export class RedisGraphStore implements GraphStore {
  readonly #redis: RedisCommandSender;
  readonly #options: StoreWriteOptions;
  readonly #quit: (() => Promise<unknown>) | undefined;

  constructor(redis: RedisCommandSender, options: RedisGraphStoreOptions = {}) {
    this.#redis = redis;
    this.#options = { useRetentionMs: options.useRetentionMs ?? 180 * 86_400_000 };
    this.#quit = options.ownsClient ? options.quit : undefined;
  }

  #send(args: string[]): Promise<unknown> {
    return this.#redis.sendCommand(args);
  }

  async apply(mutations: readonly GraphMutation[]): Promise<void> {
    try {
      const linkNodes = nodesNeedingLinks(mutations);
      const current = linkNodes.length > 0 ? await this.props(linkNodes) : new Map<NodeId, Partial<Record<NodeProp, string>>>();
      const { plain, props } = resolveLinks(mutations, current);
      const pending: Array<Promise<unknown>> = [];
      for (const m of plain) for (const args of this.#commands(m)) pending.push(this.#send(args));
      for (const p of props) pending.push(this.#send(['HSET', graphKeys.props(p.node), p.prop, p.value]));
      await Promise.all(pending);
    } catch (error) {
      throw failure(`writing ${mutations.length} graph mutations`, error);
    }
  }

  #commands(m: PlainMutation): string[][] {
    switch (m.op) {
      case 'addEdge': {
        const t = String(m.timeMs);
        const cmds = [
          ['ZADD', graphKeys.adjacency(m.from), 'GT', t, adjacencyMember(m.type, 'out', m.to)],
          ['ZADD', graphKeys.adjacency(m.to), 'GT', t, adjacencyMember(m.type, 'in', m.from)],
        ];
        if (m.attrs) cmds.push(['HSET', graphKeys.edgeAttrs(m.from), edgeAttrField(m.type, m.to), JSON.stringify(m.attrs)]);
        return cmds;
      }
      case 'removeEdge':
        return [
          ['ZREM', graphKeys.adjacency(m.from), adjacencyMember(m.type, 'out', m.to)],
          ['ZREM', graphKeys.adjacency(m.to), adjacencyMember(m.type, 'in', m.from)],
          ['HDEL', graphKeys.edgeAttrs(m.from), edgeAttrField(m.type, m.to)],
        ];
      case 'setFlag':
        return [['HSET', graphKeys.flags(m.node), m.flag, String(m.timeMs)]];
      case 'clearFlag':
        return [['HDEL', graphKeys.flags(m.node), m.flag]];
      case 'recordUse': {
        const key = graphKeys.uses(m.identifier, m.role);
        const cmds = [['ZADD', key, 'GT', String(m.timeMs), m.member]];
        // Registry links are facts, not events: they are never aged out.
        if (m.role !== 'regent') cmds.push(['ZREMRANGEBYSCORE', key, '-inf', `(${m.timeMs - this.#options.useRetentionMs}`]);
        return cmds;
      }
      case 'removeUse':
        return [['ZREM', graphKeys.uses(m.identifier, m.role), m.member]];
    }
  }

  async neighbours(nodes: readonly NodeId[], query: NeighbourQuery): Promise<Map<NodeId, NeighbourRead>> {
    const unique = [...new Set(nodes)];
    const degreeGuard = Number.isFinite(query.superNodeDegree) ? String(query.superNodeDegree) : String(Number.MAX_SAFE_INTEGER);
    const args = [degreeGuard, String(Math.max(0, query.limit)), ...(query.prefixes ?? [])];
    try {
      const replies = await Promise.all(unique.map((n) => readNeighbours.run(this.#redis, [graphKeys.adjacency(n)], args)));
      const out = new Map<NodeId, NeighbourRead>();
      unique.forEach((node, i) => {
        const reply = replies[i] as unknown[];
        const edges: EdgeRef[] = [];
        for (let j = 3; j < reply.length; j++) {
          const edge = parseAdjacencyMember(String(reply[j]));
          if (edge) edges.push(edge);
        }
        out.set(node, { degree: Number(reply[0]), superNode: Number(reply[1]) === 1, edges, limited: Number(reply[2]) === 1 });
      });
      return out;
    } catch (error) {
      throw failure(`reading neighbours of ${unique.length} graph nodes`, error);
    }
  }

  async degrees(nodes: readonly NodeId[]): Promise<Map<NodeId, number>> {
    try {
      const replies = await Promise.all(nodes.map((n) => this.#send(['ZCARD', graphKeys.adjacency(n)])));
      return new Map(nodes.map((n, i) => [n, Number(replies[i])]));
    } catch (error) {
      throw failure('reading graph degrees', error);
    }
  }

  async flags(nodes: readonly NodeId[]): Promise<Map<NodeId, NodeFlags>> {
    try {
      const replies = await Promise.all(nodes.map((n) => this.#send(['HGETALL', graphKeys.flags(n)])));
      return new Map(nodes.map((n, i) => {
        const flags: NodeFlags = {};
        for (const [field, value] of Object.entries(hashReply(replies[i]))) {
          if ((FLAG_KINDS as readonly string[]).includes(field)) flags[field as FlagKind] = Number(value);
        }
        return [n, flags];
      }));
    } catch (error) {
      throw failure('reading graph flags', error);
    }
  }

  async props(nodes: readonly NodeId[]): Promise<Map<NodeId, Partial<Record<NodeProp, string>>>> {
    try {
      const replies = await Promise.all(nodes.map((n) => this.#send(['HGETALL', graphKeys.props(n)])));
      return new Map(nodes.map((n, i) => [n, hashReply(replies[i]) as Partial<Record<NodeProp, string>>]));
    } catch (error) {
      throw failure('reading graph node properties', error);
    }
  }

  async countUses(queries: readonly UseCountQuery[]): Promise<number[]> {
    try {
      return await Promise.all(queries.map(async (q) => {
        const key = graphKeys.uses(q.identifier, q.role);
        const [count, ...scores] = await Promise.all([
          this.#send(['ZCOUNT', key, String(q.fromMs), String(q.toMs)]),
          ...q.exclude.map((m) => this.#send(['ZSCORE', key, m])),
        ]);
        let excluded = 0;
        for (const s of scores) {
          if (s === null || s === undefined) continue;
          const score = Number(s);
          if (score >= q.fromMs && score <= q.toMs) excluded++;
        }
        return Number(count) - excluded;
      }));
    } catch (error) {
      throw failure('counting identifier uses', error);
    }
  }

  async listUses(queries: readonly UseListQuery[]): Promise<UseList[]> {
    try {
      return await Promise.all(queries.map(async (q) => {
        const key = graphKeys.uses(q.identifier, q.role);
        const [total, members] = await Promise.all([
          this.#send(['ZCARD', key]),
          q.limit > 0 ? this.#send(['ZREVRANGE', key, '0', String(q.limit - 1)]) : Promise.resolve([]),
        ]);
        return { total: Number(total), members: (members as unknown[]).map((m) => String(m) as NodeId) };
      }));
    } catch (error) {
      throw failure('listing identifier uses', error);
    }
  }

  async edgeAttrs(edges: readonly EdgeKey[]): Promise<Array<EdgeAttrs | null>> {
    try {
      const replies = await Promise.all(edges.map((e) => this.#send(['HGET', graphKeys.edgeAttrs(e.from), edgeAttrField(e.type, e.to)])));
      return replies.map((r) => (typeof r === 'string' ? (JSON.parse(r) as EdgeAttrs) : null));
    } catch (error) {
      throw failure('reading graph edge attributes', error);
    }
  }

  async close(): Promise<void> {
    await this.#quit?.();
  }
}

/** Connection attempts before `connectRedisGraphStore` gives up (once connected, it reconnects forever). */
const CONNECT_ATTEMPTS = 3;

/** A Redis graph store on its own connection to `url`, closed by `close()`. */
export async function connectRedisGraphStore(
  url: string,
  options: Partial<StoreWriteOptions> & { readonly logger?: Logger } = {},
): Promise<RedisGraphStore> {
  const { createClient } = await import('redis');
  const logger = options.logger ?? createLogger();
  let connected = false;
  const client = createClient({
    url,
    socket: {
      // node-redis retries a refused first connection forever by default: a CLI would hang.
      reconnectStrategy: (retries: number, cause: Error) =>
        connected ? Math.min(100 * 2 ** retries, 5_000) : retries >= CONNECT_ATTEMPTS ? cause : 100 * (retries + 1),
    },
  });
  client.on('error', (err: unknown) => logger.warn({ err, event: GRAPH_LOG.redisError }, 'graph store Redis connection error'));
  try {
    await client.connect();
    connected = true;
  } catch (error) {
    throw new ServiceUnavailableError('redis', `connecting to Redis at ${url.replace(/\/\/[^@]*@/, '//***@')}: ${(error as Error).message}; check REDIS_URL and that Redis is running`, { cause: error });
  }
  return new RedisGraphStore(client, { ...options, ownsClient: true, quit: () => client.quit() });
}
