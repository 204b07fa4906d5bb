/**
 * Table and database names are interpolated into SQL (ClickHouse cannot bind identifiers in
 * INSERT), so they are checked against a plain-identifier pattern first.
 */
import { ConfigError } from '../../lib/errors.ts';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,190}$/;

/** Throws unless `name` is a plain identifier (letters, digits, underscore). */
export function checkIdentifier(name: string, what: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new ConfigError(`${what} '${name}' is not a plain identifier (letters, digits and _ only, not starting with a digit)`);
  }
  return name;
}

/** `db.table` for an unqualified table, or the checked `db.table` given. */
export function qualifyTable(database: string, table: string): string {
  const parts = table.split('.');
  if (parts.length === 2) return `${checkIdentifier(parts[0] ?? '', 'database')}.${checkIdentifier(parts[1] ?? '', 'table')}`;
  return `${checkIdentifier(database, 'database')}.${checkIdentifier(table, 'table')}`;
}
