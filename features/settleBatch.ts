/**
 * Turns what a store read for a batch into the batch result, the same way for both stores:
 * classifies each event (applied / duplicate / late), picks its vector (the stored one for a
 * redelivery, else assembled from the entity reads) and collects the list hits.
 */
import type { EntityRead } from './entityRead.ts';
import type { CompiledRegistry } from './plan.ts';
import type { RoutedEvent } from './route.ts';
import type { EventOutcome, FeatureBatchResult, FeatureVector, ListEntry, ListHit } from './types.ts';
import { assembleVector } from './vector.ts';

export interface BatchReplies {
  /** Per event: the vector stored under its id by an earlier batch, if any. */
  readonly stored: readonly (FeatureVector | null)[];
  /** Per event: one read per entity call, aligned with `routed[i].calls`. */
  readonly reads: readonly (readonly EntityRead[])[];
  /** Per event: active entries per list ref, aligned with `routed[i].listRefs`. */
  readonly lists: readonly (readonly (readonly ListEntry[])[])[];
}

export interface SettledBatch {
  readonly result: FeatureBatchResult;
  /** Vectors to keep by event id (first sight of the id), so a redelivery returns them. */
  readonly toStore: { readonly eventId: string; readonly vector: FeatureVector }[];
}

export function settleBatch(compiled: CompiledRegistry, routed: readonly RoutedEvent[], replies: BatchReplies): SettledBatch {
  const vectors: FeatureVector[] = [];
  const outcomes: EventOutcome[] = [];
  const listHits: ListHit[][] = [];
  const toStore: { eventId: string; vector: FeatureVector }[] = [];
  const seenInBatch = new Map<string, FeatureVector>();
  let late = 0;
  let duplicates = 0;

  routed.forEach((ev, i) => {
    const reads = replies.reads[i] ?? [];
    const stored = replies.stored[i] ?? null;
    const earlier = seenInBatch.get(ev.eventId);
    let outcome: EventOutcome;
    let vector: FeatureVector;
    if (stored) {
      outcome = 'duplicate';
      vector = stored;
    } else if (earlier) {
      outcome = 'duplicate';
      vector = earlier;
    } else {
      vector = assembleVector(compiled, ev.calls.map((c) => c.entity), reads as EntityRead[], ev.timeMs);
      if (reads.some((r) => r.status === 'l')) outcome = 'late';
      // Every entity already had it but no vector was kept (crash before the write, or it expired):
      // nothing was applied, and the vector is recomputed as of the event.
      else if (reads.length > 0 && reads.every((r) => r.status === 'd')) outcome = 'duplicate';
      else outcome = 'applied';
      seenInBatch.set(ev.eventId, vector);
      if (outcome !== 'duplicate') toStore.push({ eventId: ev.eventId, vector });
    }
    if (outcome === 'late') late++;
    if (outcome === 'duplicate') duplicates++;
    vectors.push(vector);
    outcomes.push(outcome);
    const hits: ListHit[] = [];
    ev.listRefs.forEach((ref, j) => {
      for (const entry of replies.lists[i]?.[j] ?? []) hits.push({ ...entry, field: ref.field });
    });
    listHits.push(hits);
  });
  return { result: { vectors, outcomes, late, duplicates, listHits }, toStore };
}
