/**
 * Produces a simulation to Kafka live: all topics merged in event-time order, each record keyed
 * by its topic's partition key (`TOPICS[t].key`), paced to a target rate. Pacing reads a
 * monotonic clock; the events themselves are unaffected by it.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { TOPICS, type EventOf, type TopicName } from '../schemas/topics.ts';
import type { EventProducer, OutgoingRecord } from '../pipelines/kafka/types.ts';
import { eventsInTimeOrder, type SimulationOutput, type TimedEvent } from './simulate.ts';

export interface ProduceOptions {
  /** Target events per second (0 or Infinity: as fast as the broker acknowledges). */
  readonly rate: number;
  /** Prefix added to every topic name (KAFKA_TOPIC_PREFIX). */
  readonly topicPrefix?: string;
  /** Largest batch handed to one `send` call. */
  readonly maxBatch?: number;
  readonly onProgress?: (sent: number) => void;
  /** Stops early (e.g. on SIGINT); already-sent records stay sent. */
  readonly signal?: AbortSignal;
}

/** The Kafka record of one simulated event. */
export function toRecord(item: TimedEvent, topicPrefix = ''): OutgoingRecord {
  const contract = TOPICS[item.topic as TopicName] as { key: (e: EventOf<TopicName>) => string };
  return { topic: `${topicPrefix}${item.topic}`, key: contract.key(item.event as EventOf<TopicName>), value: JSON.stringify(item.event) };
}

/** Sends every event through `producer` (already connected) in event-time order; returns the number sent. */
export async function produceSimulation(producer: EventProducer, output: Pick<SimulationOutput, 'events'>, options: ProduceOptions): Promise<number> {
  const rate = options.rate > 0 && Number.isFinite(options.rate) ? options.rate : Infinity;
  // Batches of about a tenth of a second of traffic keep pacing smooth without tiny requests.
  const maxBatch = options.maxBatch ?? (rate === Infinity ? 500 : Math.max(1, Math.min(500, Math.ceil(rate / 10))));
  const began = performance.now();
  let sent = 0;
  let batch: OutgoingRecord[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await producer.send(batch);
    sent += batch.length;
    batch = [];
    options.onProgress?.(sent);
    if (rate !== Infinity) {
      const due = began + (sent / rate) * 1000;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
    }
  };
  for (const item of eventsInTimeOrder(output)) {
    if (options.signal?.aborted) break;
    batch.push(toRecord(item, options.topicPrefix));
    if (batch.length >= maxBatch) await flush();
  }
  if (!options.signal?.aborted) await flush();
  return sent;
}
