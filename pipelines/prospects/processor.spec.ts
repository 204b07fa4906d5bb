import { describe, expect, it } from 'vitest';
import { KnowledgeGraph } from '../../detectors/graph/knowledgeGraph.ts';
import { MemoryGraphStore } from '../../detectors/graph/memoryStore.ts';
import { EMBEDDED_DEV_PII_KEY } from '../../lib/config.ts';
import { ServiceUnavailableError } from '../../lib/errors.ts';
import { createLogger } from '../../lib/logger.ts';
import { ProspectBook } from '../../prospects/book.ts';
import { loadProspectsConfig } from '../../prospects/config.ts';
import { invoiceHistory, registry } from '../../prospects/testFixtures.ts';
import { Pseudonymiser } from '../../schemas/pseudonym.ts';
import { FakeClickHouse } from '../clickhouse/testing/fakeClickHouse.ts';
import type { EventConsumer, IncomingBatch } from '../kafka/types.ts';
import { ProspectProcessor } from './processor.ts';
import { ProspectStore } from './prospectStore.ts';

const idleConsumer: EventConsumer = {
  connect: async () => undefined, subscribe: async () => undefined, run: async () => undefined, pause: () => undefined, resume: () => undefined, disconnect: async () => undefined,
};

const batchOf = (events: object[]): IncomingBatch => ({
  topic: 'enterprise-updates', partition: 0,
  records: events.map((e, i) => ({ topic: 'enterprise-updates', partition: 0, offset: String(i), key: null, value: Buffer.from(JSON.stringify(e)), headers: {}, timestamp: 0 })),
});

describe('prospects processor', () => {
  it('does not finish a batch (so the consumer cannot commit) until ClickHouse has its rows, and retries it cleanly', async () => {
    const ch = new FakeClickHouse();
    // A ClickHouse that refuses connections for the writer's three attempts.
    for (let i = 0; i < 3; i++) ch.failures.push(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8123'), { code: 'ECONNREFUSED' }));
    const processor = new ProspectProcessor({
      consumer: idleConsumer, pseudonymiser: new Pseudonymiser(EMBEDDED_DEV_PII_KEY),
      book: new ProspectBook(loadProspectsConfig(), new KnowledgeGraph(new MemoryGraphStore())),
      store: new ProspectStore(ch, { now: () => 1_000 }), logger: createLogger('silent'), sweepIntervalMs: 0,
    });
    const batch = batchOf([registry(1), ...invoiceHistory(1, { growth: 0.4 })]);
    await expect(processor.processBatch(batch)).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(processor.recordsProcessed).toBe(0);
    expect(ch.written()).toHaveLength(0);
    await processor.processBatch(batch);
    expect(ch.written().map((r) => r.enterprise_id)).toContain(registry(1).enterpriseId);
    expect(processor.recordsProcessed).toBe(batch.records.length);
    expect(processor.eligibleCount).toBe(1);
  });

  it('skips records that break the contract (the scorer dead-letters them) and still writes the rest', async () => {
    const ch = new FakeClickHouse();
    const processor = new ProspectProcessor({
      consumer: idleConsumer, pseudonymiser: new Pseudonymiser(EMBEDDED_DEV_PII_KEY),
      book: new ProspectBook(loadProspectsConfig()), store: new ProspectStore(ch), logger: createLogger('silent'), sweepIntervalMs: 0,
    });
    await processor.processBatch(batchOf([{ kind: 'invoice_summary', nonsense: true }, registry(2)]));
    expect(processor.recordsProcessed).toBe(2);
    expect(ch.written().map((r) => r.enterprise_id)).toEqual([registry(2).enterpriseId]);
  });
});
