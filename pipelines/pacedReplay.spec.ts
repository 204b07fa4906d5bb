import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventProducer, OutgoingRecord } from './kafka/types.ts';
import { inEventTimeOrder, ReplayTimeoutError, sendPaced, type TimedRecord } from './pacedReplay.ts';
import { recordsOfDirectory } from './replayFile.ts';

/** A producer that records what it was sent, and a processor that handles what it is told to. */
function fakePipeline(): { producer: EventProducer; sent: OutgoingRecord[]; handled: { n: number }; sendsWhileBehind: number[] } {
  const sent: OutgoingRecord[] = [];
  const handled = { n: 0 };
  const sendsWhileBehind: number[] = [];
  const producer: EventProducer = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    send: async (records) => {
      if (handled.n < sent.length) sendsWhileBehind.push(sent.length);
      sent.push(...records);
    },
  } as EventProducer;
  return { producer, sent, handled, sendsWhileBehind };
}

const rec = (id: string, eventTime: string | null): TimedRecord => ({ topic: 't', key: null, value: id, eventTime });

describe('sendPaced', () => {
  const records = [rec('a', '2005-01-01T00:00:00Z'), rec('b', '2005-01-01T09:00:00Z'), rec('c', '2005-01-02T00:00:00Z'), rec('d', '2005-01-05T00:00:00Z')];

  it('by day: sends a day only when the processor has handled everything before it', async () => {
    const p = fakePipeline();
    const asked: number[] = [];
    // The processor handles everything sent, but only on the second time it is asked.
    let polls = 0;
    await sendPaced(p.producer, records, {
      pace: 'day',
      caughtUp: (sent) => {
        asked.push(sent);
        if (++polls % 2 === 0) p.handled.n = sent;
        return p.handled.n >= sent;
      },
      pollMs: 1,
    });
    expect(p.sent.map((r) => r.value)).toEqual(['a', 'b', 'c', 'd']);
    expect(p.sendsWhileBehind).toEqual([]);
    // Barriers before each new day (after 0, 2 and 3 records) and at the end (4).
    expect([...new Set(asked)]).toEqual([0, 2, 3, 4]);
  });

  it('none: sends everything at once, then waits for the processor', async () => {
    const p = fakePipeline();
    await sendPaced(p.producer, records, { pace: 'none', caughtUp: (sent) => sent === 4 });
    expect(p.sent).toHaveLength(4);
  });

  it('gives up with a typed error and the hint when the processor never catches up', async () => {
    const p = fakePipeline();
    const run = sendPaced(p.producer, records, { pace: 'day', caughtUp: (sent) => sent === 0, timeoutMs: 30, pollMs: 5, hint: 'is a processor running?' });
    await expect(run).rejects.toThrow(ReplayTimeoutError);
    await expect(run).rejects.toThrow(/had not handled the 2 records sent \(of 4\).*is a processor running\?/);
  });
});

describe('inEventTimeOrder', () => {
  it('sorts by time, keeps input order among ties, and puts records without a readable time first', () => {
    const sorted = inEventTimeOrder([rec('late', '2005-02-01T00:00:00Z'), rec('tie1', '2005-01-01T00:00:00Z'), rec('none', null), rec('tie2', '2005-01-01T00:00:00.000Z'), rec('bad', 'yesterday')]);
    expect(sorted.map((r) => r.value)).toEqual(['none', 'bad', 'tie1', 'tie2', 'late']);
  });
});

describe('recordsOfDirectory', () => {
  it('merges the topic files of a directory in event-time order, with their partition keys', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fk-replay-dir-'));
    try {
      const label = (id: string, at: string) => JSON.stringify({ eventId: id, schemaVersion: 1, eventTime: at, labelId: id, kind: 'default', occurredAt: at });
      await writeFile(join(dir, 'labels.jsonl'), [label('l2', '2005-03-01T00:00:00Z'), label('l1', '2005-01-01T00:00:00Z'), '{"broken'].join('\n') + '\n');
      await writeFile(join(dir, 'notes.jsonl'), '{"not":"a topic file"}\n');
      const { records, perTopic } = await recordsOfDirectory(dir, 'pre.');
      expect(perTopic).toEqual({ labels: 3 });
      expect(records.map((r) => [r.topic, r.eventTime])).toEqual([['pre.labels', null], ['pre.labels', '2005-01-01T00:00:00Z'], ['pre.labels', '2005-03-01T00:00:00Z']]);
      expect(records[0]?.key).toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
