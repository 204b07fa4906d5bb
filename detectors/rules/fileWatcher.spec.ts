import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { watchRuleFile, type RuleFileWatch } from './fileWatcher.ts';
import { RuleSetManager, type ManagerLoadResult } from './manager.ts';
import { BROKEN_AT, BROKEN_RULE_SET, ruleSetText } from './__fixtures__/ruleSets.ts';
import { EXAMPLES } from '../../schemas/examples.ts';

/** Collects reload results and lets a test wait for the next one (bounded by the test timeout). */
function reloads() {
  const queue: ManagerLoadResult[] = [];
  let wake: (() => void) | undefined;
  return {
    onReload: (r: ManagerLoadResult) => {
      queue.push(r);
      wake?.();
    },
    async next(): Promise<ManagerLoadResult> {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      return queue.shift() as ManagerLoadResult;
    },
  };
}

describe('watchRuleFile', () => {
  let dir: string;
  let watch: RuleFileWatch | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fk-rules-'));
  });
  afterEach(async () => {
    watch?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads at start, rejects a broken save (line and column) keeping the running set, then picks up a fixed one', async () => {
    const file = join(dir, 'rules.yaml');
    await writeFile(file, ruleSetText('1'));
    const manager = new RuleSetManager();
    const seen = reloads();
    watch = await watchRuleFile(manager, file, { debounceMs: 20, onReload: seen.onReload });
    expect(watch.initial).toMatchObject({ ok: true, status: 'loaded' });
    expect(manager.active?.id).toBe('demo@1');

    await writeFile(file, BROKEN_RULE_SET);
    const broken = await seen.next();
    expect(broken.ok).toBe(false);
    if (!broken.ok) {
      expect(broken.source).toBe(file);
      expect(broken.issues[0]).toMatchObject(BROKEN_AT);
    }
    expect(manager.active?.id).toBe('demo@1');
    expect(manager.evaluate({ event: EXAMPLES.applications }, 'applications').hits.map((h) => h.ruleId)).toEqual(['big_amount']);

    await writeFile(file, ruleSetText('2', 1e9));
    let fixed = await seen.next();
    // An editor's save can fire more than once; wait for the load that made version 2 active.
    while (!(fixed.ok && fixed.ruleSet.version === '2')) fixed = await seen.next();
    expect(manager.active?.id).toBe('demo@2');
    expect(manager.evaluate({ event: EXAMPLES.applications }, 'applications').hits).toEqual([]);
  });

  it('follows a file replaced by rename, as deploy tools and editors do', async () => {
    const file = join(dir, 'rules.yaml');
    await writeFile(file, ruleSetText('1'));
    const manager = new RuleSetManager();
    const seen = reloads();
    watch = await watchRuleFile(manager, file, { debounceMs: 20, onReload: seen.onReload });
    const staged = join(dir, '.rules.yaml.tmp');
    await writeFile(staged, ruleSetText('2'));
    await rename(staged, file);
    let result = await seen.next();
    while (!(result.ok && result.ruleSet.version === '2')) result = await seen.next();
    expect(manager.active?.id).toBe('demo@2');
  });

  it('reports a missing file at start without an active set', async () => {
    const manager = new RuleSetManager();
    watch = await watchRuleFile(manager, join(dir, 'absent.yaml'), { debounceMs: 20 });
    expect(watch.initial.ok).toBe(false);
    if (!watch.initial.ok) expect(watch.initial.issues[0]?.message).toMatch(/cannot read/);
    expect(manager.active).toBeUndefined();
  });
});
