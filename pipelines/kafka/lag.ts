/**
 * Consumer lag of a group: per input topic and partition, the log end offset minus the group's
 * committed offset. Read through the Kafka admin API (kafkajs), whichever client processes.
 */
import { Kafka, logLevel } from 'kafkajs';
import type { KafkaConnectionOptions } from './types.ts';
import { kafkajsConfig } from './kafkajs.ts';

export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  readonly endOffset: number;
  readonly committed: number | null;
  readonly lag: number;
}

export async function consumerLag(options: KafkaConnectionOptions, groupId: string, topics: readonly string[]): Promise<PartitionLag[]> {
  const admin = new Kafka({ ...kafkajsConfig(options), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
    const out: PartitionLag[] = [];
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const group = committed.find((c) => c.topic === topic);
      for (const end of ends) {
        const c = group?.partitions.find((p) => p.partition === end.partition);
        const committedOffset = c && Number(c.offset) >= 0 ? Number(c.offset) : null;
        const endOffset = Number(end.high);
        const low = Number(end.low);
        out.push({ topic, partition: end.partition, endOffset, committed: committedOffset, lag: endOffset - (committedOffset ?? low) });
      }
    }
    return out;
  } finally {
    await admin.disconnect();
  }
}

/** Total lag over partitions. */
export const totalLag = (lags: readonly PartitionLag[]): number => lags.reduce((n, l) => n + l.lag, 0);
