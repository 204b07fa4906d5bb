/**
 * Reads a JSONL or CSV file as raw records for a topic. JSONL lines pass through byte for byte
 * (so a broken line reaches the dead-letter topic as it was); CSV rows become JSON objects,
 * dotted headers (`applicant.name`) nesting, numeric-looking cells numbers, `true`/`false`
 * booleans and empty cells absent.
 */
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { readLines } from '../lib/jsonl.ts';
import { INPUT_TOPICS, TOPICS, type TopicName } from '../schemas/topics.ts';
import { validateRecord } from '../schemas/validator.ts';
import { inEventTimeOrder, type TimedRecord } from './pacedReplay.ts';

function cellValue(cell: string): unknown {
  if (cell === 'true') return true;
  if (cell === 'false') return false;
  if (cell === 'null') return null;
  if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(cell) && cell.length < 16) return Number(cell);
  return cell;
}

/** A CSV row keyed by header as a nested object. */
export function rowToObject(row: Readonly<Record<string, string>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [header, cell] of Object.entries(row)) {
    if (cell === '') continue;
    const path = header.split('.');
    let node = out;
    for (const part of path.slice(0, -1)) {
      const next = node[part];
      node = (next && typeof next === 'object' ? next : (node[part] = {})) as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = cellValue(cell);
  }
  return out;
}

/** Raw records of a file, in order. */
export async function* recordsOfFile(path: string): AsyncGenerator<Buffer> {
  if (path.endsWith('.csv')) {
    const parser = createReadStream(path).pipe(parse({ columns: true, relax_column_count: true, bom: true }));
    for await (const row of parser as AsyncIterable<Record<string, string>>) yield Buffer.from(JSON.stringify(rowToObject(row)));
    return;
  }
  for await (const { bytes } of readLines(path)) {
    if (bytes.length > 0) yield bytes;
  }
}

/**
 * Partition key and event time of a raw record, from one validation: the contract's key and
 * `eventTime` when it is valid; else no key (any partition: it will be dead-lettered) and the
 * event time read from the raw JSON, if it has one.
 */
function describeRecord(topic: TopicName, bytes: Buffer): { key: string | null; eventTime: string | null } {
  const result = validateRecord(topic, bytes);
  if (result.ok) return { key: (TOPICS[topic].key as (e: unknown) => string)(result.value), eventTime: result.value.eventTime };
  return { key: null, eventTime: rawEventTimeOf(bytes) };
}

/** Partition key of a raw record: the contract's key when it parses, else null (any partition; it will be dead-lettered). */
export function partitionKeyOf(topic: TopicName, bytes: Buffer): string | null {
  return describeRecord(topic, bytes).key;
}

/** The event time an invalid raw record carries, or null (not JSON, or no string `eventTime`). */
function rawEventTimeOf(bytes: Buffer): string | null {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    const time = value !== null && typeof value === 'object' ? (value as { eventTime?: unknown }).eventTime : undefined;
    return typeof time === 'string' ? time : null;
  } catch {
    return null;
  }
}

export interface DirectoryReplay {
  /** Every record of the directory's topic files, in event-time order. */
  readonly records: TimedRecord[];
  /** Records per input topic found. */
  readonly perTopic: Partial<Record<TopicName, number>>;
}

/**
 * The input-topic files of a directory (`<topic>.jsonl` or `<topic>.csv`, as `fengkong import`
 * writes them) as one event-time-ordered list of records for `topicPrefix + topic`. Holds them
 * all in memory to sort them. Records without a readable event time go first (they will be
 * dead-lettered with the reason).
 */
export async function recordsOfDirectory(dir: string, topicPrefix: string): Promise<DirectoryReplay> {
  const records: TimedRecord[] = [];
  const perTopic: Partial<Record<TopicName, number>> = {};
  for (const topic of INPUT_TOPICS) {
    for (const ext of ['.jsonl', '.csv']) {
      const file = join(dir, topic + ext);
      if (!(await access(file).then(() => true, () => false))) continue;
      for await (const bytes of recordsOfFile(file)) {
        records.push({ topic: topicPrefix + topic, value: bytes, ...describeRecord(topic, bytes) });
        perTopic[topic] = (perTopic[topic] ?? 0) + 1;
      }
    }
  }
  return { records: inEventTimeOrder(records), perTopic };
}
