/**
 * Pseudonymisation of personal data: the one place raw ID numbers, phone numbers, person names
 * and account numbers are replaced, right after validation at ingestion. A keyed hash
 * (HMAC-SHA-256, key from config) keeps equal values equal — so applicants sharing a phone still
 * link in the graph — while nothing downstream can reverse it without the key.
 */
import { createHmac } from 'node:crypto';
import type { TSchema } from '@sinclair/typebox';
import { PII_KEYWORD, type PiiKind } from './common.ts';
import { normaliseMobile } from './identifiers.ts';
import { TOPICS, type EventOf, type TopicName } from './topics.ts';

const TOKEN = /^pii_[0-9a-f]{32}$/;

/** True for a token this module produced; such values are never hashed again (replay is stable). */
export const isPseudonym = (value: string): boolean => TOKEN.test(value);

/** Normal form per kind, so trivially different spellings of one value link. */
function normalise(kind: PiiKind, value: string): string {
  const v = value.normalize('NFC').trim();
  switch (kind) {
    case 'phone':
      return normaliseMobile(v);
    case 'person_id':
    case 'bank_account':
      return v.toUpperCase();
    case 'person_name':
      return v.replace(/\s+/g, ' ');
  }
}

export class Pseudonymiser {
  readonly #key: Buffer;

  constructor(key: string | Buffer) {
    const buffer = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
    if (buffer.length < 16) {
      throw new RangeError('pseudonymisation key must be at least 16 bytes; set FENGKONG_PII_KEY to a long random secret');
    }
    this.#key = buffer;
  }

  /** The token for one personal value of a kind. Tokens pass through unchanged. */
  token(kind: PiiKind, value: string): string {
    if (isPseudonym(value)) return value;
    const digest = createHmac('sha256', this.#key).update(`${kind}\u0000${normalise(kind, value)}`).digest('hex');
    return `pii_${digest.slice(0, 32)}`;
  }

  /** A copy of a validated event with every field its contract marks personal replaced by its token. */
  pseudonymise<T extends TopicName>(topic: T, event: EventOf<T>): EventOf<T> {
    const paths = piiPathsFor(topic, event);
    if (paths.length === 0) return event;
    const copy = structuredClone(event) as Record<string, unknown>;
    for (const { path, kind } of paths) this.#replaceAt(copy, path, kind);
    return copy as EventOf<T>;
  }

  /** Replaces the string(s) at a path; `*` steps into every element of an array. Missing optional fields are skipped. */
  #replaceAt(node: unknown, path: readonly string[], kind: PiiKind): void {
    if (node === null || typeof node !== 'object') return;
    const [head, ...rest] = path;
    if (head === undefined) return;
    if (head === ARRAY_ITEMS) {
      if (Array.isArray(node)) node.forEach((_, i) => this.#replaceAt(node, [String(i), ...rest], kind));
      return;
    }
    const record = node as Record<string, unknown>;
    if (!Object.prototype.hasOwnProperty.call(record, head)) return;
    const value = record[head];
    if (rest.length > 0) this.#replaceAt(value, rest, kind);
    else if (typeof value === 'string') record[head] = this.token(kind, value);
  }
}

/** Path segment standing for "every element" of an array field. */
export const ARRAY_ITEMS = '*';

export interface PiiPath {
  readonly path: readonly string[];
  readonly kind: PiiKind;
}

const pathCache = new Map<TSchema, PiiPath[]>();

/**
 * Every personal field of a schema, as property paths with their kind. Walks nested objects,
 * the members of unions (`anyOf`) and array items (as a `*` segment), so a personal field can
 * never hide from pseudonymisation by being moved into a list or an optional union.
 */
export function piiPathsOfSchema(schema: TSchema): PiiPath[] {
  const cached = pathCache.get(schema);
  if (cached) return cached;
  const out = new Map<string, PiiPath>();
  const walk = (node: TSchema, prefix: string[]): void => {
    const kind = (node as Record<string, unknown>)[PII_KEYWORD];
    if (typeof kind === 'string') {
      out.set(`${kind}:${prefix.join('\u0000')}`, { path: prefix, kind: kind as PiiKind });
      return;
    }
    const { properties, anyOf, items } = node as { properties?: Record<string, TSchema>; anyOf?: TSchema[]; items?: TSchema };
    if (properties) for (const [name, child] of Object.entries(properties)) walk(child, [...prefix, name]);
    if (anyOf) for (const member of anyOf) walk(member, prefix);
    if (items && !Array.isArray(items)) walk(items, [...prefix, ARRAY_ITEMS]);
  };
  walk(schema, []);
  const paths = Array.from(out.values());
  pathCache.set(schema, paths);
  return paths;
}

function piiPathsFor(topic: TopicName, event: unknown): PiiPath[] {
  const contract = TOPICS[topic];
  if ('kinds' in contract && contract.kinds) {
    const kind = (event as { kind?: unknown }).kind;
    const member = typeof kind === 'string' && Object.prototype.hasOwnProperty.call(contract.kinds, kind) ? contract.kinds[kind] : undefined;
    // An unknown kind should have been rejected by the validator; if one slips through, treat
    // every field that is personal in any kind as personal rather than pass raw values on.
    return piiPathsOfSchema(member ?? contract.schema);
  }
  return piiPathsOfSchema(contract.schema);
}
