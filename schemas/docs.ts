/**
 * The contract reference, generated from the TypeBox contracts so it cannot drift from them:
 * `npx fengkong schemas docs > docs/contracts.md` (a test fails when the committed file is stale),
 * and plain JSON Schema files for other languages: `npx fengkong schemas export --out <dir>`.
 */
import type { TSchema } from '@sinclair/typebox';
import { KEY_KEYWORD, PII_KEYWORD, PII_KINDS, type PiiKind } from './common.ts';
import { ENTERPRISE_UPDATE_EXAMPLES, EXAMPLES } from './examples.ts';
import { Pseudonymiser } from './pseudonym.ts';
import { dlqTopicOf, TOPICS, type TopicName } from './topics.ts';
import { ENTERPRISE_UPDATE_KINDS, type EnterpriseUpdateKind } from './topics/enterpriseUpdate.ts';
import { MAX_EVENT_BYTES, MAX_JSON_DEPTH } from './validator.ts';

/** JSON Schema dialect of the exported files: Ajv's default (draft-07), which TypeBox output satisfies. */
export const JSON_SCHEMA_DIALECT = 'http://json-schema.org/draft-07/schema#';

/** File name of a topic's exported contract. */
export const schemaFileName = (topic: TopicName): string => `${topic}.v${TOPICS[topic].version}.schema.json`;

/** Why each topic is keyed the way it is. A Record over TopicName, so a new topic cannot ship undocumented. */
const KEY_REASONS: Record<TopicName, string> = {
  applications: 'An enterprise\u2019s applications are checked against its earlier ones (velocity, repeated devices and phones), so they must arrive in order on one partition.',
  transactions: 'Rolling windows (inflows, outflows, balance drain) are kept per borrowing enterprise; personal accounts without an enterprise fall back to the account (its token after ingestion).',
  repayments: 'A loan\u2019s servicing events form a state machine (opened \u2192 due \u2192 paid / missed \u2192 days past due) that is only correct in order.',
  'enterprise-updates': 'Registry, litigation and listing updates change one enterprise\u2019s profile and graph edges; applying them out of order could undo a later change.',
  labels: 'A label joins the decision or alert it resolves; keying by the loan (or application, enterprise, event) puts it on the partition that saw that entity.',
  'collection-outcomes': 'Outcomes are appended to a loan\u2019s collection history, which agents read in order.',
  scores: 'One entity\u2019s scores stay in order, so the latest score on a partition is the entity\u2019s current one.',
  decisions: 'An enterprise\u2019s decisions stay in order (a manual review\u2019s final decision follows the provisional one).',
  alerts: 'One loan\u2019s alerts stay in order, so a collector\u2019s queue sees escalations in the order they were raised.',
  'dead-letters': 'Grouped by the topic they came from, so a replay of one input topic reads one partition set.',
  'decision-notifications': 'Keyed by the applicant enterprise, so one customer\u2019s notifications reach the messaging system in the order the decisions became final.',
  'alert-queue-events': 'One loan\u2019s queue changes stay in order (claimed before resolved), keyed like its alerts; an alert without a loan falls back to its alert id.',
};

/** How each personal-data kind is normalised before hashing, so trivially different spellings link. */
const PII_NORMAL_FORMS: Record<PiiKind, string> = {
  person_id: 'trimmed, upper-case',
  phone: 'trimmed, `+86` prefix removed (`+8613812345678` and `13812345678` are one phone)',
  person_name: 'trimmed, runs of white space collapsed to one space',
  bank_account: 'trimmed, upper-case',
};

/** Demonstration key for the pseudonymised example in the docs. Public on purpose: never use it anywhere else. */
const DOCS_DEMO_KEY = 'docs-demo-key-public-never-use';

type Json = Record<string, unknown>;

