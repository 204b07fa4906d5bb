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
    for (const { path, kind } of paths) {
      let node: Record<string, unknown> | undefined = copy;
      for (let i = 0; i < path.length - 1 && node; i++) {
        const next: unknown = node[path[i] as string];
        node = next !== null && typeof next === 'object' ? (next as Record<string, unknown>) : undefined;
      }
      const leaf = path[path.length - 1] as string;
      const value = node?.[leaf];
      if (node && typeof value === 'string') node[leaf] = this.token(kind, value);
    }
    return copy as EventOf<T>;
  }
}

export interface PiiPath {
  readonly path: readonly string[];
  readonly kind: PiiKind;
}

const pathCache = new Map<TSchema, PiiPath[]>();

/** Every personal field of an object schema, as property paths with their kind. */
export function piiPathsOfSchema(schema: TSchema): PiiPath[] {
  const cached = pathCache.get(schema);
  if (cached) return cached;
  const out: PiiPath[] = [];
  const walk = (node: TSchema, prefix: string[]): void => {
    const kind = (node as Record<string, unknown>)[PII_KEYWORD];
    if (typeof kind === 'string') {
      out.push({ path: prefix, kind: kind as PiiKind });
      return;
    }
    const props = (node as { properties?: Record<string, TSchema> }).properties;
    if (props) for (const [name, child] of Object.entries(props)) walk(child, [...prefix, name]);
  };
  walk(schema, []);
  pathCache.set(schema, out);
  return out;
}

function piiPathsFor(topic: TopicName, event: unknown): PiiPath[] {
  const contract = TOPICS[topic];
  if ('kinds' in contract && contract.kinds) {
    const kind = (event as { kind?: string }).kind;
    const member = kind === undefined ? undefined : contract.kinds[kind];
    return member ? piiPathsOfSchema(member) : [];
  }
  return piiPathsOfSchema(contract.schema);
}
