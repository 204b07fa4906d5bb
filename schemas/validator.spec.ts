/**
 * The ingestion guarantees of the validator: every malformed record is rejected with an issue
 * naming the field and the reason, and validation never throws, whatever bytes arrive.
 */
import { describe, expect, it } from 'vitest';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { ENTERPRISE_UPDATE_EXAMPLES, EXAMPLES } from './examples.ts';
import { Pseudonymiser } from './pseudonym.ts';
import { TOPICS, type TopicName } from './topics.ts';
import { describeIssues, MAX_EVENT_BYTES, MAX_ISSUES, MAX_JSON_DEPTH, validateEvent, validateRecord, type ValidationResult } from './validator.ts';

const TOPIC_NAMES = Object.keys(TOPICS) as TopicName[];
type Mutable = Record<string, unknown>;
const application = (): Mutable => structuredClone(EXAMPLES.applications) as unknown as Mutable;
const applicant = (event: Mutable): Mutable => event.applicant as Mutable;
const bytes = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

/** The rejection, or a failed expectation when the record was accepted. */
function rejected<T>(result: ValidationResult<T>): Extract<ValidationResult<T>, { ok: false }> {
  if (result.ok) throw new Error(`expected a rejection, got a valid event: ${JSON.stringify(result.value).slice(0, 200)}`);
  return result;
}

/** Asserts the record is rejected at `stage` with an issue on `field` whose reason matches. */
function expectIssue<T>(result: ValidationResult<T>, stage: 'decode' | 'validate', field: string, reason: RegExp): void {
  const r = rejected(result);
  expect(r.stage).toBe(stage);
  expect(r.issues.map((i) => i.field)).toContain(field);
  const issue = r.issues.find((i) => i.field === field);
  expect(issue?.reason).toMatch(reason);
  // The one-line message names the field (or the record) and the reason.
  expect(describeIssues(r.issues)).toContain(`${field || '(record)'}: ${issue?.reason}`);
}

describe('examples are accepted', () => {
  it.each(TOPIC_NAMES)('%s example validates from bytes', (topic) => {
    expect(validateRecord(topic, bytes(EXAMPLES[topic])).ok).toBe(true);
  });
});

