import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Command } from 'commander';
import { registerSchemas } from '../cli/commands/schemas.ts';
import { contractDocs, exportedSchemas, jsonSchemaOf, schemaFileName } from './docs.ts';
import { ENTERPRISE_UPDATE_EXAMPLES, EXAMPLES } from './examples.ts';
import { piiPathsOfSchema } from './pseudonym.ts';
import { TOPICS, type TopicName } from './topics.ts';
import { ENTERPRISE_UPDATE_KINDS } from './topics/enterpriseUpdate.ts';

const TOPIC_NAMES = Object.keys(TOPICS) as TopicName[];
const REPO = new URL('..', import.meta.url).pathname;

/** The CLI with just this command, so the test does not depend on every other command loading. */
function program(): Command {
  const p = new Command('fengkong').exitOverride();
  registerSchemas(p);
  return p;
}

describe('docs/contracts.md', () => {
  it('is up to date with the generator (regenerate: npx fengkong schemas docs > docs/contracts.md)', async () => {
    const committed = await readFile(join(REPO, 'docs/contracts.md'), 'utf8');
    expect(committed === contractDocs(), 'docs/contracts.md is stale: run `npx fengkong schemas docs > docs/contracts.md`').toBe(true);
  });

  it('is deterministic', () => {
    expect(contractDocs()).toBe(contractDocs());
  });

  it('covers every topic, kind, personal field, example and the rules', () => {
    const doc = contractDocs();
    for (const t of TOPIC_NAMES) {
      expect(doc).toContain(`### ${t}\n`);
      expect(doc).toContain(JSON.stringify(EXAMPLES[t], null, 2));
    }
    for (const k of Object.keys(ENTERPRISE_UPDATE_KINDS)) {
      expect(doc).toContain(`#### kind \`${k}\``);
      expect(doc).toContain(JSON.stringify(ENTERPRISE_UPDATE_EXAMPLES[k as keyof typeof ENTERPRISE_UPDATE_EXAMPLES], null, 2));
    }
    for (const t of TOPIC_NAMES) {
      for (const { path, kind } of piiPathsOfSchema(TOPICS[t].schema)) expect(doc).toContain(`| \`${path.join('.')}\` | ${kind} |`);
    }
    for (const phrase of ['HMAC-SHA-256', 'additionalProperties: false', '.v2', 'dual-publish', 'deploy every consumer', 'one entity\u2019s events arrive in order on one partition']) {
      expect(doc).toContain(phrase);
    }
  });
});

describe('JSON Schema export', () => {
  it('has one <topic>.v1.schema.json per topic', () => {
    expect(exportedSchemas().map((s) => s.file).sort()).toEqual(TOPIC_NAMES.map((t) => `${t}.v1.schema.json`).sort());
  });

  it.each(TOPIC_NAMES)('%s: a standard validator compiles the file and accepts the example, rejects an unknown field', (topic) => {
    const file = exportedSchemas().find((s) => s.file === schemaFileName(topic));
    const schema = JSON.parse(file?.json ?? '{}') as Record<string, unknown>;
    expect(schema['x-kafka-key']).toEqual(TOPICS[topic].keyFields);
    // A consumer in another language knows nothing of our keywords and formats: ignore them.
    const ajv = new Ajv({ strict: false, validateFormats: false });
    const validate = ajv.compile(schema);
    expect(validate(EXAMPLES[topic]), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...EXAMPLES[topic], notInContract: 1 })).toBe(false);
    // Same contract as the one the validator runs (TypeBox metadata aside).
    const { $schema, $id, title, 'x-kafka-topic': _t, 'x-direction': _d, 'x-kafka-key': _k, ...contract } = jsonSchemaOf(topic);
    expect([$schema, $id, title].every((v) => typeof v === 'string')).toBe(true);
    expect(contract).toEqual(JSON.parse(JSON.stringify(TOPICS[topic].schema)));
  });
});

describe('fengkong schemas (CLI)', () => {
  let dir: string | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('docs prints the reference on stdout', async () => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    await program().parseAsync(['node', 'fengkong', 'schemas', 'docs']);
    expect(out).toBe(contractDocs());
  });

  it('export --out writes the files and lists them on stdout', async () => {
    dir = await mkdtemp(join(tmpdir(), 'fk-schemas-'));
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
    const out = join(dir, 'nested');
    await program().parseAsync(['node', 'fengkong', 'schemas', 'export', '--out', out]);
    expect((await readdir(out)).sort()).toEqual(exportedSchemas().map((s) => s.file).sort());
    expect(lines.sort()).toEqual(exportedSchemas().map((s) => join(out, s.file)).sort());
    const written = await readFile(join(out, 'applications.v1.schema.json'), 'utf8');
    expect(written).toBe(exportedSchemas().find((s) => s.file === 'applications.v1.schema.json')?.json);
  });
});
