/**
 * Reads a JSONL or CSV file as raw records for a topic. JSONL lines pass through byte for byte
 * (so a broken line reaches the dead-letter topic as it was); CSV rows become JSON objects,
 * dotted headers (`applicant.name`) nesting, numeric-looking cells numbers, `true`/`false`
 * booleans and empty cells absent.
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { readLines } from '../lib/jsonl.ts';

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