describe('malformed input is rejected, naming the field and reason', () => {
  it('missing required field', () => {
    const e = application();
    delete e.applicationId;
    expectIssue(validateRecord('applications', bytes(e)), 'validate', 'applicationId', /required but missing/);
    const nested = application();
    delete applicant(nested).idNumber;
    expectIssue(validateRecord('applications', bytes(nested)), 'validate', 'applicant.idNumber', /required but missing/);
  });

  it('wrong type', () => {
    const e = application();
    e.requestedAmount = '800000';
    expectIssue(validateRecord('applications', bytes(e)), 'validate', 'requestedAmount', /must be number/);
    const n = application();
    n.bureauScore = 'high';
    expectIssue(validateRecord('applications', bytes(n)), 'validate', 'bureauScore', /must be integer or null/);
    const lit = application();
    applicant(lit).role = 7;
    expectIssue(validateRecord('applications', bytes(lit)), 'validate', 'applicant.role', /must be one of "legal_rep", "shareholder"/);
  });

  it('credit code with a wrong check character names the expected one', () => {
    const e = application();
    const good = String(e.enterpriseId);
    const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    e.enterpriseId = wrong;
    expectIssue(validateRecord('applications', bytes(e)), 'validate', 'enterpriseId', new RegExp(`unified social credit code: check character is '${wrong[17]}', expected '${good[17]}'`));
  });

  it('resident ID with a wrong check digit names the expected one', () => {
    const e = application();
    const good = String(applicant(e).idNumber);
    const wrong = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    applicant(e).idNumber = wrong;
    expectIssue(validateRecord('applications', bytes(e)), 'validate', 'applicant.idNumber', new RegExp(`check digit is '${wrong[17]}', expected '${good[17]}'`));
  });

  it.each(['1391628504', '139162850471', '12916285047', '+8513916285047', '139-1628-5047'])('malformed phone %s', (phone) => {
    const e = application();
    applicant(e).phone = phone;
    expectIssue(validateRecord('applications', bytes(e)), 'validate', 'applicant.phone', /11-digit mainland mobile/);
  });

  it('a 5 MB payload is refused before parsing', () => {
    const e = application();
    e.address = 'x'.repeat(5 * 1024 * 1024);
    const raw = bytes(e);
    expect(raw.byteLength).toBeGreaterThan(MAX_EVENT_BYTES);
    expectIssue(validateRecord('applications', raw), 'decode', '', new RegExp(`${raw.byteLength} bytes, over the ${MAX_EVENT_BYTES}-byte limit`));
  });

  it('invalid UTF-8 (a stray continuation byte, an overlong encoding, a truncated sequence)', () => {
    const good = bytes(EXAMPLES.applications);
    const at = good.indexOf(Buffer.from('"address"'));
    for (const bad of [[0x80], [0xc0, 0xaf], [0xe4, 0xb8]]) {
      const raw = Buffer.concat([good.subarray(0, at), Buffer.from(bad), good.subarray(at)]);
      expectIssue(validateRecord('applications', raw), 'decode', '', /not valid UTF-8/);
    }
  });

  it('unpaired surrogates in strings (escaped in JSON, so valid UTF-8 on the wire)', () => {
    const raw = JSON.stringify(EXAMPLES.applications).replace('"address":"', '"address":"\\ud800');
    expectIssue(validateRecord('applications', raw), 'validate', 'address', /not valid Unicode/);
    const e = application();
    applicant(e).name = '王\udc00';
    expectIssue(validateEvent('applications', e), 'validate', 'applicant.name', /not valid Unicode/);
  });

  it.each(['{"eventId": "a",', 'eventId=1', "{'eventId': 'a'}", '{"a":1}{"b":2}', 'NaN'])('not JSON: %s', (text) => {
    expectIssue(validateRecord('applications', text), 'decode', '', /^not JSON/);
  });

  it('JSON nested 100k levels deep is refused without parsing', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expectIssue(validateRecord('applications', deep), 'decode', '', new RegExp(`deeper than ${MAX_JSON_DEPTH} levels`));
    const inField = JSON.stringify(EXAMPLES.applications).replace('"address":', `"address":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)},"x":`);
    expectIssue(validateRecord('applications', inField), 'decode', '', /deeper than/);
    // Brackets inside strings are not nesting.
    const e = application();
    e.address = '['.repeat(200);
    expect(validateRecord('applications', bytes(e)).ok).toBe(true);
  });

  it.each(['', '   ', '\n', '\r\n'])('empty line %j', (line) => {
    expectIssue(validateRecord('applications', line), 'decode', '', /record is empty/);
    expectIssue(validateRecord('applications', Buffer.from(line)), 'decode', '', /record is empty/);
  });

  it.each(['[]', JSON.stringify([EXAMPLES.applications]), '"text"', '42', 'null', 'true'])('not an object: %s', (text) => {
    expectIssue(validateRecord('applications', text.slice(0, 10_000)), 'validate', '', /must be a JSON object/);
  });

  it('unknown enterprise-update kind', () => {
    const e = { ...ENTERPRISE_UPDATE_EXAMPLES.tax_arrears, kind: 'merger_announced' };
    expectIssue(validateRecord('enterprise-updates', bytes(e)), 'validate', 'kind', /must be one of registry_change, .*tax_arrears/);
    const missing: Mutable = { ...ENTERPRISE_UPDATE_EXAMPLES.tax_arrears };
    delete missing.kind;
    expectIssue(validateRecord('enterprise-updates', bytes(missing)), 'validate', 'kind', /required but missing/);
  });

  it('a field of another kind is reported against the kind that was sent', () => {
    const e = { ...ENTERPRISE_UPDATE_EXAMPLES.tax_arrears, newScore: 640 };
    expectIssue(validateRecord('enterprise-updates', bytes(e)), 'validate', 'newScore', /not a field of this contract/);
  });

  it('unknown fields, wrong schema version, bad formats', () => {
    const extra = application();
    extra.applicantPhone = '13916285047';
    expectIssue(validateRecord('applications', bytes(extra)), 'validate', 'applicantPhone', /not a field of this contract/);
    const version = application();
    version.schemaVersion = 2;
    expectIssue(validateRecord('applications', bytes(version)), 'validate', 'schemaVersion', /must be 1/);
    const time = application();
    time.eventTime = '2026-03-02 01:32';
    expectIssue(validateRecord('applications', bytes(time)), 'validate', 'eventTime', /date-time/);
    const ip = application();
    ip.ip = '116.228.37';
    expectIssue(validateRecord('applications', bytes(ip)), 'validate', 'ip', /ipv4/);
  });

  it('reports every broken field, one line each, capped', () => {
    const e = application();
    delete e.applicationId;
    e.requestedAmount = -1;
    applicant(e).phone = '123';
    const r = rejected(validateRecord('applications', bytes(e)));
    expect(r.issues.map((i) => i.field).sort()).toEqual(['applicant.phone', 'applicationId', 'requestedAmount']);
    const many: Mutable = {};
    for (let i = 0; i < 500; i++) many[`unknown${i}`] = i;
    expect(rejected(validateRecord('applications', bytes(many))).issues.length).toBe(MAX_ISSUES);
  });

  it('a 1 MiB record full of errors is reported quickly enough to dead-letter, not minutes later', () => {
    // Regression: grouping issues was quadratic in the error count (10k bad array items took minutes).
    const score = structuredClone(EXAMPLES.scores) as unknown as Mutable;
    const model = { model: 'm', version: 'v', role: 'intern', score: 0.1, status: 'ok' };
    score.models = Array.from({ length: 10_000 }, () => model);
    const raw = bytes(score);
    expect(raw.byteLength).toBeLessThan(MAX_EVENT_BYTES);
    const r = rejected(validateRecord('scores', raw));
    expect(r.issues[0]).toEqual({ field: 'models.0.role', reason: 'must be one of "champion", "challenger"' });
    expect(r.issues.length).toBe(MAX_ISSUES);
  });
});

