/**
 * Errors of the public-data importers. A row that cannot be mapped is never fatal: the mapper
 * throws an ImportRowError and the runner turns it into a dead letter (stage `import`). A file
 * that cannot be read at all (missing columns, broken compression) is an ImportFileError and
 * stops the import with a message saying what to do.
 */
import { FengkongError } from '../lib/errors.ts';

/** Stable codes of row-level failures, as written to `errorCode` of the dead letter. */
export const IMPORT_ROW_CODES = {
  /** The CSV parser could not read the record (unbalanced quote, bad closing quote...). */
  malformedCsv: 'fengkong:import-malformed-csv',
  /** The record has more or fewer fields than the header (a truncated or joined line). */
  columnCount: 'fengkong:import-column-count',
  /** A cell is not a value of its column (non-numeric amount, unknown transaction type...). */
  invalidValue: 'fengkong:import-invalid-value',
  /** The label cell is empty or not a known outcome. */
  missingLabel: 'fengkong:import-missing-label',
  /** A value is well formed but outside what our contract can carry (e.g. a 0-month term). */
  outOfContract: 'fengkong:import-out-of-contract',
  /** The same natural id (loan number, client id) appeared earlier in the file. */
  duplicateId: 'fengkong:import-duplicate-id',
  /** The mapped event failed contract validation (a mapping gap; the issues say which field). */
  contractViolation: 'fengkong:import-contract-violation',
} as const;
export type ImportRowCode = (typeof IMPORT_ROW_CODES)[keyof typeof IMPORT_ROW_CODES];

/** One source row cannot be mapped; it goes to the dead letters with this reason. */
export class ImportRowError extends FengkongError {
  constructor(
    code: ImportRowCode,
    /** Source column (or contract field for contract violations) at fault, when one is. */
    readonly field: string | undefined,
    message: string,
  ) {
    super(code, message, { retriable: false });
  }
}

/** The file as a whole cannot be imported (unreadable, not this data set, broken compression). */
export class ImportFileError extends FengkongError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('fengkong:import-file', message, { retriable: false, ...options });
  }
}
