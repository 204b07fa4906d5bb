/**
 * CSV records of a stream with csv-parse, including the ones it cannot read: those come back as
 * `malformed` items with the parser's reason and the raw text, so the importer can dead-letter
 * them instead of stopping. Line endings are detected per file (the UCI copy uses CR only).
 */
import { parse, type CsvError } from 'csv-parse';
import type { Readable } from 'node:stream';

export type CsvItem =
  | { readonly kind: 'record'; readonly values: string[]; readonly raw: string; readonly line: number }
  | { readonly kind: 'malformed'; readonly raw: string; readonly line: number; readonly reason: string; readonly parserCode: string };

interface ParsedRecord {
  readonly record: string[];
  readonly raw: string;
  readonly info: { readonly lines: number };
}

/** The record text without its record delimiter (the dead letter keeps the row's own bytes). */
const withoutDelimiter = (raw: string): string => raw.replace(/(?:\r\n|\n|\r)$/, '');

/** Yields every record of `input` in file order; the first is the header. */
export async function* csvItems(input: Readable): AsyncGenerator<CsvItem> {
  const skipped: CsvItem[] = [];
  const parser = parse({
    raw: true,
    info: true,
    bom: true,
    // Ragged rows are checked by the importer against the header, with a clearer reason.
    relax_column_count: true,
    // A quote inside an unquoted field ('JOE"S DINER') is kept literally, as Python's csv does.
    relax_quotes: true,
    skip_empty_lines: false,
    skip_records_with_error: true,
    on_skip: (err: CsvError | undefined, raw: string | undefined) => {
      const line = typeof (err as { lines?: unknown } | undefined)?.lines === 'number' ? (err as unknown as { lines: number }).lines : 0;
      skipped.push({
        kind: 'malformed',
        raw: withoutDelimiter(raw ?? ''),
        line,
        reason: err?.message ?? 'the CSV parser could not read this record',
        parserCode: err?.code ?? 'CSV_UNKNOWN',
      });
      return undefined;
    },
  });
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);
  for await (const item of parser as AsyncIterable<ParsedRecord>) {
    // The parser runs ahead of this loop, so a record skipped before this one is already queued.
    while (skipped.length > 0 && (skipped[0] as CsvItem).line <= item.info.lines) yield skipped.shift() as CsvItem;
    yield { kind: 'record', values: item.record, raw: withoutDelimiter(item.raw), line: item.info.lines };
  }
  yield* skipped.splice(0);
}