// ---------------------------------------------------------------------------------------------
// Property-style: random bytes and mutations of valid examples never make the validator throw.

/** A seeded source of random choices (pure-rand), so a failure is reproducible from its seed. */
class Random {
  readonly #rng: RandomGenerator;
  constructor(seed: number) {
    this.#rng = xoroshiro128plus(seed);
  }
  int(min: number, max: number): number {
    return uniformInt(this.#rng, min, max);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)] as T;
  }
  bytes(n: number): Buffer {
    return Buffer.from(Array.from({ length: n }, () => this.int(0, 255)));
  }
}

const ALL_EXAMPLES: ReadonlyArray<{ topic: TopicName; event: unknown }> = [
  ...TOPIC_NAMES.map((topic) => ({ topic, event: EXAMPLES[topic] as unknown })),
  ...Object.values(ENTERPRISE_UPDATE_EXAMPLES).map((event) => ({ topic: 'enterprise-updates' as const, event: event as unknown })),
];

const ODD_VALUES: readonly unknown[] = [
  null, true, 0, -1, 1e308, -1e-308, 2 ** 53 + 1, '', ' ', 'x'.repeat(5000), '\u0000', '\ud83d\ude00', '王', '9999999999',
  [], [null], {}, { a: { b: { c: [] } } }, '91310115MA1K4B7X3G', 'pii_00000000000000000000000000000000', '2026-13-45T99:99:99Z',
];

/** Every path to a value inside a JSON value (objects and arrays), root excluded. */
function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
}

function setAt(root: unknown, path: readonly string[], value: unknown): void {
  let node = root as Mutable;
  for (const part of path.slice(0, -1)) node = node[part] as Mutable;
  node[path[path.length - 1] as string] = value;
}

