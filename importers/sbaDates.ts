/**
 * Dates as the SBA files write them, which differs by copy and even by column:
 *   - `2/28/1997`  (m/d/yyyy: ApprovalDate and DisbursementDate of SBAnational.csv here);
 *   - `24-Jun-91`  (d-Mon-yy: ChgOffDate here, and every date of the original 899k-row file);
 *   - `15074`      (a day number: SBAcase.11.13.17.csv). PROVENANCE.md calls these Excel serials,
 *     but they count days from 1960-01-01 (the SAS/Stata epoch): 15074 is 2001-04-09, matching
 *     the row's ApprovalFY 2001, whereas Excel's 1899-12-30 epoch would give 1941.
 * Two-digit years take the first century that is not before `minYear` (the fiscal year for
 * approvals, the approval year for charge-offs), else 1950-2049.
 */
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_MS = 86_400_000;
/** Day 0 of the SBA case-study file's day numbers. */
export const SBACASE_DAY_EPOCH = '1960-01-01';
/** Day numbers beyond this (year 2069) are not dates of this data. */
const MAX_DAY_NUMBER = 40_000;

function resolveYear(text: string, minYear: number | undefined): number {
  const y = Number(text);
  if (text.length !== 2) return y;
  if (minYear !== undefined) {
    for (const century of [1900, 2000, 2100]) if (century + y >= minYear) return century + y;
  }
  return y >= 50 ? 1900 + y : 2000 + y;
}

function utcDate(year: number, month: number, day: number): Date | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? d : null;
}

/** The date a cell stands for (UTC midnight), or null when it is not one of the three forms. */
export function parseSbaDate(text: string, minYear?: number): Date | null {
  const t = text.trim();
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})$/.exec(t);
  if (m) return utcDate(resolveYear(m[3] as string, minYear), Number(m[1]), Number(m[2]));
  m = /^(\d{1,2})-([A-Za-z]{3})-(\d{4}|\d{2})$/.exec(t);
  if (m) {
    const month = MONTHS.indexOf((m[2] as string).toLowerCase()) + 1;
    return month === 0 ? null : utcDate(resolveYear(m[3] as string, minYear), month, Number(m[1]));
  }
  if (/^\d{1,5}$/.test(t)) {
    const n = Number(t);
    return n <= MAX_DAY_NUMBER ? new Date(Date.parse(`${SBACASE_DAY_EPOCH}T00:00:00Z`) + n * DAY_MS) : null;
  }
  return null;
}
