/**
 * The import loop shared by `fengkong import` and the replay: open the file (xz or plain),
 * parse CSV records, map each row, validate every produced event against its contract with the
 * same `validateRecord` the pipeline uses, and yield either the row's events or its dead letter.
 * Every data row yields exactly one item, so rows = mapped + dead letters always holds.
 */
import { basename } from 'node:path';
import { FengkongError } from '../lib/errors.ts';
import { describeIssues, MAX_EVENT_BYTES, validateEvent } from '../schemas/validator.ts';
import type { DeadLetter } from '../schemas/topics/outputs.ts';
import type { TopicName } from '../schemas/topics.ts';
import { csvItems, type CsvItem } from './csvItems.ts';
import { importDeadLetter, type RowFailure } from './deadLetter.ts';
import { IMPORT_ROW_CODES, ImportFileError, ImportRowError } from './errors.ts';
import type { DatasetName, MappedEvent } from './importer.ts';
import { openSource } from './openSource.ts';
import { IMPORTERS } from './registry.ts';
import { resolveColumns, sourceRow } from './sourceRow.ts';

const ID_PREFIX = /^[A-Za-z0-9_.:-]{1,64}$/;
/** Rows between progress callbacks. */
const PROGRESS_EVERY = 500;

export interface ImportEventsOptions {
  readonly dataset: DatasetName;
  readonly file: string;
  /** Prefix of every minted id; default `<dataset>.<file name without .csv/.xz>`, so two files never collide. */
  readonly idPrefix?: string;
  /** `eventTime` of the dead letters (when the import ran); default now. */
  readonly importedAt?: Date;
  readonly onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly rows: number;
}

/** A mapped event with the exact JSON text that was validated (write that, not a re-serialisation). */
export type ValidatedEvent = MappedEvent & { readonly json: string };

export type ImportItem =
  | { readonly kind: 'mapped'; readonly rowNo: number; readonly line: number; readonly events: readonly ValidatedEvent[] }
  | { readonly kind: 'dead-letter'; readonly rowNo: number; readonly line: number; readonly deadLetter: DeadLetter; readonly json: string };

/** Default id prefix for a file: `paysim.PS_log_head19999` for PS_log_head19999.csv.xz. */
export function defaultIdPrefix(dataset: DatasetName, file: string): string {
  const stem = basename(file).replace(/\.xz$/i, '').replace(/\.csv$/i, '').replace(/[^A-Za-z0-9_.-]/g, '_');
  return `${dataset}.${stem}`.slice(0, 64);
}

/** What a record is wrong with before mapping (its field count), or null. */
function shapeProblem(values: readonly string[], columns: number): string | null {
  if (values.length === columns) return null;
  if (values.length === 1 && values[0] === '') return 'empty line';
  return `row has ${values.length} fields but the header has ${columns} (a truncated or joined line?)`;
}

function failureOf(error: unknown, rowNo: number, item: CsvItem): RowFailure {
  if (error instanceof ImportRowError) {
    return { rowNo, line: item.line, raw: item.raw, errorClass: error.name, errorCode: error.code, field: error.field, reason: error.message };
  }
  // A mapper bug must not stop the import either: the row is dead-lettered with what happened.
  const e = error instanceof Error ? error : new Error(String(error));
  const code = error instanceof FengkongError ? error.code : 'fengkong:unexpected';
  return { rowNo, line: item.line, raw: item.raw, errorClass: e.name, errorCode: code, reason: `unexpected error mapping the row: ${e.message}` };
}

/** Imports one file, yielding one item per data row in file order. Throws ImportFileError when the file as a whole is unusable. */
export async function* importEvents(options: ImportEventsOptions): AsyncGenerator<ImportItem> {
  const importer = IMPORTERS[options.dataset];
  const idPrefix = options.idPrefix ?? defaultIdPrefix(options.dataset, options.file);
  if (!ID_PREFIX.test(idPrefix)) throw new ImportFileError(`id prefix '${idPrefix}' must be 1-64 letters, digits or _ . : -`);
  const source = `import:${importer.name}`;
  const at = (options.importedAt ?? new Date()).toISOString();
  const mapper = importer.createMapper({ idPrefix, source });
  const input = await openSource(options.file);
  let completed = false;
  try {
    let header: string[] | null = null;
    let index: ReturnType<typeof resolveColumns> | null = null;
    let rowNo = 0;
    const progress = (): void => options.onProgress?.({ bytesRead: input.bytesRead(), totalBytes: input.totalBytes, rows: rowNo });

    for await (const item of csvItems(input.stream)) {
      if (header === null || index === null) {
        if (item.kind === 'malformed') throw new ImportFileError(`cannot read the header of ${options.file}: ${item.reason}`);
        header = item.values.map((v) => v.trim());
        index = resolveColumns(header, importer.columns, importer.name);
        continue;
      }
      rowNo++;
      if (rowNo % PROGRESS_EVERY === 0) progress();
      let failure: RowFailure | null = null;
      let events: ValidatedEvent[] = [];
      if (item.kind === 'malformed') {
        failure = { rowNo, line: item.line, raw: item.raw, errorClass: 'CsvError', errorCode: IMPORT_ROW_CODES.malformedCsv, reason: `CSV: ${item.reason} (${item.parserCode})` };
      } else {
        const shape = shapeProblem(item.values, header.length);
        if (shape !== null) {
          failure = { rowNo, line: item.line, raw: item.raw, errorClass: ImportRowError.name, errorCode: IMPORT_ROW_CODES.columnCount, reason: shape };
        } else {
          try {
            events = mapper.map(sourceRow(item.values, index, rowNo, item.line)).map((e) => validated(e));
          } catch (error) {
            failure = failureOf(error, rowNo, item);
          }
        }
      }
      if (failure) {
        const deadLetter = importDeadLetter(failure, { idPrefix, source, originalTopic: importer.primaryTopic, at });
        yield { kind: 'dead-letter', rowNo, line: item.line, deadLetter, json: JSON.stringify(deadLetter) };
      } else {
        yield { kind: 'mapped', rowNo, line: item.line, events };
      }
    }
    if (header === null) throw new ImportFileError(`${options.file} is empty: expected a CSV header and rows`);
    await input.finished();
    completed = true;
    progress();
  } finally {
    if (!completed) input.close();
  }
}

/**
 * The event with its JSON text, or an ImportRowError listing the contract issues. The object is
 * validated as built (mappers emit only strings, finite numbers, booleans and null, so it equals
 * its JSON text parsed back); only the record-size limit of validateRecord is checked on the text.
 */
function validated(e: MappedEvent): ValidatedEvent {
  const json = JSON.stringify(e.event);
  if (Buffer.byteLength(json) > MAX_EVENT_BYTES) {
    throw new ImportRowError(IMPORT_ROW_CODES.contractViolation, undefined, `mapped ${e.topic} event is over the ${MAX_EVENT_BYTES}-byte limit`);
  }
  const result = validateEvent(e.topic as TopicName, e.event);
  if (!result.ok) {
    throw new ImportRowError(IMPORT_ROW_CODES.contractViolation, result.issues[0]?.field || undefined, `mapped ${e.topic} event breaks its contract: ${describeIssues(result.issues)}`);
  }
  return { ...e, json };
}
