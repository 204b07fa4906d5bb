/**
 * Dates on the command line and in ClickHouse query parameters. `--from`/`--to` take a day
 * (`2026-03-01`, UTC midnight) or an ISO instant; ranges are half-open [from, to).
 */
import { FengkongError } from '../lib/errors.ts';

/** A day or an ISO instant as a Date, or an error naming the option. */
export function parseInstant(text: string, option: string): Date {
  const value = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00.000Z` : text;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new FengkongError('fengkong:bad-option', `${option} ${text} is not a date: use YYYY-MM-DD or an ISO instant (2026-03-01T08:00:00Z)`);
  return d;
}

/** A Date as a `{name:DateTime64(3, 'UTC')}` parameter value. */
export const chTime = (d: Date): string => d.toISOString().replace('T', ' ').replace('Z', '');

/** `--from` and `--to` as a half-open range, refusing an empty or reversed one. */
export function parseRange(from: string, to: string): { from: Date; to: Date } {
  const range = { from: parseInstant(from, '--from'), to: parseInstant(to, '--to') };
  if (range.from.getTime() >= range.to.getTime()) throw new FengkongError('fengkong:bad-option', `--from ${from} is not before --to ${to}: the range is [from, to)`);
  return range;
}
