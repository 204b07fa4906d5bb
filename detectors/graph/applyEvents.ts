/**
 * Writes a batch of events into the graph: translate each (pure), then one pipelined apply.
 * An event that cannot be placed (e.g. a personal field that is not a pseudonym token) is
 * rejected on its own, with its error, and does not hold up the rest of the batch.
 */
import { FengkongError, NonRetriableEventError } from '../../lib/errors.ts';
import { eventMutations, type GraphEvent } from './eventMutations.ts';
import type { GraphMutation } from './mutations.ts';
import type { GraphStore } from './store.ts';

export interface ApplyResult {
  /** Events written. */
  readonly applied: number;
  /** Events refused, by index in the batch; send them to the dead-letter topic. */
  readonly rejected: ReadonlyArray<{ readonly index: number; readonly error: FengkongError }>;
}

export async function applyEvents(store: GraphStore, events: readonly GraphEvent[]): Promise<ApplyResult> {
  const mutations: GraphMutation[] = [];
  const rejected: Array<{ index: number; error: FengkongError }> = [];
  events.forEach((event, index) => {
    try {
      mutations.push(...eventMutations(event));
    } catch (error) {
      const wrapped = error instanceof FengkongError
        ? error
        : new NonRetriableEventError(`graph cannot place ${event.topic} event ${event.event.eventId}: ${(error as Error).message}`, undefined, { cause: error });
      rejected.push({ index, error: wrapped });
    }
  });
  if (mutations.length > 0) await store.apply(mutations);
  return { applied: events.length - rejected.length, rejected };
}
