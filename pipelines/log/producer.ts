/**
 * EventProducer over the in-process log. `send` resolves once every record is appended (the
 * in-process equivalent of acks=all); it waits while a partition is full (whenFull 'block').
 */
import type { EventProducer, OutgoingRecord } from '../kafka/types.ts';
import type { InProcessLog } from './inProcessLog.ts';

export class InProcessProducer implements EventProducer {
  readonly #log: InProcessLog;
  #connected = false;

  constructor(log: InProcessLog) {
    this.#log = log;
  }

  async connect(): Promise<void> {
    this.#connected = true;
  }

  async send(records: readonly OutgoingRecord[]): Promise<void> {
    if (!this.#connected) throw new Error('InProcessProducer.send before connect()');
    // Group by partition, keeping each partition's records in the order given.
    const byPartition = new Map<string, { topic: string; partition: number; records: Array<{ key: Buffer | null; value: Buffer; headers: Readonly<Record<string, string>> }> }>();
    for (const r of records) {
      const key = r.key === null ? null : Buffer.from(r.key, 'utf8');
      const partition = this.#log.partitionFor(r.topic, key);
      const id = `${r.topic}\0${partition}`;
      let group = byPartition.get(id);
      if (!group) {
        group = { topic: r.topic, partition, records: [] };
        byPartition.set(id, group);
      }
      group.records.push({ key, value: typeof r.value === 'string' ? Buffer.from(r.value, 'utf8') : r.value, headers: r.headers ?? {} });
    }
    await Promise.all([...byPartition.values()].map((g) => this.#log.append(g.topic, g.partition, g.records)));
  }

  async disconnect(): Promise<void> {
    this.#connected = false;
  }
}
