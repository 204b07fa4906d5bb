/**
 * Synthetic, deterministic identifiers for an SBA loan row. Our application contract needs a
 * credit code, an applicant with resident ID, mobile and name, a device and an IP; the SBA data
 * has none of them. These placeholders are derived from the loan number alone, so:
 *   - they are valid (check characters per GB 32100 / GB 11643, mobile plan 13-19) and validate;
 *   - they are unique per loan: no two SBA applications share a phone, device, IP or ID, so the
 *     graph and velocity detectors see no links that the data does not have (they are neutral);
 *   - they carry no information about the outcome (the birth date is fixed, so "age" is constant).
 * Never read them as facts about a borrower (docs/public-data.md).
 */
import { makeResidentId, makeUscc } from '../schemas/identifiers.ts';

/** Largest loan number the scheme encodes (10 digits: 9-digit loan number + check digit). */
export const MAX_SBA_LOAN_NUMBER = 9_999_999_999;
/** Birth date of every synthetic applicant (constant on purpose). */
export const SYNTHETIC_BIRTH_DATE = '19800101';

export interface SyntheticIdentity {
  readonly enterpriseId: string;
  readonly applicantName: string;
  readonly applicantIdNumber: string;
  readonly applicantPhone: string;
  readonly companyPhone: string;
  readonly deviceId: string;
  readonly ip: string;
  /**
   * The 9 digits every personal placeholder is built from: the loan number without its check
   * digit. Two rows with the same key would share identifiers; the importer dead-letters the second.
   */
  readonly key: string;
}

/** Placeholders for loan number `loanNumber` (LoanNr_ChkDgt, 1..9,999,999,999). */
export function syntheticIdentity(loanNumber: number): SyntheticIdentity {
  if (!Number.isSafeInteger(loanNumber) || loanNumber < 1 || loanNumber > MAX_SBA_LOAN_NUMBER) {
    throw new RangeError(`loan number must be an integer in 1..${MAX_SBA_LOAN_NUMBER}, got ${loanNumber}`);
  }
  const digits = String(loanNumber);
  const key = String(Math.floor(loanNumber / 10)).padStart(9, '0');
  const keyValue = Number(key);
  const ip = [24, 16, 8, 0].map((shift) => (Math.floor(keyValue / 2 ** shift) % 256).toString()).join('.');
  return {
    // '9' market regulator, '1' enterprise, then '99' (no such province) + the full loan number.
    enterpriseId: makeUscc(`9199${digits.padStart(13, '0')}`),
    applicantName: `SBA Applicant ${digits}`,
    applicantIdNumber: makeResidentId(`${key.slice(0, 6)}${SYNTHETIC_BIRTH_DATE}${key.slice(6)}`),
    applicantPhone: `19${key}`,
    companyPhone: `18${key}`,
    deviceId: `sba-device-${digits}`,
    // key < 10^9 < 2^32, so every key is its own address.
    ip,
    key,
  };
}
