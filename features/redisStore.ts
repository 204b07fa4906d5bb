/**
 * The Redis feature store (node-redis). A consumer batch is one round trip: per event, a GET of
 * its stored vector, one EVALSHA of applyEntityEvent-3.lua per entity it touches (each call keeps
 * to one entity's hash-tagged keys, so it runs unchanged on Redis Cluster) and one HGETALL per
 * identifier to check against the lists — all issued together and pipelined. The computed
 * vectors are then written behind (SET PX), so the next round trip carries them.
 */
import { FengkongError, ServiceUnavailableError } from '../lib/errors.ts';
import { createLogger, type Logger } from '../lib/logger.ts';
import { ENTITY_TYPES, LIST_COLORS, type EntityType, type ListColor, type ListKind } from './entities.ts';
import { decodeEntityReply, type EntityRead } from './entityRead.ts';
import { FeatureKeys } from './keys.ts';
import { byListOrder, decodeListEntry, encodeListEntry, isListEntryActive, makeListEntry } from './lists.ts';
import { entityLibrary, readLua, script } from './luaScripts.ts';
import { FEATURE_LOG } from './logEvents.ts';
import { connectUrl, portFor, type RedisClientLike, type RedisClusterLike, type RedisPort } from './redisPort.ts';
import { routeEvent, type RoutedEvent } from './route.ts';
import { settleBatch } from './settleBatch.ts';
import { viewLayout } from './viewLayout.ts';
import { resolveStoreOptions, type FeatureStoreOptions } from './storeOptions.ts';
import type { EntityStats, FeatureBatchResult, FeatureInput, FeatureStore, FeatureVector, ListEntry, ListEntryInput, ListRef } from './types.ts';

export interface RedisFeatureStoreOptions extends FeatureStoreOptions {
  /** Key namespace (default `fk`); tests use one per test. */
  readonly keyPrefix?: string;
  readonly logger?: Logger;
}

/** Errors that mean the server could not be reached or answered, as opposed to a script bug. */
function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const name = err.constructor.name;
  return /Socket|Connection|ClientClosed|Timeout|Disconnect/i.test(name) || /ECONNREFUSED|ECONNRESET|EPIPE|closed|connect/i.test(err.message);
}

function wrapRedis(context: string, err: unknown): FengkongError {
  if (err instanceof FengkongError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (isConnectionError(err)) return new ServiceUnavailableError('redis', `${context}: ${message}`, { cause: err });
  return new FengkongError('fengkong:feature-store', `${context}: ${message}`, { retriable: false, cause: err });
}

/** The server lost our scripts or functions (restart without persistence, failover, flush). */
const isMissingCode = (err: unknown): boolean =>
  err instanceof Error && (err.message.startsWith('NOSCRIPT') || /Function not found/i.test(err.message));
const isMissing = (r: PromiseSettledResult<unknown>): boolean => r.status === 'rejected' && isMissingCode(r.reason);

/** node-redis option for replies that are binary. */
const BINARY = { returnBuffers: true } as const;

/** Pairs of a flat HGETALL reply. */
function pairs(reply: unknown): [string, string][] {
  if (!Array.isArray(reply)) return [];
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < reply.length; i += 2) out.push([String(reply[i]), String(reply[i + 1])]);
  return out;
}

