/**
 * Strict parsing of CSV cells. `Number()` alone would turn '' into 0 and '0x10' into 16, so a
 * cell is a number only when it is written as a decimal; anything else is an ImportRowError
 * naming the column and the value, which the runner dead-letters.
 */
import { IMPORT_ROW_CODES, ImportRowError } from './errors.ts';
import type { SourceRow } from './sourceRow.ts';

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Longest cell quoted back in a reason, so a garbage cell cannot blow up the dead letter. */
const QUOTE_MAX = 40;

/** A cell as quoted in a reason: at most 40 characters. */
export const quote = (value: string): string => `'${value.length > QUOTE_MAX ? `${value.slice(0, QUOTE_MAX)}…` : value}'`;

const invalid = (column: string, message: string): ImportRowError => new ImportRowError(IMPORT_ROW_CODES.invalidValue, column, `${column} ${message}`);

/** The decimal number in a cell; throws when the cell is empty or not a decimal. */
export function decimal(row: SourceRow, column: string): number {
  const text = row.get(column);
  if (text === '') throw invalid(column, 'is empty');
  if (!DECIMAL.test(text)) throw invalid(column, `is not a number: ${quote(text)}`);
  const value = Number(text);
  if (!Number.isFinite(value)) throw invalid(column, `is out of range: ${quote(text)}`);
  return value;
}

/** Like decimal, but '' gives null. */
export function optionalDecimal(row: SourceRow, column: string): number | null {
  return row.get(column) === '' ? null : decimal(row, column);
}

/** An integer cell within [min, max] ('12' and '12.0' both read as 12). */
export function integer(row: SourceRow, column: string, min: number, max: number): number {
  const value = decimal(row, column);
  if (!Number.isInteger(value)) throw invalid(column, `is not a whole number: ${quote(row.get(column))}`);
  if (value < min || value > max) throw invalid(column, `is ${value}, outside ${min}..${max}`);
  return value;
}

/**
 * An amount of money. The original SBA file writes "$60,000.00 " (dollar sign, thousands
 * separators, trailing blank); the copies here write 60000. Both read as 60000.
 */
export function money(row: SourceRow, column: string): number {
  const text = row.get(column).replace(/^\$/, '').replace(/,/g, '').trim();
  if (text === '') throw invalid(column, 'is empty');
  if (!DECIMAL.test(text)) throw invalid(column, `is not an amount: ${quote(row.get(column))}`);
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw invalid(column, `is not a non-negative amount: ${quote(row.get(column))}`);
  return value;
}

/** Like money, but '' gives null. */
export function optionalMoney(row: SourceRow, column: string): number | null {
  return row.get(column) === '' ? null : money(row, column);
}

/** Amounts rounded to cents, so float noise of the source ("0.30000000000000004") does not reach events. */
export const cents = (value: number): number => Math.round(value * 100) / 100;
