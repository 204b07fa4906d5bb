/**
 * Pseudonymisation guarantees, checked against every personal field the contracts mark: found by
 * walking the schemas here (independently of the module under test), filled in by the examples.
 */
import { describe, expect, it } from 'vitest';
import { Type, type TSchema } from '@sinclair/typebox';
import { Pii, PII_KEYWORD, type PiiKind } from './common.ts';
import { ENTERPRISE_UPDATE_EXAMPLES, EXAMPLES } from './examples.ts';
import { normaliseMobile } from './identifiers.ts';
import { isPseudonym, piiPathsOfSchema, Pseudonymiser } from './pseudonym.ts';
import { TOPICS, type TopicName } from './topics.ts';
import { ENTERPRISE_UPDATE_KINDS, type EnterpriseUpdateKind } from './topics/enterpriseUpdate.ts';
import { validateEvent } from './validator.ts';

const KEY = 'pseudonym-spec-key-aaaaaaaaaaaaaaaa';
const OTHER_KEY = 'pseudonym-spec-key-bbbbbbbbbbbbbbbb';

interface Marked {
  readonly path: readonly string[];
  readonly kind: PiiKind;
}

/** Every x-pii field of a schema: through properties, union members and array items (`*`). */
function markedFields(schema: TSchema, prefix: string[] = []): Marked[] {
  const node = schema as Record<string, unknown>;
  if (typeof node[PII_KEYWORD] === 'string') return [{ path: prefix, kind: node[PII_KEYWORD] as PiiKind }];
  const out: Marked[] = [];
  for (const [name, child] of Object.entries((node.properties ?? {}) as Record<string, TSchema>)) out.push(...markedFields(child, [...prefix, name]));
  for (const member of (node.anyOf ?? []) as TSchema[]) out.push(...markedFields(member, prefix));
  if (node.items && typeof node.items === 'object') out.push(...markedFields(node.items as TSchema, [...prefix, '*']));
  return out;
}

/** Values at a path (`*` fans out over arrays); absent optional fields give none. */
function valuesAt(root: unknown, path: readonly string[]): unknown[] {
  if (path.length === 0) return [root];
  if (root === null || typeof root !== 'object') return [];
  const [head, ...rest] = path as [string, ...string[]];
  if (head === '*') return Array.isArray(root) ? root.flatMap((item) => valuesAt(item, rest)) : [];
  const record = root as Record<string, unknown>;
  return Object.prototype.hasOwnProperty.call(record, head) ? valuesAt(record[head], rest) : [];
}

/** A copy with every value at the given paths replaced by a placeholder. */
function withoutFields(event: unknown, paths: readonly Marked[]): unknown {
  const copy = structuredClone(event) as Record<string, unknown>;
  for (const { path } of paths) {
    let node: unknown = copy;
    for (const part of path.slice(0, -1)) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
    const leaf = path[path.length - 1] as string;
    if (node !== null && typeof node === 'object' && leaf in node) (node as Record<string, unknown>)[leaf] = '<personal>';
  }
  return copy;
}

interface Case {
  readonly name: string;
  readonly topic: TopicName;
  readonly event: unknown;
  readonly schema: TSchema;
}

const KIND_NAMES = Object.keys(ENTERPRISE_UPDATE_KINDS) as EnterpriseUpdateKind[];
const CASES: readonly Case[] = [
  ...(Object.keys(TOPICS) as TopicName[])
    .filter((t) => t !== 'enterprise-updates')
    .map((topic) => ({ name: topic, topic, event: EXAMPLES[topic] as unknown, schema: TOPICS[topic].schema as TSchema })),
  ...KIND_NAMES.map((kind) => ({
    name: `enterprise-updates/${kind}`,
    topic: 'enterprise-updates' as const,
    event: ENTERPRISE_UPDATE_EXAMPLES[kind] as unknown,
    schema: ENTERPRISE_UPDATE_KINDS[kind] as TSchema,
  })),
];
const WITH_PII = CASES.filter((c) => markedFields(c.schema).length > 0);

