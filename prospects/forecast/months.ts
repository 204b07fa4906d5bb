/**
 * Calendar months as integers, so series arithmetic is plain subtraction: `YYYY-MM` ↔
 * year × 12 + (month − 1). Invoice summaries name their month as `YYYY-MM` (the VAT period).
 */

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Month index of `YYYY-MM`; throws RangeError on anything else. */
export function monthIndex(month: string): number {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`not a YYYY-MM month: '${month}'`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

/** `YYYY-MM` of a month index. */
export function monthLabel(index: number): string {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** Calendar month 0 (January) … 11 (December) of a month index. */
export const calendarMonth = (index: number): number => ((index % 12) + 12) % 12;

/** Month index of an instant (UTC). */
export const monthIndexOfMs = (ms: number): number => {
  const d = new Date(ms);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};