/** Creates the store on a node-redis client or cluster (left open on close) or a URL (connected and owned). */
export async function createRedisFeatureStore(
  clientOrUrl: RedisClientLike | RedisClusterLike | string,
  options: RedisFeatureStoreOptions = {},
): Promise<FeatureStore> {
  const opts = resolveStoreOptions(options);
  const { compiled, clock } = opts;
  const log = options.logger ?? createLogger();
  const keys = new FeatureKeys(options.keyPrefix ?? 'fk');
  let port: RedisPort;
  try {
    port = typeof clientOrUrl === 'string'
      ? await connectUrl(clientOrUrl, (err) => log.warn({ err }, FEATURE_LOG.redisError))
      : portFor(clientOrUrl);
  } catch (err) {
    throw wrapRedis('connecting the feature store to Redis', err);
  }

  const limits = { allowedLatenessMs: opts.allowedLatenessMs, dedupHorizonMs: opts.dedupHorizonMs, entityTtlMs: opts.entityTtlMs };
  const library = entityLibrary(compiled, limits);
  const putListScript = script(readLua('putListEntry-1.lua'));
  const loadAll = async (): Promise<void> => {
    await port.broadcast(['FUNCTION', 'LOAD', 'REPLACE', library.source]);
    await port.broadcast(['SCRIPT', 'LOAD', putListScript.source]);
  };
  const entityKeys = (entity: EntityType, id: string) => keys.entity(entity, id, library.versions[entity]);
  const slotPositions = {} as Record<EntityType, readonly number[]>;
  for (const entity of ENTITY_TYPES) slotPositions[entity] = viewLayout(compiled.entities[entity]).slotPos;
  try {
    await loadAll();
  } catch (err) {
    throw wrapRedis('loading feature-store scripts', err);
  }

  let pendingWrites: Promise<unknown> = Promise.resolve();
  let closed = false;
  const ensureOpen = (): void => {
    if (closed) throw new Error('feature store is closed');
  };

  /** Issues every command of a batch in one go (one round trip) and waits for all replies. */
  const roundTrip = (routed: readonly RoutedEvent[]): Promise<PromiseSettledResult<unknown>[]> => {
    const sent: Promise<unknown>[] = [];
    for (const ev of routed) {
      const vk = keys.vector(ev.eventId);
      sent.push(port.send(vk, ['GET', vk]));
      const time = String(ev.timeMs);
      for (const call of ev.calls) {
        const k = entityKeys(call.entity, call.id);
        const args = ['FCALL', library.functions[call.entity], '3', k.state, k.dedup, k.hllPrefix, time, ev.eventId];
        for (let j = 0; j < call.series.length; j++) args.push(String((call.series[j] as number) + 1), String(call.values[j]));
        sent.push(port.send(k.state, args, BINARY));
      }
      for (const ref of ev.listRefs) {
        const lk = keys.list(ref.kind, ref.value);
        sent.push(port.send(lk, ['HGETALL', lk]));
      }
    }
    return Promise.allSettled(sent);
  };

  const activeEntries = (kind: ListKind, value: string, reply: unknown, now: number): ListEntry[] =>
    pairs(reply)
      .flatMap(([list, json]) => {
        if (!(LIST_COLORS as readonly string[]).includes(list)) return [];
        const e = decodeListEntry(kind, value, list as ListColor, json);
        return e && isListEntryActive(e, now) ? [e] : [];
      })
      .sort(byListOrder);

  return {
    featureNames: compiled.featureNames,

    async applyBatch(events: readonly FeatureInput[]): Promise<FeatureBatchResult> {
      ensureOpen();
      const routed = events.map((e) => routeEvent(compiled, e));
      let replies: PromiseSettledResult<unknown>[];
      try {
        replies = await roundTrip(routed);
        // Scripts vanish on a restart or failover; reload and redo the batch (it is idempotent).
        if (replies.some(isMissing)) {
          log.warn({ events: events.length }, FEATURE_LOG.scriptsReloaded);
          await loadAll();
          replies = await roundTrip(routed);
        }
      } catch (err) {
        throw wrapRedis('applying a feature batch', err);
      }
      const failed = replies.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw wrapRedis('applying a feature batch', failed.reason);

      const now = clock();
      const stored: (FeatureVector | null)[] = [];
      const reads: EntityRead[][] = [];
      const lists: ListEntry[][][] = [];
      let i = 0;
      const next = (): unknown => (replies[i++] as PromiseFulfilledResult<unknown>).value;
      for (const ev of routed) {
        const v = next();
        stored.push(typeof v === 'string' ? (JSON.parse(v) as FeatureVector) : null);
        reads.push(ev.calls.map((call) => decodeEntityReply(next() as Buffer, slotPositions[call.entity])));
        lists.push(ev.listRefs.map((ref) => activeEntries(ref.kind, ref.value, next(), now)));
      }
      const settled = settleBatch(compiled, routed, { stored, reads, lists });

      if (settled.toStore.length > 0) {
        const ttl = String(opts.vectorTtlMs);
        const writes = settled.toStore.map(({ eventId, vector }) => {
          const vk = keys.vector(eventId);
          return port.send(vk, ['SET', vk, JSON.stringify(vector), 'PX', ttl]);
        });
        pendingWrites = Promise.allSettled(writes).then((results) => {
          const lost = results.filter((r) => r.status === 'rejected').length;
          // Not fatal: the events are applied; a redelivery would get a recomputed vector instead.
          if (lost > 0) log.warn({ lost }, FEATURE_LOG.vectorWriteFailed);
        });
      }
      return settled.result;
    },

    async lookupLists(refs: readonly ListRef[]): Promise<ListEntry[][]> {
      ensureOpen();
      try {
        const replies = await Promise.all(refs.map((ref) => {
          const lk = keys.list(ref.kind, ref.value);
          return port.send(lk, ['HGETALL', lk]);
        }));
        const now = clock();
        return refs.map((ref, j) => activeEntries(ref.kind, ref.value, replies[j], now));
      } catch (err) {
        throw wrapRedis('looking up lists', err);
      }
    },

    async putListEntry(input: ListEntryInput): Promise<ListEntry> {
      ensureOpen();
      const entry = makeListEntry(input, clock());
      const lk = keys.list(entry.kind, entry.value);
      const args = ['EVALSHA', putListScript.sha, '1', lk, entry.list, encodeListEntry(entry), String(clock())];
      try {
        try {
          await port.send(lk, args);
        } catch (err) {
          if (!isMissingCode(err)) throw err;
          await loadAll();
          await port.send(lk, args);
        }
      } catch (err) {
        throw wrapRedis('adding a list entry', err);
      }
      return entry;
    },

    async removeListEntry(kind: ListKind, value: string, list: ListColor): Promise<boolean> {
      ensureOpen();
      const lk = keys.list(kind, value);
      try {
        return Number(await port.send(lk, ['HDEL', lk, list])) > 0;
      } catch (err) {
        throw wrapRedis('removing a list entry', err);
      }
    },

    async entityStats(entity: EntityType, id: string): Promise<EntityStats | null> {
      ensureOpen();
      const k = entityKeys(entity, id);
      const plan = compiled.entities[entity];
      try {
        const [state, dedup] = await Promise.all([
          port.send(k.state, ['HMGET', k.state, 'v', ...plan.grans.map((_, gi) => `i${gi + 1}`)], BINARY),
          port.send(k.dedup, ['ZCARD', k.dedup]),
        ]);
        const [view, ...indexes] = state as (Buffer | null)[];
        // The watermark is the first float64 of the view; indexes hold 4 bytes per bucket (applyEntityEvent-3.lua).
        if (!view || view.length < 8 || Number.isNaN(view.readDoubleLE(0))) return null;
        const w = view.readDoubleLE(0);
        const buckets = indexes.reduce((n, s) => n + (s ? s.length / 4 : 0), 0);
        return { watermark: Number(w), buckets, dedupEntries: Number(dedup) };
      } catch (err) {
        throw wrapRedis('reading entity stats', err);
      }
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await pendingWrites;
      await port.close();
    },
  };
}