const pseudonymise = (p: Pseudonymiser, c: Case): unknown => p.pseudonymise(c.topic, c.event as never);

/** The spellings of a raw value that must not survive: as sent, and in its normal form. */
function rawForms(kind: PiiKind, value: string): string[] {
  const forms = new Set([value, value.trim()]);
  if (kind === 'phone') forms.add(normaliseMobile(value.trim()));
  if (kind === 'person_id' || kind === 'bank_account') forms.add(value.trim().toUpperCase());
  return Array.from(forms).filter((f) => f.length > 0);
}

describe('the contracts mark personal data, and the examples fill every marked field', () => {
  it('the walk finds the personal fields we know of (so it cannot silently find none)', () => {
    const app = markedFields(TOPICS.applications.schema).map((m) => `${m.path.join('.')}:${m.kind}`);
    expect(app).toEqual(['applicant.name:person_name', 'applicant.idNumber:person_id', 'applicant.phone:phone', 'declaredCompanyPhone:phone']);
    expect(WITH_PII.map((c) => c.name)).toEqual(expect.arrayContaining(['transactions', 'enterprise-updates/registry_change', 'enterprise-updates/equity_change', 'enterprise-updates/officer_change']));
  });

  it('the module also finds personal fields inside arrays and nullable unions (no contract has one yet)', () => {
    const schema = Type.Object({
      guarantors: Type.Array(Type.Object({ idNumber: Pii('person_id', 'ID'), share: Type.Number() })),
      contact: Type.Union([Pii('phone', 'Phone'), Type.Null()]),
    });
    expect(piiPathsOfSchema(schema).map((m) => `${m.path.join('.')}:${m.kind}`).sort()).toEqual(['contact:phone', 'guarantors.*.idNumber:person_id']);
  });

  it.each(WITH_PII.map((c) => [c.name, c] as const))('%s: the module finds the same personal fields', (_name, c) => {
    const key = (m: Marked): string => `${m.path.join('.')}:${m.kind}`;
    expect(piiPathsOfSchema(c.schema).map(key).sort()).toEqual(markedFields(c.schema).map(key).sort());
  });

  it.each(WITH_PII.map((c) => [c.name, c] as const))('%s: the example has a value in every personal field', (_name, c) => {
    for (const m of markedFields(c.schema)) {
      const values = valuesAt(c.event, m.path);
      expect(values.length, `${c.name} example lacks ${m.path.join('.')}`).toBeGreaterThan(0);
      for (const v of values) expect(typeof v).toBe('string');
    }
  });
});

