/**
 * The in-process feature store: the no-servers default and the engine of the training export.
 * Same interface and semantics as the Redis store (the conformance suite runs against both);
 * distinct counts are exact here.
 */
import type { EntityType, ListColor, ListKind } from './entities.ts';
import { EmbeddedEntity, type EntityLimits } from './embeddedEntity.ts';
import type { EntityRead } from './entityRead.ts';
import { byListOrder, isListEntryActive, makeListEntry } from './lists.ts';
import { routeEvent } from './route.ts';
import { settleBatch } from './settleBatch.ts';
import { resolveStoreOptions, type FeatureStoreOptions } from './storeOptions.ts';
import type { EntityStats, FeatureBatchResult, FeatureInput, FeatureStore, FeatureVector, ListEntry, ListEntryInput, ListRef } from './types.ts';

/** Sweeping idle entities walks them all; do it at most this often (wall clock). */
const SWEEP_EVERY_MS = 60_000;

const entityKey = (entity: EntityType, id: string): string => `${entity}\u0000${id}`;
const listKey = (kind: ListKind, value: string): string => `${kind}\u0000${value}`;

export interface EmbeddedFeatureStore extends FeatureStore {
  /** Number of entities held (for memory checks). */
  readonly entityCount: number;
}

/** Creates the in-process store. */
export function createEmbeddedFeatureStore(options: FeatureStoreOptions = {}): EmbeddedFeatureStore {
  const opts = resolveStoreOptions(options);
  const { compiled, clock } = opts;
  const limits: EntityLimits = { allowedLatenessMs: opts.allowedLatenessMs, dedupHorizonMs: opts.dedupHorizonMs };
  const entities = new Map<string, EmbeddedEntity>();
  const vectors = new Map<string, { vector: FeatureVector; expiresAt: number }>();
  const lists = new Map<string, Map<ListColor, ListEntry>>();
  let lastSweep = clock();
  let closed = false;

  const sweep = (now: number): void => {
    if (now - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = now;
    for (const [k, e] of entities) if (e.touchedAt + opts.entityTtlMs <= now) entities.delete(k);
    for (const [k, v] of vectors) if (v.expiresAt <= now) vectors.delete(k);
  };

  const activeEntries = (ref: ListRef, now: number): ListEntry[] => {
    const held = lists.get(listKey(ref.kind, ref.value));
    if (!held) return [];
    return [...held.values()].filter((e) => isListEntryActive(e, now)).sort(byListOrder);
  };

  const ensureOpen = (): void => {
    if (closed) throw new Error('feature store is closed');
  };

  return {
    featureNames: compiled.featureNames,
    get entityCount() {
      return entities.size;
    },

    async applyBatch(events: readonly FeatureInput[]): Promise<FeatureBatchResult> {
      ensureOpen();
      const now = clock();
      const routed = events.map((e) => routeEvent(compiled, e));
      // Stored vectors are looked up before the batch runs, as the Redis pipeline sees them.
      const stored = routed.map((ev) => {
        const hit = vectors.get(ev.eventId);
        return hit && hit.expiresAt > now ? { ...hit.vector } : null;
      });
      const reads: EntityRead[][] = routed.map((ev) =>
        ev.calls.map((call) => {
          const key = entityKey(call.entity, call.id);
          let entity = entities.get(key);
          if (!entity) {
            entity = new EmbeddedEntity(compiled.entities[call.entity]);
            entities.set(key, entity);
          }
          const read = entity.apply(ev.timeMs, ev.eventId, call.series, call.values, limits);
          if (read.status === 'a') entity.touchedAt = now;
          return read;
        }),
      );
      const listReplies = routed.map((ev) => ev.listRefs.map((ref) => activeEntries(ref, now)));
      const settled = settleBatch(compiled, routed, { stored, reads, lists: listReplies });
      for (const { eventId, vector } of settled.toStore) vectors.set(eventId, { vector: { ...vector }, expiresAt: now + opts.vectorTtlMs });
      sweep(now);
      return settled.result;
    },

    async lookupLists(refs: readonly ListRef[]): Promise<ListEntry[][]> {
      ensureOpen();
      const now = clock();
      return refs.map((ref) => activeEntries(ref, now));
    },

    async putListEntry(input: ListEntryInput): Promise<ListEntry> {
      ensureOpen();
      const entry = makeListEntry(input, clock());
      const key = listKey(entry.kind, entry.value);
      let held = lists.get(key);
      if (!held) lists.set(key, (held = new Map()));
      held.set(entry.list, entry);
      return entry;
    },

    async removeListEntry(kind: ListKind, value: string, list: ListColor): Promise<boolean> {
      ensureOpen();
      const key = listKey(kind, value);
      const held = lists.get(key);
      const had = held?.delete(list) ?? false;
      if (held && held.size === 0) lists.delete(key);
      return had;
    },

    async entityStats(entity: EntityType, id: string): Promise<EntityStats | null> {
      ensureOpen();
      return entities.get(entityKey(entity, id))?.stats() ?? null;
    },

    async close(): Promise<void> {
      closed = true;
      entities.clear();
      vectors.clear();
      lists.clear();
    },
  };
}
