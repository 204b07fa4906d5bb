/** Helpers shared by the signal functions. */
import type { WarningContext, RelatedParty } from '../context.ts';

export const DAY_MS = 86_400_000;

/** The enterprise update concerns the borrower itself (not a related party). */
export function updateIsAboutBorrower(ctx: WarningContext): boolean {
  if (ctx.input.topic !== 'enterprise-updates') return false;
  if (ctx.graph?.subject) return false;
  const borrower = ctx.loan?.enterpriseId;
  return borrower === undefined || borrower === ctx.input.event.enterpriseId;
}

/** The related party an enterprise update is about, when within `maxHops` of the borrower. */
export function relatedSubject(ctx: WarningContext, maxHops: number): RelatedParty | null {
  if (ctx.input.topic !== 'enterprise-updates') return null;
  const subject = ctx.graph?.subject;
  return subject && subject.hops >= 1 && subject.hops <= maxHops ? subject : null;
}

/** Whole days from an instant to a calendar date (date at 00:00 UTC); null if unparsable. */
export function daysUntil(instant: string, date: string): number | null {
  const from = Date.parse(instant);
  const to = Date.parse(date);
  if (!Number.isFinite(from) || !Number.isFinite(to)) return null;
  return (to - from) / DAY_MS;
}

export const pct = (x: number, digits = 0) => `${(x * 100).toFixed(digits)}%`;
