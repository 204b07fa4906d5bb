import { describe, expect, it } from 'vitest';
import { RuleSetManager } from './manager.ts';
import { BROKEN_AT, BROKEN_RULE_SET, ruleSetText } from './__fixtures__/ruleSets.ts';
import { EXAMPLES } from '../../schemas/examples.ts';

const app = EXAMPLES.applications; // requestedAmount 800,000
const hitsOf = (m: RuleSetManager) => m.evaluate({ event: app }, 'applications').hits.map((h) => `${h.ruleSetVersion}:${h.ruleId}`);

describe('RuleSetManager', () => {
  it('has no hits before the first load', () => {
    const m = new RuleSetManager();
    expect(m.active).toBeUndefined();
    expect(m.evaluate({ event: app }, 'applications')).toEqual({ ruleSetVersion: 'none', hits: [], errors: [] });
  });

  it('activates a valid set and swaps to the next version', () => {
    const m = new RuleSetManager();
    const first = m.load(ruleSetText('1'), 'a.yaml');
    expect(first).toMatchObject({ ok: true, status: 'loaded' });
    expect(hitsOf(m)).toEqual(['demo@1:big_amount']);
    const second = m.load(ruleSetText('2', 1_000_000), 'a.yaml');
    expect(second.ok && second.previous?.id).toBe('demo@1');
    expect(hitsOf(m)).toEqual([]);
  });

  it('rejects a broken set with line and column and keeps scoring with the previous one', () => {
    const m = new RuleSetManager();
    m.load(ruleSetText('1'), 'a.yaml');
    const result = m.load(BROKEN_RULE_SET, 'a.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject(BROKEN_AT);
    expect(result.active?.id).toBe('demo@1');
    expect(m.active?.id).toBe('demo@1');
    expect(hitsOf(m)).toEqual(['demo@1:big_amount']);
  });

  it('treats the same version and text as unchanged, and the same version with other text as an error', () => {
    const changes: string[] = [];
    const m = new RuleSetManager();
    m.onChange((set) => changes.push(set.id));
    m.load(ruleSetText('1'), 'a.yaml');
    expect(m.load(ruleSetText('1'), 'b.yaml')).toMatchObject({ ok: true, status: 'unchanged' });
    const clash = m.load(ruleSetText('1', 5), 'a.yaml');
    expect(clash.ok).toBe(false);
    if (!clash.ok) expect(clash.issues[0]?.message).toMatch(/already loaded with different content; give the change a new version/);
    expect(changes).toEqual(['demo@1']);
    expect(hitsOf(m)).toEqual(['demo@1:big_amount']);
  });

  it('keeps the last N versions, newest first, and rolls back to one of them', () => {
    let t = Date.parse('2026-11-25T00:00:00Z');
    const m = new RuleSetManager({ historySize: 3, now: () => new Date((t += 1000)) });
    for (const v of ['1', '2', '3', '4']) m.load(ruleSetText(v, v === '2' ? 1 : 1e9), `${v}.yaml`);
    expect(m.history().map((h) => h.version)).toEqual(['4', '3', '2']);
    expect(m.history()[0]).toMatchObject({ id: 'demo@4', source: '4.yaml', rules: 1, activatedAt: '2026-11-25T00:00:04.000Z' });
    expect(hitsOf(m)).toEqual([]);
    expect(m.rollback('2')).toMatchObject({ ok: true, status: 'loaded' });
    expect(hitsOf(m)).toEqual(['demo@2:big_amount']);
    expect(m.history().map((h) => h.version)).toEqual(['2', '4', '3']);
    const gone = m.rollback('1');
    expect(gone.ok).toBe(false);
    if (!gone.ok) expect(gone.issues[0]?.message).toMatch(/not in the history \(have: 2, 4, 3\)/);
    expect(m.active?.id).toBe('demo@2');
  });

  it('refuses a set with another name when a name is expected', () => {
    const m = new RuleSetManager({ expectName: 'demo' });
    m.load(ruleSetText('1'), 'a.yaml');
    const other = m.load(ruleSetText('9', 1, 'other'), 'b.yaml');
    expect(other.ok).toBe(false);
    expect(m.active?.id).toBe('demo@1');
  });

  it('passes knownFeatures to the compiler', () => {
    const m = new RuleSetManager({ knownFeatures: ['enterprise.inflow_sum_7d'] });
    const text = ruleSetText('1').replace('event.requestedAmount > 100000', "features['enterprise.inflow_sum_7x'] > 1");
    const result = m.load(text, 'a.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.message).toMatch(/unknown feature 'enterprise.inflow_sum_7x'/);
  });

  it('keeps the new set active even when a change listener throws', () => {
    const m = new RuleSetManager();
    m.onChange(() => {
      throw new Error('listener bug');
    });
    expect(m.load(ruleSetText('1'), 'a.yaml').ok).toBe(true);
    expect(m.active?.id).toBe('demo@1');
  });
});