/** One random byte-level mutation of a record. */
function mutateBytes(rand: Random, raw: Buffer): Buffer {
  const at = rand.int(0, raw.length - 1);
  switch (rand.int(0, 4)) {
    case 0: // flip a byte
      return Buffer.concat([raw.subarray(0, at), Buffer.from([rand.int(0, 255)]), raw.subarray(at + 1)]);
    case 1: // insert random bytes
      return Buffer.concat([raw.subarray(0, at), rand.bytes(rand.int(1, 8)), raw.subarray(at)]);
    case 2: // delete a range
      return Buffer.concat([raw.subarray(0, at), raw.subarray(Math.min(raw.length, at + rand.int(1, 40)))]);
    case 3: // duplicate a range
      return Buffer.concat([raw.subarray(0, at), raw.subarray(at, at + rand.int(1, 60)), raw.subarray(at)]);
    default: // truncate
      return raw.subarray(0, at);
  }
}

function expectWellFormed(result: ValidationResult<unknown>): void {
  if (result.ok) return;
  expect(result.issues.length).toBeGreaterThan(0);
  for (const issue of result.issues) {
    expect(typeof issue.field).toBe('string');
    expect(issue.reason.length).toBeGreaterThan(0);
  }
}

describe('the validator never throws (seeded property loop)', () => {
  const SEED = 20_260_301;
  const pseudonymiser = new Pseudonymiser('property-test-key-0123456789');

  it('random bytes', () => {
    const rand = new Random(SEED);
    for (let i = 0; i < 2000; i++) {
      const raw = rand.bytes(rand.int(0, 300));
      const topic = rand.pick(TOPIC_NAMES);
      let result: ValidationResult<unknown> | undefined;
      expect(() => (result = validateRecord(topic, raw)), `seed ${SEED} iteration ${i}`).not.toThrow();
      expect(result?.ok).toBe(false);
      expectWellFormed(result as ValidationResult<unknown>);
    }
  });

  it('byte mutations of valid examples', () => {
    const rand = new Random(SEED + 1);
    let rejectedCount = 0;
    for (let i = 0; i < 3000; i++) {
      const { topic, event } = rand.pick(ALL_EXAMPLES);
      let raw = bytes(event);
      for (let m = rand.int(1, 3); m > 0 && raw.length > 0; m--) raw = mutateBytes(rand, raw);
      let result: ValidationResult<unknown> | undefined;
      expect(() => (result = validateRecord(topic, raw)), `seed ${SEED + 1} iteration ${i}`).not.toThrow();
      const r = result as ValidationResult<unknown>;
      expectWellFormed(r);
      if (r.ok) expect(() => pseudonymiser.pseudonymise(topic, r.value as never)).not.toThrow();
      else rejectedCount++;
    }
    // Most mutations break the record; a validator that accepted everything would fail here.
    expect(rejectedCount).toBeGreaterThan(2000);
  });

  it('a field replaced by an odd value is either accepted or reported on that field (or inside it)', () => {
    const rand = new Random(SEED + 2);
    for (let i = 0; i < 3000; i++) {
      const { topic, event } = rand.pick(ALL_EXAMPLES);
      const copy = structuredClone(event);
      const path = rand.pick(pathsOf(copy));
      const value = rand.pick(ODD_VALUES);
      setAt(copy, path, value);
      let result: ValidationResult<unknown> | undefined;
      expect(() => (result = validateEvent(topic, copy)), `seed ${SEED + 2} iteration ${i}`).not.toThrow();
      const r = result as ValidationResult<unknown>;
      expectWellFormed(r);
      if (!r.ok) {
        const mutated = path.join('.');
        // The issue is on the mutated field, on a field inside the value put there, or (for a
        // kind that changed) on `kind` / on the fields the new kind expects.
        const related = r.issues.some((issue) => issue.field === mutated || issue.field.startsWith(`${mutated}.`) || mutated.startsWith(`${issue.field}.`));
        const kindChange = path[0] === 'kind';
        expect(related || kindChange, `seed ${SEED + 2} iteration ${i}: ${mutated} = ${JSON.stringify(value)?.slice(0, 40)} -> ${describeIssues(r.issues)}`).toBe(true);
      }
    }
  });
});
