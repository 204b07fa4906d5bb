/**
 * Calendar arithmetic in UTC milliseconds. Business hours are China Standard Time (UTC+8),
 * so 09:00 local is 01:00Z; nothing here reads the clock.
 */

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
/** China Standard Time offset; no daylight saving. */
export const CST_OFFSET = 8 * HOUR;

/** ISO-8601 instant, e.g. 2026-01-05T02:13:07.000Z. */
export const iso = (ms: number): string => new Date(ms).toISOString();
/** Calendar date (UTC) of an instant, YYYY-MM-DD. */
export const dateOf = (ms: number): string => iso(ms).slice(0, 10);
/** Month (UTC) of an instant, YYYY-MM. */
export const monthOf = (ms: number): string => iso(ms).slice(0, 7);
/** Midnight UTC of the day containing ms. */
export const dayFloor = (ms: number): number => Math.floor(ms / DAY) * DAY;
/** Day of week (0 = Sunday) in China time. */
export const weekdayCst = (ms: number): number => new Date(ms + CST_OFFSET).getUTCDay();

/** The instant of a China-time hour (fractional allowed) on the UTC day starting at dayStart; hours 8-32 stay on that UTC day. */
export const atCst = (dayStart: number, hourCst: number): number => dayStart + Math.round((hourCst - 8) * HOUR);

/** Same day of month, k months later (day capped at 28 so every month has it). */
export function addMonths(ms: number, k: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + k, Math.min(d.getUTCDate(), 28));
}

/** First instant of the month containing ms. */
export function monthStart(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** Whole months from a to b (calendar months, may be negative). */
export function monthsBetween(a: number, b: number): number {
  const da = new Date(a);
  const db = new Date(b);
  return (db.getUTCFullYear() - da.getUTCFullYear()) * 12 + (db.getUTCMonth() - da.getUTCMonth());
}
