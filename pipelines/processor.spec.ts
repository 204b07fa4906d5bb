import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { Processor, type ProcessedBatch, type ResultSink, type ScoringEngine } from './processor.ts';
import { createProcessorMetrics } from './metrics.ts';
import { Pseudonymiser } from '../schemas/pseudonym.ts';
import { EXAMPLES } from '../schemas/examples.ts';
import { ServiceUnavailableError, FengkongError } from '../lib/errors.ts';
import type { EventConsumer, EventProducer, IncomingRecord, OutgoingRecord } from './kafka/types.ts';
import type { Alert } from '../schemas/topics/outputs.ts';

const logger = pino({ level: 'silent' });

function fakes(sinkBehaviour: Array<'ok' | 'unavailable' | 'broken'> = ['ok']) {
  const sent: OutgoingRecord[] = [];
  const written: ProcessedBatch[] = [];
  const calls = { pause: 0, resume: 0, sink: 0 };
  const producer: EventProducer = { connect: async () => {}, disconnect: async () => {}, send: async (r) => void sent.push(...r) };
  const consumer: EventConsumer = {
    connect: async () => {}, subscribe: async () => {}, run: async () => {}, disconnect: async () => {},
    pause: () => void calls.pause++, resume: () => void calls.resume++,
  };
  const sink: ResultSink = {
    write: async (batch) => {
      const behaviour = sinkBehaviour[Math.min(calls.sink++, sinkBehaviour.length - 1)];
      if (behaviour === 'unavailable') throw new ServiceUnavailableError('clickhouse', 'connection refused');
      if (behaviour === 'broken') throw new FengkongError('fengkong:sql', 'syntax error', { retriable: false });
      written.push(batch);
    },
  };
  const alert: Alert = {
    eventId: 'alert:x', schemaVersion: 1, eventTime: '2026-01-01T00:00:00.000Z', alertId: 'alert:x', signal: 'missed_payment', severity: 'high',
    loanId: 'L1', sourceEventId: 'e', why: [], raisedAt: '2026-01-01T00:00:00.000Z',
  };
  const engine: ScoringEngine = {
    scoreBatch: async (inputs) => inputs.map(() => ({ alerts: [alert], alertHints: [{ alertId: alert.alertId, dedupKey: 'L1|missed_payment', cooldownSeconds: 3600 }] })),
  };
  const features = { applyBatch: async (inputs: readonly unknown[]) => ({ vectors: inputs.map(() => ({})), late: 0, duplicates: 0 }) };
  const processor = new Processor({
    consumer, producer, pseudonymiser: new Pseudonymiser('unit-test-pseudonymisation-key'), features, engine, sink, logger,
    metrics: createProcessorMetrics(), retry: { initialMs: 1, maxMs: 2 },
  });
  return { processor, sent, written, calls };
}

const record = (value: Buffer | string, offset: string): IncomingRecord => ({
  topic: 'applications', partition: 2, offset, key: Buffer.from('k'), value: Buffer.from(value), headers: {}, timestamp: Date.now(),
});

describe('Processor.processBatch', () => {
  it('dead-letters invalid records with Kafka Connect headers and writes valid ones pseudonymised', async () => {
    const { processor, sent, written } = fakes();
    await processor.processBatch({ topic: 'applications', partition: 2, records: [record(JSON.stringify(EXAMPLES.applications), '10'), record('not json', '11')] });
    const dlq = sent.find((r) => r.topic === 'applications.dlq');
    expect(dlq?.headers?.['__connect.errors.offset']).toBe('11');
    expect(dlq?.headers?.['__connect.errors.exception.message']).toMatch(/not JSON/);
    expect(String(dlq?.value)).toBe('not json');
    expect(written[0]!.deadLetters).toHaveLength(1);
    expect(written[0]!.events).toHaveLength(1);
    const stored = JSON.stringify(written[0]!.events[0]!.event);
    expect(stored).not.toContain(EXAMPLES.applications.applicant.idNumber);
    expect(stored).toContain('pii_');
  });

  it('puts the detector\u2019s dedup key and cooldown on alert records', async () => {
    const { processor, sent } = fakes();
    await processor.processBatch({ topic: 'applications', partition: 0, records: [record(JSON.stringify(EXAMPLES.applications), '1')] });
    const alert = sent.find((r) => r.topic === 'alerts');
    expect(alert?.headers).toEqual({ 'fk-dedup-key': 'L1|missed_payment', 'fk-cooldown-seconds': '3600' });
  });

  it('pauses consumption while ClickHouse is unavailable and resumes once the write succeeds', async () => {
    const { processor, written, calls } = fakes(['unavailable', 'unavailable', 'ok']);
    await processor.processBatch({ topic: 'applications', partition: 0, records: [record(JSON.stringify(EXAMPLES.applications), '1')] });
    expect(calls).toEqual({ pause: 1, resume: 1, sink: 3 });
    expect(written).toHaveLength(1);
  });

  it('rejects the batch (so its offsets are not committed) when a write fails for good', async () => {
    const { processor, written } = fakes(['broken']);
    await expect(processor.processBatch({ topic: 'applications', partition: 0, records: [record(JSON.stringify(EXAMPLES.applications), '1')] })).rejects.toThrow(/syntax error/);
    expect(written).toHaveLength(0);
  });
});
