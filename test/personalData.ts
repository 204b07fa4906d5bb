/**
 * Finding raw personal numbers (resident ID, phone and account numbers) where none may be:
 * ClickHouse tables, Redis, logs. The simulator's events are the source of the raw values; a
 * text leaks when any of them appears in it.
 */

/** Field names the contracts mark as phone, ID or account numbers. */
const PERSONAL_NUMBER_FIELDS = new Set(['idNumber', 'phone', 'declaredCompanyPhone', 'registeredPhone', 'accountId', 'counterpartyAccount']);

/** Every raw phone, ID and account number in the given (unpseudonymised) events. */
export function rawIdentifiers(events: readonly unknown[]): Set<string> {
  const found = new Set<string>();
  const walk = (v: unknown, key: string): void => {
    if (typeof v === 'string') {
      if (PERSONAL_NUMBER_FIELDS.has(key)) found.add(v);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  events.forEach((e) => walk(e, ''));
  return found;
}

/** Runs of 11+ digits (an ID's check character X is dropped): what a leaked number looks like in any text. */
export const DIGIT_RUN_SQL = '[0-9]{11,}';
const DIGIT_RUN = /[0-9]{11,}/g;

/** The raw identifiers, as digit runs (IDs without a trailing X). */
export function digitForms(raw: ReadonlySet<string>): Set<string> {
  return new Set([...raw].map((v) => v.replace(/[Xx]$/, '')));
}

/** Raw identifiers among the digit runs of `text` (or among already extracted runs). */
export function leakedIn(text: string | Iterable<string>, raw: ReadonlySet<string>): string[] {
  const forms = digitForms(raw);
  const runs = typeof text === 'string' ? text.match(DIGIT_RUN) ?? [] : text;
  const leaked = new Set<string>();
  for (const run of runs) if (forms.has(run)) leaked.add(run);
  return [...leaked];
}
