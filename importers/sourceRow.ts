/**
 * One data row of a source CSV as the mappers see it: cells by canonical column name, already
 * trimmed, plus where the row sits in the file (for ids and dead letters).
 */
import { ImportFileError } from './errors.ts';

export interface SourceRow {
  /** 1-based number of the data row (the header is not a row). */
  readonly rowNo: number;
  /** Line of the decompressed file the record ends on (the header is line 1). */
  readonly line: number;
  /** Trimmed cell of a canonical column; '' when the column is optional and not in the file. */
  get(column: string): string;
  /** True when the file has this canonical column. */
  has(column: string): boolean;
}

/** A column the importer reads, with the other spellings copies of the data set use. */
export interface ColumnSpec {
  readonly name: string;
  readonly aliases?: readonly string[];
  /** Optional columns may be absent from the file (e.g. `Default` only in the SBA case study). */
  readonly optional?: boolean;
}

/** Canonical column name → index in the header. */
export type ColumnIndex = ReadonlyMap<string, number>;

/**
 * Resolves the header against the columns an importer reads. Throws ImportFileError naming the
 * missing columns, since a file without them is most likely another data set.
 */
export function resolveColumns(header: readonly string[], columns: readonly ColumnSpec[], dataset: string): ColumnIndex {
  const position = new Map<string, number>();
  header.forEach((name, i) => {
    const key = name.trim();
    if (!position.has(key)) position.set(key, i);
  });
  const index = new Map<string, number>();
  const missing: string[] = [];
  for (const column of columns) {
    const found = [column.name, ...(column.aliases ?? [])].map((n) => position.get(n)).find((i) => i !== undefined);
    if (found !== undefined) index.set(column.name, found);
    else if (!column.optional) missing.push(column.name);
  }
  if (missing.length > 0) {
    throw new ImportFileError(
      `the header lacks ${missing.join(', ')}: is this a ${dataset} file? (header: ${header.slice(0, 12).join(', ')}${header.length > 12 ? ', …' : ''})`,
    );
  }
  return index;
}

/** A SourceRow over one record's cells. */
export function sourceRow(values: readonly string[], index: ColumnIndex, rowNo: number, line: number): SourceRow {
  return {
    rowNo,
    line,
    get: (column) => {
      const i = index.get(column);
      return i === undefined ? '' : (values[i] ?? '').trim();
    },
    has: (column) => index.has(column),
  };
}
