/**
 * Masks personal data that people type into free text (comments, resolution notes, reasons):
 * mainland mobile numbers, resident identity numbers and bank-card or account numbers. Events
 * are pseudonymised at ingestion, but an agent may write "called 13812345678" in a note; that
 * text is stored in Redis and ClickHouse and published to Kafka, where raw personal data must
 * never appear. Masking keeps the last four characters so colleagues can still tell numbers
 * apart.
 */

// Resident ID: 17 digits and a check character (GB 11643-1999). Mobile: 1[3-9] + 9 digits,
// optionally +86 / 86 prefixed and spaced or hyphenated. Accounts and cards: 10–30 digits,
// optionally in space-separated groups — not hyphenated, so dates and ids like
// LN-2026-0305-000212 stay readable.
const RESIDENT_ID = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const MOBILE = /(?<![\dA-Za-z-])(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?![\d-])/g;
const LONG_NUMBER = /(?<![\dA-Za-z-])\d(?: ?\d){9,29}(?![\d-])/g;

const mask = (match: string): string => {
  const digits = match.replace(/[^0-9Xx]/g, '');
  return `[redacted …${digits.slice(-4)}]`;
};

/** The text with identity, phone and account numbers masked. */
export function redactFreeText(text: string): string {
  return text.replace(RESIDENT_ID, mask).replace(MOBILE, mask).replace(LONG_NUMBER, mask);
}
