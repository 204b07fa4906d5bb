import { describe, expect, it } from 'vitest';
import { Partitioners } from 'kafkajs';
import { murmur2, partitionForKey, toPositive } from './murmur2.ts';

describe('murmur2 (Kafka default partitioner)', () => {
  it('agrees with kafkajs\u2019s Java-compatible partitioner on many keys, lengths and partition counts', () => {
    const kafkajs = Partitioners.DefaultPartitioner();
    const keys = ['', 'a', 'ab', 'abc', 'abcd', 'abcde', '91350100M000100Y43', 'loan-000123', '中文键', '😀 emoji', 'x'.repeat(1000)];
    for (let i = 0; i < 500; i++) keys.push(`key-${i}-${(i * 2654435761) % 97}`);
    for (const partitions of [1, 3, 6, 12, 32]) {
      const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({ partitionId, leader: 0, partitionErrorCode: 0, replicas: [0], isr: [0] }));
      for (const key of keys) {
        const expected = kafkajs({ topic: 't', partitionMetadata, message: { key, value: null } });
        expect(partitionForKey(key, partitions), `key ${JSON.stringify(key)} over ${partitions}`).toBe(expected);
      }
    }
  });

  it('returns a signed 32-bit value and clears only the sign bit for the positive form', () => {
    const h = murmur2(Buffer.from('some key'));
    expect(Number.isInteger(h) && h >= -(2 ** 31) && h < 2 ** 31).toBe(true);
    expect(toPositive(-1)).toBe(0x7fffffff);
    expect(toPositive(-(2 ** 31))).toBe(0);
  });
});
