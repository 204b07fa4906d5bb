/**
 * Encodes rows as JSONEachRow, the one insert format both chdb and the HTTP interface parse
 * natively. JSON.stringify escapes quotes, backslashes and control characters, so any payload
 * text round-trips; three things it would get wrong are fixed on the way:
 * - a lone UTF-16 surrogate is emitted as `\udXXX`, which ClickHouse rejects (code 25, "missing
 *   second part of surrogate pair"), so it becomes U+FFFD like any invalid UTF-8 would;
 * - a bigint would throw, so it is written as a decimal string (ClickHouse reads quoted Int64);
 * - a Date becomes its ISO instant (read with `date_time_input_format = 'best_effort'`).
 * The common case runs plain JSON.stringify (a replacer function costs ~5× on score rows);
 * the fixes run only when needed.
 */
import type { ClickHouseRow, EncodedRows } from './types.ts';

/**
 * In JSON.stringify output (ES2019 well-formed stringify), a surrogate escape can only come
 * from a lone surrogate: valid pairs are emitted as the characters themselves. Escaped
 * backslashes are matched pairwise so that the text `\\ud800` (a literal backslash followed by
 * "ud800") is left alone.
 */
const ESCAPE_OR_LONE_SURROGATE = /\\(\\|ud[89a-f][0-9a-f]{2})/g;

function fixLoneSurrogates(json: string): string {
  if (!json.includes('\\ud')) return json;
  return json.replace(ESCAPE_OR_LONE_SURROGATE, (match, inner: string) => (inner === '\\' ? match : '\\ufffd'));
}

function bigintReplacer(this: unknown, _key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** One row as a JSONEachRow line, including its trailing newline. */
export function encodeRow(row: ClickHouseRow): string {
  let json: string;
  try {
    json = JSON.stringify(row); // Date has toJSON: ISO instant
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    json = JSON.stringify(row, bigintReplacer); // "Do not know how to serialize a BigInt"
  }
  return fixLoneSurrogates(json) + '\n';
}

/** Many rows as one JSONEachRow body. */
export function encodeJsonEachRow(rows: readonly ClickHouseRow[]): EncodedRows {
  let body = '';
  for (const row of rows) body += encodeRow(row);
  return { format: 'JSONEachRow', body, count: rows.length };
}

/** Accepts rows or already-encoded rows. */
export function asEncoded(rows: readonly ClickHouseRow[] | EncodedRows): EncodedRows {
  return Array.isArray(rows) ? encodeJsonEachRow(rows as readonly ClickHouseRow[]) : (rows as EncodedRows);
}
