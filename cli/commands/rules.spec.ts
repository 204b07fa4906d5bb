import { Command } from 'commander';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXAMPLES } from '../../schemas/examples.ts';
import { inferTopic, registerRules } from './rules.ts';
import { BROKEN_AT, BROKEN_RULE_SET } from '../../detectors/rules/__fixtures__/ruleSets.ts';

const DEFAULT_RULES = fileURLToPath(new URL('../../rules/default.yaml', import.meta.url));

async function cli(...args: string[]): Promise<{ out: string[]; err: string[]; code: number }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((m: unknown) => void out.push(String(m)));
  const error = vi.spyOn(console, 'error').mockImplementation((m: unknown) => void err.push(String(m)));
  process.exitCode = undefined;
  try {
    const program = new Command('fengkong').exitOverride();
    registerRules(program);
    await program.parseAsync(['node', 'fengkong', 'rules', ...args]);
    return { out, err, code: Number(process.exitCode ?? 0) };
  } finally {
    log.mockRestore();
    error.mockRestore();
    process.exitCode = undefined;
  }
}

describe('fengkong rules', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fk-rules-cli-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('validate prints ok with name, version and rule count', async () => {
    const r = await cli('validate', DEFAULT_RULES);
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(1);
    expect(r.out[0]).toMatch(/^ok: default 2026-11-25\.1 \d+ rules/);
  });

  it('validate prints file:line:col errors and exits 1', async () => {
    const file = join(dir, 'broken.yaml');
    await writeFile(file, BROKEN_RULE_SET);
    const r = await cli('validate', file);
    expect(r.code).toBe(1);
    expect(r.out[0]).toMatch(new RegExp(`^${file}:${BROKEN_AT.line}:${BROKEN_AT.col}: rule big_amount: syntax error`));
  });

  it('validate checks feature names against the registry unless told not to', async () => {
    const file = join(dir, 'feat.yaml');
    await writeFile(file, BROKEN_RULE_SET.replace('version: "broken"', 'version: "f"').replace('event.requestedAmount > 5)', "features['enterprise.nope'] > 5"));
    expect((await cli('validate', file)).out[0]).toMatch(/unknown feature 'enterprise.nope'/);
    expect((await cli('validate', file, '--no-feature-check')).code).toBe(0);
  });

  it('test evaluates bare events and context objects and prints a summary', async () => {
    const events = join(dir, 'events.jsonl');
    const badApp = { ...EXAMPLES.applications, eventId: 'app-bad', identity: { ...EXAMPLES.applications.identity, livenessPassed: false } };
    const withContext = { event: { ...EXAMPLES.applications, eventId: 'app-ctx' }, features: { 'device.distinct_applicants_24h': 4 }, lists: { device_black: true } };
    const lines = [EXAMPLES.applications, badApp, withContext, EXAMPLES.repayments].map((e) => JSON.stringify(e));
    await writeFile(events, lines.join('\n') + '\n');
    const r = await cli('test', DEFAULT_RULES, '--events', events);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([
      `${EXAMPLES.applications.eventId} [applications]: -`,
      'app-bad [applications]: app.liveness_failed(reject)',
      'app-ctx [applications]: app.blacklist_hit(reject) app.device_velocity(review)',
      `${EXAMPLES.repayments.eventId} [repayments]: pl.missed_payment(alert)`,
      'events: 4 hits: 4 shadow: 0',
    ]);
  });

  it('test reports unreadable lines and exits 1', async () => {
    const events = join(dir, 'events.jsonl');
    await writeFile(events, `${JSON.stringify(EXAMPLES.repayments)}\n{not json\n`);
    const r = await cli('test', DEFAULT_RULES, '--events', events, '--topic', 'repayments');
    expect(r.code).toBe(1);
    expect(r.out[1]).toMatch(new RegExp(`^${events}:2: invalid JSON`));
    expect(r.out.at(-1)).toBe('events: 1 hits: 1 shadow: 0 unreadable: 1');
  });

  it('test refuses an unknown topic', async () => {
    const r = await cli('test', DEFAULT_RULES, '--events', '/dev/null', '--topic', 'scores');
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/unknown input topic 'scores'/);
  });

  it('guesses the topic of bare events', () => {
    expect(inferTopic(EXAMPLES.applications)).toBe('applications');
    expect(inferTopic(EXAMPLES.transactions)).toBe('transactions');
    expect(inferTopic(EXAMPLES.repayments)).toBe('repayments');
    expect(inferTopic(EXAMPLES['enterprise-updates'])).toBe('enterprise-updates');
    expect(inferTopic({ foo: 1 })).toBeUndefined();
  });
});
