/**
 * Compiled validation of events against the topic contracts. Never throws: every failure,
 * from invalid UTF-8 to a bad check character, comes back as issues naming the field and reason.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { TSchema } from '@sinclair/typebox';
import { KEY_KEYWORD, PII_KEYWORD, PII_KINDS, type PiiKind } from './common.ts';
import { mobileProblem, residentIdProblem, usccProblem } from './identifiers.ts';
import { isPseudonym } from './pseudonym.ts';
import { TOPICS, type EventOf, type TopicName } from './topics.ts';

/** Largest event accepted, in bytes. Bigger records are dead-lettered, not parsed. */
export const MAX_EVENT_BYTES = 1024 * 1024;
/** Deepest JSON nesting accepted; contracts need 4, so 32 leaves room without risking the stack. */
export const MAX_JSON_DEPTH = 32;

export interface ValidationIssue {
  /** Dotted path of the offending field, '' for the whole record. */
  readonly field: string;
  readonly reason: string;
}

export type ValidationResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly stage: 'decode' | 'validate'; readonly issues: readonly ValidationIssue[] };

const addFormats = addFormatsModule as unknown as (ajv: Ajv, formats: string[]) => Ajv;

const piiProblems: Record<PiiKind, (value: string) => string | null> = {
  person_id: residentIdProblem,
  phone: mobileProblem,
  person_name: (v) => (v.trim().length > 0 && v.length <= 64 ? null : 'must be 1-64 characters'),
  bank_account: (v) => (/^[A-Za-z0-9-]{4,34}$/.test(v) ? null : 'must be 4-34 letters, digits or -'),
};

/** Why a value of a named format is invalid (pseudonym tokens accepted for personal fields), or null. */
export function formatProblem(format: string, value: string): string | null {
  if (format === 'uscc') return usccProblem(value);
  if (format.startsWith('pii-')) {
    const kind = format.slice(4) as PiiKind;
    if (isPseudonym(value)) return null;
    const check = piiProblems[kind];
    return check ? check(value) : `unknown personal-data kind ${kind}`;
  }
  return null;
}

function buildAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, validateFormats: true });
  addFormats(ajv, ['date-time', 'date', 'ipv4']);
  ajv.addKeyword({ keyword: PII_KEYWORD, schemaType: 'string' });
  ajv.addKeyword({ keyword: KEY_KEYWORD });
  ajv.addFormat('uscc', { type: 'string', validate: (v: string) => usccProblem(v) === null });
  for (const kind of PII_KINDS) {
    ajv.addFormat(`pii-${kind}`, { type: 'string', validate: (v: string) => formatProblem(`pii-${kind}`, v) === null });
  }
  return ajv;
}

const ajv = buildAjv();
const compiled = new Map<TSchema, ValidateFunction>();

function compile(schema: TSchema): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

/** JSON Pointer segments of an Ajv instance path, unescaped (RFC 6901: ~1 is '/', ~0 is '~'). */
const pointerSegments = (pointer: string): string[] =>
  pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));

function fieldOf(error: ErrorObject): string {
  const path = pointerSegments(error.instancePath);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') path.push(params.missingProperty);
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    path.push(params.additionalProperty);
  }
  return path.join('.');
}

function valueAt(root: unknown, instancePath: string): unknown {
  let node: unknown = root;
  for (const part of pointerSegments(instancePath)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function reasonOf(error: ErrorObject, root: unknown): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'is required but missing';
    case 'additionalProperties':
      return 'is not a field of this contract';
    case 'format': {
      const value = valueAt(root, error.instancePath);
      const format = String(params.format);
      const problem = typeof value === 'string' ? formatProblem(format, value) : null;
      const label = format === 'uscc' ? 'unified social credit code' : format.replace(/^pii-/, '');
      return problem ? `invalid ${label}: ${problem}` : `must be a valid ${label}`;
    }
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    default:
      return error.message ?? error.keyword;
  }
}

/** Most issues reported per record: enough to fix it, bounded so a huge bad record stays cheap to report. */
export const MAX_ISSUES = 20;