/** The exported JSON Schema of a topic: the contract itself plus its Kafka metadata. */
export function jsonSchemaOf(topic: TopicName): Json {
  const contract = TOPICS[topic];
  // JSON round trip drops TypeBox's symbol-keyed metadata and leaves plain JSON Schema.
  const schema = JSON.parse(JSON.stringify(contract.schema)) as Json;
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: `urn:fengkong:contract:${topic}:v${contract.version}`,
    title: `${topic} v${contract.version}`,
    'x-kafka-topic': topic,
    'x-direction': contract.direction,
    [KEY_KEYWORD]: contract.keyFields,
    ...schema,
  };
}

/** Every exported contract, as file name and pretty-printed JSON. */
export function exportedSchemas(): Array<{ file: string; json: string }> {
  return (Object.keys(TOPICS) as TopicName[]).map((topic) => ({
    file: schemaFileName(topic),
    json: JSON.stringify(jsonSchemaOf(topic), null, 2) + '\n',
  }));
}

// ---------------------------------------------------------------------------------------------
// Rendering schemas as tables

interface FieldRow {
  path: string;
  type: string;
  required: boolean;
  pii: PiiKind | undefined;
  description: string;
}

const FORMAT_LABELS: Record<string, string> = {
  uscc: 'unified social credit code',
  'date-time': 'ISO-8601 date-time',
  date: 'ISO-8601 date',
  ipv4: 'IPv4 address',
};

function range(s: Json): string {
  const lo = s.exclusiveMinimum !== undefined ? `> ${String(s.exclusiveMinimum)}` : s.minimum !== undefined ? `\u2265 ${String(s.minimum)}` : '';
  const hi = s.maximum !== undefined ? `\u2264 ${String(s.maximum)}` : '';
  return [lo, hi].filter(Boolean).join(', ');
}

/** A short human type for a schema node, e.g. `integer (≥ 300, ≤ 950) or null`. */
export function typeLabel(schema: TSchema): string {
  const s = schema as Json;
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (Array.isArray(s.anyOf)) {
    const members = s.anyOf as Json[];
    if (members.every((m) => m.const !== undefined)) return members.map((m) => JSON.stringify(m.const)).join(' | ');
    return members.map((m) => typeLabel(m as TSchema)).join(' or ');
  }
  switch (s.type) {
    case 'string': {
      const format = typeof s.format === 'string' ? s.format : undefined;
      if (format?.startsWith('pii-')) return 'string';
      const details: string[] = [];
      if (format) details.push(FORMAT_LABELS[format] ?? format);
      if (typeof s.pattern === 'string') details.push(`pattern \`${s.pattern}\``);
      else {
        if (s.minLength !== undefined) details.push(`\u2265 ${String(s.minLength)} chars`);
        if (s.maxLength !== undefined) details.push(`\u2264 ${String(s.maxLength)} chars`);
      }
      return details.length ? `string (${details.join(', ')})` : 'string';
    }
    case 'number':
    case 'integer': {
      const r = range(s);
      return r ? `${s.type} (${r})` : s.type;
    }
    case 'boolean':
    case 'null':
      return s.type;
    case 'array':
      return `array of ${s.items && (s.items as Json).type === 'object' ? 'objects' : typeLabel(s.items as TSchema)}`;
    case 'object': {
      const pattern = s.patternProperties as Record<string, TSchema> | undefined;
      if (pattern) {
        const value = Object.values(pattern)[0];
        return `map of string \u2192 ${value ? typeLabel(value) : 'any'}`;
      }
      return 'object';
    }
    default:
      return 'any';
  }
}