describe('pseudonymisation', () => {
  const p = new Pseudonymiser(KEY);

  it.each(WITH_PII.map((c) => [c.name, c] as const))('%s: every personal field becomes a token and no raw value survives', (_name, c) => {
    const before = structuredClone(c.event);
    const out = pseudonymise(p, c);
    const json = JSON.stringify(out);
    for (const m of markedFields(c.schema)) {
      const raws = valuesAt(c.event, m.path) as string[];
      const tokens = valuesAt(out, m.path);
      expect(tokens).toHaveLength(raws.length);
      for (const t of tokens) expect(isPseudonym(String(t)), `${m.path.join('.')} = ${String(t)}`).toBe(true);
      for (const raw of raws) for (const form of rawForms(m.kind, raw)) expect(json, `${m.path.join('.')} leaks ${form}`).not.toContain(form);
    }
    // The input is not modified in place.
    expect(c.event).toEqual(before);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s: non-personal fields are untouched', (_name, c) => {
    const marked = markedFields(c.schema);
    expect(withoutFields(pseudonymise(p, c), marked)).toEqual(withoutFields(c.event, marked));
  });

  it('topics without personal fields pass through unchanged', () => {
    for (const c of CASES.filter((x) => markedFields(x.schema).length === 0)) expect(pseudonymise(p, c)).toEqual(c.event);
  });

  it('is stable: the same input and key give the same output, across instances', () => {
    for (const c of WITH_PII) expect(pseudonymise(new Pseudonymiser(KEY), c)).toEqual(pseudonymise(p, c));
  });

  it('is keyed: another key gives another token for every personal field', () => {
    const other = new Pseudonymiser(OTHER_KEY);
    for (const c of WITH_PII) {
      const a = pseudonymise(p, c);
      const b = pseudonymise(other, c);
      for (const m of markedFields(c.schema)) {
        const [ta, tb] = [valuesAt(a, m.path), valuesAt(b, m.path)];
        ta.forEach((t, i) => expect(t, `${c.name} ${m.path.join('.')}`).not.toBe(tb[i]));
      }
    }
  });

  it('links equal values of one kind across fields and topics', () => {
    const app = p.pseudonymise('applications', EXAMPLES.applications);
    const registry = p.pseudonymise('enterprise-updates', ENTERPRISE_UPDATE_EXAMPLES.registry_change);
    if (registry.kind !== 'registry_change') throw new Error('example kind changed');
    // Same mobile, spelled 13916285047 on the application and +8613916285047 on the registry.
    expect(ENTERPRISE_UPDATE_EXAMPLES.registry_change.registeredPhone).not.toBe(EXAMPLES.applications.applicant.phone);
    expect(registry.registeredPhone).toBe(app.applicant.phone);
    expect(registry.legalRepresentative?.phone).toBe(app.applicant.phone);
    expect(registry.legalRepresentative?.idNumber).toBe(app.applicant.idNumber);
    expect(registry.legalRepresentative?.name).toBe(app.applicant.name);
    // A different phone on the same application gets a different token.
    expect(app.declaredCompanyPhone).not.toBe(app.applicant.phone);
  });

  it('normalises trivially different spellings before hashing', () => {
    expect(p.token('person_name', ' 王  建明 ')).toBe(p.token('person_name', '王 建明'));
    expect(p.token('phone', '+8613916285047')).toBe(p.token('phone', '13916285047'));
    expect(p.token('person_id', '11010519491231002x')).toBe(p.token('person_id', '11010519491231002X'));
    expect(p.token('phone', '13916285047')).not.toBe(p.token('phone', '13916285048'));
  });

  it('keeps kinds apart: the same string of two kinds gives two tokens', () => {
    expect(p.token('phone', '13916285047')).not.toBe(p.token('bank_account', '13916285047'));
    expect(p.token('person_name', 'ABC')).not.toBe(p.token('bank_account', 'ABC'));
  });

  it('is idempotent on tokens, and its output still validates', () => {
    for (const c of WITH_PII) {
      const once = pseudonymise(p, c);
      expect(p.pseudonymise(c.topic, once as never)).toEqual(once);
      // Another key must not re-hash tokens either (replays through a rotated deployment).
      expect(new Pseudonymiser(OTHER_KEY).pseudonymise(c.topic, once as never)).toEqual(once);
      const result = validateEvent(c.topic, once);
      expect(result.ok, c.name).toBe(true);
    }
  });

  it('an enterprise update of an unknown kind still has every possibly-personal field replaced', () => {
    const registry = ENTERPRISE_UPDATE_EXAMPLES.registry_change;
    const out = p.pseudonymise('enterprise-updates', { ...registry, kind: 'not_a_kind' } as never) as unknown as Record<string, unknown>;
    expect(isPseudonym(String(out.registeredPhone))).toBe(true);
    expect(JSON.stringify(out)).not.toContain(registry.legalRepresentative?.idNumber ?? 'missing');
  });

  it('refuses a short key', () => {
    expect(() => new Pseudonymiser('too-short')).toThrow(/at least 16 bytes/);
  });
});
