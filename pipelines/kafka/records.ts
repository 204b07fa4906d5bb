/**
 * Small conversions shared by the Kafka client adapters (kafkajs and Confluent), so both hand
 * processors identical records and commit identical offsets.
 */
import type { OutgoingRecord } from './types.ts';

/**
 * The offset to commit after processing `lastOffset`: Kafka commits the *next* offset to read
 * (OffsetCommit semantics, KIP-1 / Java `OffsetAndMetadata`), i.e. last + 1. BigInt because
 * offsets are 64-bit.
 */
export function nextOffset(lastOffset: string): string {
  return (BigInt(lastOffset) + 1n).toString();
}

type RawHeaderValue = Buffer | string | ReadonlyArray<Buffer | string> | undefined;

/** Header values as strings; a repeated header keeps its first value (our headers are never repeated). */
export function stringHeaders(headers: Readonly<Record<string, RawHeaderValue>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  for (const [name, raw] of Object.entries(headers)) {
    const value = Array.isArray(raw) ? raw[0] : (raw as Buffer | string | undefined);
    if (value !== undefined) out[name] = value.toString();
  }
  return out;
}

/** Records grouped by topic, keeping each topic's records in their original order. */
export function groupByTopic(records: readonly OutgoingRecord[]): Map<string, OutgoingRecord[]> {
  const byTopic = new Map<string, OutgoingRecord[]>();
  for (const r of records) {
    const list = byTopic.get(r.topic);
    if (list) list.push(r);
    else byTopic.set(r.topic, [r]);
  }
  return byTopic;
}

/** Timestamp string from a client (ms since epoch) as a number; 0 when absent. */
export function timestampMs(ts: string | number | undefined): number {
  const n = Number(ts);
  return Number.isFinite(n) ? n : 0;
}
