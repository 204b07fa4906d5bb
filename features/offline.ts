/**
 * Feature values for training export: the embedded store run over history, so a model trains on
 * exactly the definitions and point-in-time semantics it is served with (no training/serving
 * skew). Events are taken in the order given — feed them in the order the pipeline consumed
 * them (or event-time order) and each row holds the values as of that event, including it.
 */
import { createEmbeddedFeatureStore } from './embeddedStore.ts';
import type { FeatureStoreOptions } from './storeOptions.ts';
import type { EventOutcome, FeatureInput, FeatureVector } from './types.ts';

export interface OfflineFeatureRow {
  readonly topic: FeatureInput['topic'];
  readonly eventId: string;
  readonly eventTime: string;
  readonly outcome: EventOutcome;
  readonly vector: FeatureVector;
}

export interface OfflineOptions extends Omit<FeatureStoreOptions, 'clock'> {
  /** Events per internal batch (memory, not semantics). Default 1000. */
  readonly batchSize?: number;
}

/**
 * Computes every event's feature vector. Wall-clock TTLs (idle entities, stored vectors) run on
 * event time here, so replaying years of history keeps memory bounded as it would be live.
 */
export async function* computeFeaturesOffline(
  events: Iterable<FeatureInput> | AsyncIterable<FeatureInput>,
  options: OfflineOptions = {},
): AsyncGenerator<OfflineFeatureRow> {
  let now = 0;
  const store = createEmbeddedFeatureStore({ ...options, clock: () => now });
  const batchSize = options.batchSize ?? 1000;
  let batch: FeatureInput[] = [];
  const flush = async function* (): AsyncGenerator<OfflineFeatureRow> {
    const result = await store.applyBatch(batch);
    for (let i = 0; i < batch.length; i++) {
      const input = batch[i] as FeatureInput;
      yield {
        topic: input.topic,
        eventId: input.event.eventId,
        eventTime: input.event.eventTime,
        outcome: result.outcomes[i] as EventOutcome,
        vector: result.vectors[i] as FeatureVector,
      };
    }
    batch = [];
  };
  try {
    for await (const input of events) {
      const t = Date.parse(input.event.eventTime);
      if (t > now) now = t;
      batch.push(input);
      if (batch.length >= batchSize) yield* flush();
    }
    if (batch.length > 0) yield* flush();
  } finally {
    await store.close();
  }
}
