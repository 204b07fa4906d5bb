/**
 * Synthetic but well-formed identifiers: credit codes and resident ID numbers with valid check
 * characters (GB 32100 / GB 11643 via makeUscc / makeResidentId), mainland mobiles, account
 * numbers, device fingerprints and carrier IPs. A `Uniques` registry redraws the rare collision so
 * two entities never share an identifier by accident — sharing is always a modelled fact.
 */
import { makeResidentId, makeUscc } from '../schemas/identifiers.ts';
import type { Rng } from './rng.ts';
import {
  BANK_BINS, BRAND_CHARS, GIVEN_FEMALE, GIVEN_MALE, MOBILE_PREFIXES, STREETS, SURNAMES, type City, type Industry,
} from './vocab.ts';

/** Remembers issued values per kind and redraws duplicates. */
export class Uniques {
  readonly #seen = new Map<string, Set<string>>();

  /** Draws until `make` gives a value of this kind not issued before. */
  take(kind: string, make: () => string): string {
    let set = this.#seen.get(kind);
    if (!set) {
      set = new Set();
      this.#seen.set(kind, set);
    }
    for (let i = 0; i < 1000; i++) {
      const value = make();
      if (!set.has(value)) {
        set.add(value);
        return value;
      }
    }
    throw new RangeError(`could not draw a unique ${kind} in 1000 tries`);
  }
}

const ORG_SYMBOLS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** Check character of a GB 11714 organisation code body (8 chars; letters count A=10 ... Z=35). */
function orgCodeCheck(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body8[i] ?? '0';
    const value = ch >= 'A' ? ch.charCodeAt(0) - 55 : Number(ch);
    sum += value * (ORG_WEIGHTS[i] ?? 0);
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/**
 * A unified social credit code: '9' (market regulator) + '1' (enterprise) + district code +
 * organisation code (post-2015 registrations start 'MA') + check character.
 */
export function enterpriseCode(rng: Rng, city: City, registeredAfter2015: boolean): string {
  let body = registeredAfter2015 ? 'MA' : '';
  while (body.length < 8) body += registeredAfter2015 ? ORG_SYMBOLS[rng.int(0, ORG_SYMBOLS.length - 1)] : String(rng.int(0, 9));
  return makeUscc(`91${city.division}${body}${orgCodeCheck(body)}`);
}

/** A resident ID number: district + birth date + sequence (odd = male) + check digit. */
export function residentId(rng: Rng, city: City, birth: Date, male: boolean): string {
  const y = birth.getUTCFullYear();
  const m = String(birth.getUTCMonth() + 1).padStart(2, '0');
  const d = String(birth.getUTCDate()).padStart(2, '0');
  const seq = rng.int(0, 49) * 2 + (male ? 1 : 0);
  return makeResidentId(`${city.division}${y}${m}${d}${String(rng.int(0, 9))}${String(seq).padStart(2, '0')}`);
}

export function personName(rng: Rng, male: boolean): string {
  const pool = male ? GIVEN_MALE : GIVEN_FEMALE;
  const given = rng.chance(0.7) ? rng.pick(pool) + rng.pick(pool) : rng.pick(pool);
  return rng.pick(SURNAMES) + given;
}

export const mobile = (rng: Rng): string => rng.pick(MOBILE_PREFIXES) + rng.digits(8);

/** A corporate settlement account number (19 digits). */
export const corporateAccount = (rng: Rng): string => String(rng.int(1, 9)) + rng.digits(18);

/** A personal debit-card number at some bank (BIN + 13 digits). */
export const personalAccount = (rng: Rng): string => rng.pick(BANK_BINS) + rng.digits(13);

/** A device fingerprint as the onboarding SDK reports it. */
export function deviceId(rng: Rng, kind: 'phone' | 'pc'): string {
  const os = kind === 'pc' ? 'win' : rng.chance(0.6) ? 'and' : 'ios';
  return `${os}-${rng.hex(16)}`;
}

/** A residential IP of a carrier in the city's province (never a private or reserved range). */
export function carrierIp(rng: Rng, city: City): string {
  return `${rng.pick(city.ipPrefixes)}.${rng.int(1, 254)}.${rng.int(1, 254)}`;
}

/** Company name: city + two-character brand + industry word + legal form. */
export function companyName(rng: Rng, city: City, industry: Industry): string {
  const brand = rng.pick(BRAND_CHARS) + rng.pick(BRAND_CHARS);
  return `${city.cityName.replace(/市$/, '')}${brand}${industry.word}有限公司`;
}

/** Province + city + district prefix of an address (municipalities are named once). */
export function districtPrefix(city: City): string {
  return `${city.provinceName === city.cityName ? '' : city.provinceName}${city.cityName}${city.districtName}`;
}

/** A street address with building and room. */
export function streetAddress(rng: Rng, city: City): string {
  return `${districtPrefix(city)}${rng.pick(STREETS)}${rng.int(1, 999)}号${rng.int(1, 30)}幢${rng.int(1, 28)}0${rng.int(1, 9)}室`;
}
