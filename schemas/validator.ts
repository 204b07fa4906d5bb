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

function fieldOf(error: ErrorObject): string {
  const path = error.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') path.push(params.missingProperty);
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    path.push(params.additionalProperty);
  }
  return path.join('.');
}

function valueAt(root: unknown, instancePath: string): unknown {
  let node: unknown = root;
  for (const part of instancePath.split('/').slice(1)) {
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

function issuesOf(errors: readonly ErrorObject[] | null | undefined, root: unknown): ValidationIssue[] {
  if (!errors || errors.length === 0) return [{ field: '', reason: 'does not match the contract' }];
  // A union of literals reports one `const` error per member and an `anyOf` summary; keep one line per field.
  const byField = new Map<string, ValidationIssue>();
  for (const error of errors) {
    const field = fieldOf(error);
    if (error.keyword === 'const' || error.keyword === 'anyOf') {
      if (!byField.has(field)) {
        const union = Array.from(new Set(errors.filter((e) => fieldOf(e) === field && e.keyword === 'const').map((e) => JSON.stringify((e.params as { allowedValue: unknown }).allowedValue))));
        byField.set(field, { field, reason: union.length > 1 ? `must be one of ${union.join(', ')}` : reasonOf(error, root) });
      }
      continue;
    }
    if (!byField.has(field)) byField.set(field, { field, reason: reasonOf(error, root) });
  }
  return Array.from(byField.values()).slice(0, 20);
}

/** Validates an already-parsed value against a topic's contract. */
export function validateEvent<T extends TopicName>(topic: T, value: unknown): ValidationResult<EventOf<T>> {
  try {
    const contract = TOPICS[topic];
    let schema: TSchema = contract.schema;
    const kinds = 'kinds' in contract ? contract.kinds : undefined;
    if (kinds) {
      const kind = value !== null && typeof value === 'object' ? (value as { kind?: unknown }).kind : undefined;
      if (typeof kind !== 'string' || !Object.prototype.hasOwnProperty.call(kinds, kind)) {
        const reason = kind === undefined ? 'is required but missing' : `must be one of ${Object.keys(kinds).join(', ')}`;
        return { ok: false, stage: 'validate', issues: [{ field: 'kind', reason }] };
      }
      schema = kinds[kind] as TSchema;
    }
    const validate = compile(schema);
    if (validate(value)) return { ok: true, value: value as EventOf<T> };
    return { ok: false, stage: 'validate', issues: issuesOf(validate.errors, value) };
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
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, stage: 'validate', issues: [{ field: '', reason: 'must be a JSON object' }] };
  }
  return validateEvent(topic, value);
}

/** One line per issue, e.g. `applicant.idNumber: invalid person_id: check digit is '3', expected '7'`. */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.field || '(record)'}: ${i.reason}`).join('; ');
}
