/**
 * Identifiers as a Chinese SME lender sees them, with their check characters.
 *
 * - Unified social credit code (统一社会信用代码): GB 32100-2015, 18 characters from a
 *   31-symbol alphabet; the 18th is a mod-31 check character over weights 3^i mod 31.
 * - Resident identity number (公民身份号码): GB 11643-1999, 17 digits + an ISO 7064 MOD 11-2
 *   check character ('0'-'9' or 'X'); digits 7-14 are the birth date.
 * - Mainland mobile number: 11 digits starting 13-19 (MIIT numbering plan), optional +86.
 */

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The check character for the first 17 characters of a unified social credit code, or null if they use a symbol outside the alphabet. */
export function usccCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_ALPHABET.indexOf(first17[i] ?? '');
    if (value < 0) return null;
    sum += value * (USCC_WEIGHTS[i] ?? 0);
  }
  const check = (31 - (sum % 31)) % 31;
  return USCC_ALPHABET[check] ?? null;
}

/** Why a unified social credit code is invalid, or null when it is valid. */
export function usccProblem(code: string): string | null {
  if (code.length !== 18) return `must be 18 characters, got ${code.length}`;
  for (const ch of code) {
    if (!USCC_ALPHABET.includes(ch)) return `character '${ch}' is not allowed in a unified social credit code`;
  }
  const expected = usccCheckChar(code.slice(0, 17));
  if (expected !== code[17]) return `check character is '${code[17]}', expected '${expected}'`;
  return null;
}

export const isValidUscc = (code: string): boolean => usccProblem(code) === null;

/** The check character for the first 17 digits of a resident identity number. */
export function residentIdCheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK[sum % 11] ?? null;
}

/** Why a resident identity number is invalid, or null when it is valid. */
export function residentIdProblem(id: string): string | null {
  if (!/^\d{17}[\dX]$/.test(id)) return 'must be 17 digits followed by a digit or X';
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day) {
    return `birth date ${id.slice(6, 14)} is not a real date`;
  }
  const expected = residentIdCheckChar(id.slice(0, 17));
  if (expected !== id[17]) return `check digit is '${id[17]}', expected '${expected}'`;
  return null;
}

export const isValidResidentId = (id: string): boolean => residentIdProblem(id) === null;

const MOBILE = /^(?:\+86)?1[3-9]\d{9}$/;

/** Why a mainland mobile number is malformed, or null when it is well formed. */
export function mobileProblem(phone: string): string | null {
  return MOBILE.test(phone) ? null : 'must be an 11-digit mainland mobile number starting 13-19 (optionally +86)';
}

/** Normal form of a mobile number, so '+8613812345678' and '13812345678' link as one phone. */
export function normaliseMobile(phone: string): string {
  return phone.startsWith('+86') ? phone.slice(3) : phone;
}

/** Builds a valid unified social credit code from a 17-character body (for simulators and fixtures). */
export function makeUscc(body17: string): string {
  const check = usccCheckChar(body17);
  if (check === null) throw new RangeError(`not a valid credit-code body: ${body17}`);
  return body17 + check;
}

/** Builds a valid resident identity number from a 17-digit body (for simulators and fixtures). */
export function makeResidentId(body17: string): string {
  const check = residentIdCheckChar(body17);
  if (check === null) throw new RangeError(`not a valid ID body: ${body17}`);
  return body17 + check;
}

export const USCC_SYMBOLS = USCC_ALPHABET;