/** Rows for every field of an object schema, nested objects and arrays of objects flattened into dotted paths. */
export function fieldRows(schema: TSchema, prefix = '', skip: ReadonlySet<string> = new Set()): FieldRow[] {
  const s = schema as Json;
  const props = (s.properties ?? {}) as Record<string, TSchema>;
  const required = new Set((s.required ?? []) as string[]);
  const rows: FieldRow[] = [];
  for (const [name, child] of Object.entries(props)) {
    if (skip.has(name)) continue;
    const c = child as Json;
    const path = prefix + name;
    const pii = typeof c[PII_KEYWORD] === 'string' ? (c[PII_KEYWORD] as PiiKind) : undefined;
    rows.push({ path, type: typeLabel(child), required: required.has(name), pii, description: String(c.description ?? '') });
    if (c.type === 'object' && c.properties) rows.push(...fieldRows(child, `${path}.`));
    const items = c.items as Json | undefined;
    if (c.type === 'array' && items?.type === 'object' && items.properties) rows.push(...fieldRows(items as TSchema, `${path}[].`));
  }
  return rows;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function fieldTable(rows: readonly FieldRow[]): string {
  const lines = ['| Field | Type | Required | Personal data | Description |', '|---|---|---|---|---|'];
  for (const r of rows) {
    lines.push(`| \`${r.path}\` | ${cell(r.type)} | ${r.required ? 'yes' : 'no'} | ${r.pii ? `**${r.pii}**` : ''} | ${cell(r.description)} |`);
  }
  return lines.join('\n');
}

const jsonBlock = (value: unknown): string => '```json\n' + JSON.stringify(value, null, 2) + '\n```';

// ---------------------------------------------------------------------------------------------
// The document

const TOPIC_NAMES = Object.keys(TOPICS) as TopicName[];
const KIND_NAMES = Object.keys(ENTERPRISE_UPDATE_KINDS) as EnterpriseUpdateKind[];
/** Fields every enterprise-update kind shares; listed once, then each kind lists only its own. */
const UPDATE_BASE_FIELDS = ['eventId', 'schemaVersion', 'eventTime', 'source', 'enterpriseId', 'provider', 'kind'];

function keyText(topic: TopicName): string {
  const fields = TOPICS[topic].keyFields.map((f) => `\`${f}\``);
  return fields.length === 1 ? (fields[0] as string) : `first present of ${fields.join(', ')}`;
}

function overview(): string {
  const lines = ['| Topic | Direction | Partition key | Dead letters | Carries |', '|---|---|---|---|---|'];
  for (const t of TOPIC_NAMES) {
    const c = TOPICS[t];
    const dlq = c.direction === 'input' ? `\`${dlqTopicOf(t)}\`` : '';
    lines.push(`| [\`${t}\`](#${t}) | ${c.direction} | ${keyText(t)} | ${dlq} | ${cell(c.description)} |`);
  }
  return lines.join('\n');
}

function personalFieldsTable(): string {
  const lines = ['| Topic | Kind of event | Field | Personal data |', '|---|---|---|---|'];
  for (const t of TOPIC_NAMES) {
    if (t === 'enterprise-updates') {
      for (const k of KIND_NAMES) {
        for (const r of fieldRows(ENTERPRISE_UPDATE_KINDS[k]).filter((row) => row.pii)) lines.push(`| \`${t}\` | \`${k}\` | \`${r.path}\` | ${r.pii} |`);
      }
    } else {
      for (const r of fieldRows(TOPICS[t].schema).filter((row) => row.pii)) lines.push(`| \`${t}\` | | \`${r.path}\` | ${r.pii} |`);
    }
  }
  return lines.join('\n');
}

function topicSection(topic: TopicName): string {
  const c = TOPICS[topic];
  const parts = [
    `### ${topic}`,
    '',
    `${c.description}. Direction: **${c.direction}**. Contract version: **v${c.version}** (\`schemaVersion: ${c.version}\`).` +
      (c.direction === 'input' ? ` Records that fail validation go to \`${dlqTopicOf(topic)}\` unchanged, and a summary to \`dead-letters\`.` : ''),
    '',
    `**Partition key:** ${keyText(topic)}. ${KEY_REASONS[topic]}`,
    '',
  ];
  if (topic === 'enterprise-updates') {
    parts.push(
      'One topic carries several kinds of third-party update; `kind` selects the shape, and validation reports against that kind\u2019s fields. Fields every kind shares:',
      '',
      fieldTable(
        fieldRows(ENTERPRISE_UPDATE_KINDS.registry_change)
          .filter((r) => UPDATE_BASE_FIELDS.includes(r.path))
          .map((r) => (r.path === 'kind' ? { ...r, type: 'one of the kinds below', description: 'Selects the shape of the rest of the event' } : r)),
      ),
      '',
    );
    for (const k of KIND_NAMES) {
      const member = ENTERPRISE_UPDATE_KINDS[k] as TSchema;
      parts.push(
        `#### kind \`${k}\``,
        '',
        `${String((member as Json).description ?? '')}.`,
        '',
        fieldTable(fieldRows(member, '', new Set(UPDATE_BASE_FIELDS))),
        '',
        'Example:',
        '',
        jsonBlock(ENTERPRISE_UPDATE_EXAMPLES[k]),
        '',
      );
    }
    return parts.join('\n');
  }
  parts.push(fieldTable(fieldRows(c.schema)), '', 'Example:', '', jsonBlock(EXAMPLES[topic]), '');
  return parts.join('\n');
}

/** The whole contract reference as Markdown. Deterministic: same contracts, same bytes. */
export function contractDocs(): string {
  const demo = new Pseudonymiser(DOCS_DEMO_KEY);
  const app = EXAMPLES.applications;
  const appAfter = demo.pseudonymise('applications', app);
  const registryAfter = demo.pseudonymise('enterprise-updates', ENTERPRISE_UPDATE_EXAMPLES.registry_change);
  const section = (title: string, ...body: string[]): string => [`## ${title}`, '', ...body, ''].join('\n');

  const doc = [
    '# Event contracts (v1)',
    '',
    '<!-- Generated by `npx fengkong schemas docs > docs/contracts.md` from schemas/topics.ts and schemas/examples.ts. Do not edit by hand: a test fails when this file is out of date. -->',
    '',
    'Every event Fengkong reads or writes is JSON on a Kafka topic, checked against a contract written once in TypeBox (`schemas/topics/*.ts`): the same object is the JSON Schema the validator runs and the TypeScript type the code uses. `npx fengkong schemas export --out <dir>` writes each contract as a plain JSON Schema file (`<topic>.v1.schema.json`, draft-07) for producers in other languages. Custom keywords: `x-pii` marks a personal field and its kind, `x-kafka-key` lists the partition-key fields; custom formats: `uscc` (credit code with check character) and `pii-<kind>`.',
    '',
    'All example values below are synthetic; credit codes and ID numbers carry valid check characters.',
    '',
    section('Topics', overview()),
    section(
      'Partition keys',
      'Kafka keeps order only within a partition, and Fengkong keeps per-entity state (rolling windows, loan state, graph edges). Each topic is therefore keyed by the entity whose state its events change, so **one entity\u2019s events arrive in order on one partition** and one processor instance owns that entity\u2019s state. Where several fields are listed, the key is the first one present in the event. Producers of input topics must key records this way; Fengkong keys its outputs the same way, after pseudonymisation, so a personal key (an account number) appears downstream only as its token.',
    ),
    section(
      'Validation at ingestion',
      'Every input record is checked before anything else touches it. The validator never throws: a bad record becomes a list of issues naming the field and the reason, and the record goes to `<topic>.dlq` unchanged (Kafka Connect error headers) with a summary on `dead-letters`. A record is rejected when:',
      '',
      [
        `- it is larger than ${MAX_EVENT_BYTES} bytes (1 MiB), before it is parsed;`,
        '- it is not valid UTF-8, or a string holds an unpaired UTF-16 surrogate (e.g. an escaped `\\ud800`);',
        '- it is empty or white space only, or not JSON;',
        `- its JSON nests deeper than ${MAX_JSON_DEPTH} levels (contracts need 4; measured before parsing, so a 100 000-level document costs nothing);`,
        '- it is not a JSON object (arrays, strings and numbers are rejected);',
        '- a required field is missing, a field has the wrong type or is out of range, or a field is not in the contract (contracts are closed: `additionalProperties: false`);',
        '- a credit code, ID number or mobile number is malformed or has a wrong check character (the message names the expected one), or an enterprise update has an unknown `kind`.',
      ].join('\n'),
      '',
      'Example messages: `enterpriseId: invalid unified social credit code: check character is \'0\', expected \'G\'`; `applicant.idNumber: invalid person_id: check digit is \'5\', expected \'9\'`; `kind: must be one of registry_change, \u2026`.',
    ),
    section(
      'Personal data and pseudonymisation',
      'Fields marked `x-pii` hold personal data. They are validated raw at ingestion and replaced right after by a token, before the event reaches Redis, ClickHouse, any output topic or a log line; raw values exist only on the input topics.',
      '',
      [
        '- **Token:** `pii_` followed by the first 32 hex digits of HMAC-SHA-256(key, `<kind>` NUL `<normal form>`). The key is `FENGKONG_PII_KEY` (16+ bytes, a secret); without it a token cannot be reversed or recomputed.',
        '- **Stable and linking:** equal values of one kind give equal tokens across fields, events and topics, so an applicant\u2019s phone still matches the same number on a registry record, and two applicants sharing a phone still share a graph node.',
        '- **Kinds are separate:** the kind is hashed with the value, so a phone number and an identical-looking account number never share a token.',
        '- **Idempotent:** a value that already is a token passes through unchanged, so replaying pseudonymised events (or dead letters) is safe; validation accepts tokens in personal fields.',
        '- **Keyed:** another key gives other tokens, so rotating the key breaks linkage with everything stored under the old one; treat the key as long-lived.',
        '- Non-personal fields are never changed.',
      ].join('\n'),
      '',
      'Normal forms applied before hashing:',
      '',
      ['| Kind | Normal form |', '|---|---|', ...PII_KINDS.map((k) => `| \`${k}\` | ${PII_NORMAL_FORMS[k]} |`)].join('\n'),
      '',
      'Every personal field, by topic:',
      '',
      personalFieldsTable(),
      '',
      `The \`applications\` example after ingestion (demonstration key \`${DOCS_DEMO_KEY}\`; production uses its own secret), personal fields only:`,
      '',
      jsonBlock({ applicant: appAfter.applicant, declaredCompanyPhone: appAfter.declaredCompanyPhone }),
      '',
      'and the `registry_change` example, whose `registeredPhone` (`+86` spelling) gets the same token as the applicant\u2019s phone:',
      '',
      jsonBlock(registryAfter.kind === 'registry_change' ? { registeredPhone: registryAfter.registeredPhone, legalRepresentative: registryAfter.legalRepresentative } : {}),
    ),
    section(
      'Versioning',
      [
        '- Every event carries its contract\u2019s major version (`schemaVersion: 1`), and every topic name above is version 1.',
        '- **Within v1 only additive changes are allowed:** a new *optional* field, or a new value of an enumeration (e.g. a new enterprise-update `kind`). Removing or renaming a field, changing its type or unit, narrowing its range, making an optional field required, or changing the partition key are breaking.',
        '- **A breaking change makes a new topic version** `<topic>.v2` (e.g. `applications.v2`, with `schemaVersion: 2`) that runs side by side with v1. During the migration producers dual-publish every event to both; consumers move to v2 one by one; v1 is retired once no consumer reads it and its retention has passed. Events are never rewritten in place.',
        '- **Contracts are closed** (`additionalProperties: false`): consumers validating today reject an event with a field they do not know, so a typo never passes silently. An additive change therefore rolls out in this order: **1.** add the optional field (or enum value) to the contract in `schemas/topics/`; **2.** deploy every consumer with the new contract; **3.** only then let producers send it. An event sent with the field before step 2 is dead-lettered as `<field>: is not a field of this contract`, and can be replayed from `<topic>.dlq` once consumers are upgraded.',
        '- Regenerate this file and the exported JSON Schemas with every contract change; a test fails when this file is stale.',
      ].join('\n'),
    ),
    section('Contracts', TOPIC_NAMES.map(topicSection).join('\n')),
  ];
  return doc.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}
