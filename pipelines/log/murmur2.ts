/**
 * Kafka's default partitioner hash: 32-bit murmur2 with seed 0x9747b28c, as in the Java
 * client's `Utils.murmur2` (clients/src/main/java/org/apache/kafka/common/utils/Utils.java),
 * and `toPositive(hash) % numPartitions`. Using the same function means a key lands on the
 * same partition number in embedded mode as with a Java or kafkajs producer.
 */

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** Kafka's murmur2 of the bytes, as a signed 32-bit integer (same value Java returns). */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const length4 = length >>> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k = (data[i4] as number) | ((data[i4 + 1] as number) << 8) | ((data[i4 + 2] as number) << 16) | ((data[i4 + 3] as number) << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }
  const tail = length & ~3;
  switch (length % 4) {
    case 3:
      h ^= (data[tail + 2] as number) << 16;
    // falls through
    case 2:
      h ^= (data[tail + 1] as number) << 8;
    // falls through
    case 1:
      h ^= data[tail] as number;
      h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Kafka's `Utils.toPositive`: clears the sign bit (not Math.abs, which differs for MIN_VALUE). */
export const toPositive = (n: number): number => n & 0x7fffffff;

/** Partition of a keyed record among `partitions`, as Kafka's default partitioner picks it. */
export function partitionForKey(key: string | Uint8Array, partitions: number): number {
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  return toPositive(murmur2(bytes)) % partitions;
}