function issuesOf(errors: readonly ErrorObject[] | null | undefined, root: unknown): ValidationIssue[] {
  if (!errors || errors.length === 0) return [{ field: '', reason: 'does not match the contract' }];
  // A union of literals reports one `const` error per member plus an `anyOf` summary, and a
  // nullable union one `type` error per member: fold them into one line per field. Grouped in one
  // pass, since a 1 MiB record with a bad array yields tens of thousands of errors (re-scanning
  // all errors per field was quadratic: minutes for one record).
  const fields = errors.map(fieldOf);
  const allowed = new Map<string, Set<string>>();
  const types = new Map<string, Set<string>>();
  const unions = new Set<string>();
  errors.forEach((error, i) => {
    const field = fields[i] as string;
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'const') addTo(allowed, field, JSON.stringify(params.allowedValue));
    else if (error.keyword === 'type') addTo(types, field, String(params.type));
    else if (error.keyword === 'anyOf') unions.add(field);
  });
  const byField = new Map<string, ValidationIssue>();
  for (let i = 0; i < errors.length && byField.size < MAX_ISSUES; i++) {
    const field = fields[i] as string;
    if (byField.has(field)) continue;
    const literals = allowed.get(field);
    const typeNames = types.get(field);
    let reason: string;
    if (literals && literals.size > 1) reason = `must be one of ${Array.from(literals).join(', ')}`;
    else if (unions.has(field) && typeNames && typeNames.size > 1) reason = `must be ${Array.from(typeNames).join(' or ')}`;
    else reason = reasonOf(errors[i] as ErrorObject, root);
    byField.set(field, { field, reason });
  }
  return Array.from(byField.values());
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

// Lone UTF-16 surrogates: with the u flag a well-formed pair is one code point, so only unpaired halves match.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * First string (value or key) holding an unpaired surrogate, as an issue. Strict UTF-8 decoding
 * cannot see these: JSON escapes like "\ud800" are plain ASCII on the wire. They would be
 * silently replaced by U+FFFD when re-encoded downstream (Kafka, ClickHouse), so two different
 * bad names could pseudonymise to one token.
 */
function surrogateIssue(value: unknown, path: string[] = []): ValidationIssue | null {
  if (typeof value === 'string') {
    return LONE_SURROGATE.test(value) ? { field: path.join('.'), reason: 'is not valid Unicode (unpaired surrogate)' } : null;
  }
  if (value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    if (LONE_SURROGATE.test(key)) return { field: [...path, key].join('.'), reason: 'field name is not valid Unicode (unpaired surrogate)' };
    const issue = surrogateIssue(child, [...path, key]);
    if (issue) return issue;
  }
  return null;
}

/** Validates an already-parsed value against a topic's contract. */
export function validateEvent<T extends TopicName>(topic: T, value: unknown): ValidationResult<EventOf<T>> {
  try {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { ok: false, stage: 'validate', issues: [{ field: '', reason: 'must be a JSON object' }] };
    }
    const contract = TOPICS[topic];
    let schema: TSchema = contract.schema;
    const kinds = 'kinds' in contract ? contract.kinds : undefined;
    if (kinds) {
      const kind = (value as { kind?: unknown }).kind;
      if (typeof kind !== 'string' || !Object.prototype.hasOwnProperty.call(kinds, kind)) {
        const reason = kind === undefined ? 'is required but missing' : `must be one of ${Object.keys(kinds).join(', ')}`;
        return { ok: false, stage: 'validate', issues: [{ field: 'kind', reason }] };
      }
      schema = kinds[kind] as TSchema;
    }
    const validate = compile(schema);
    if (!validate(value)) return { ok: false, stage: 'validate', issues: issuesOf(validate.errors, value) };
    const surrogate = surrogateIssue(value);
    if (surrogate) return { ok: false, stage: 'validate', issues: [surrogate] };
    return { ok: true, value: value as EventOf<T> };
  } catch (cause) {
    return { ok: false, stage: 'validate', issues: [{ field: '', reason: `validator failure: ${String(cause)}` }] };
  }
}

/** Deepest bracket nesting of a JSON text, ignoring brackets inside strings. Stops early once past `limit`. */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes, parses and validates one raw record (Kafka value or JSONL line). */
export function validateRecord<T extends TopicName>(topic: T, raw: Uint8Array | string): ValidationResult<EventOf<T>> {
  const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.byteLength;
  if (size > MAX_EVENT_BYTES) {
    return { ok: false, stage: 'decode', issues: [{ field: '', reason: `record is ${size} bytes, over the ${MAX_EVENT_BYTES}-byte limit` }] };
  }
  let text: string;
  if (typeof raw === 'string') {
    text = raw;
  } else {
    try {
      text = utf8.decode(raw);
    } catch {
      return { ok: false, stage: 'decode', issues: [{ field: '', reason: 'record is not valid UTF-8' }] };
    }
  }
  if (text.trim().length === 0) return { ok: false, stage: 'decode', issues: [{ field: '', reason: 'record is empty' }] };
  const depth = jsonDepth(text);
  if (depth > MAX_JSON_DEPTH) {
    return { ok: false, stage: 'decode', issues: [{ field: '', reason: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` }] };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    return { ok: false, stage: 'decode', issues: [{ field: '', reason: `not JSON: ${detail}` }] };
  }
  return validateEvent(topic, value);
}

/** One line per issue, e.g. `applicant.idNumber: invalid person_id: check digit is '3', expected '7'`. */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.field || '(record)'}: ${i.reason}`).join('; ');
}
