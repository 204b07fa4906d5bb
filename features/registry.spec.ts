import { describe, expect, it } from 'vitest';
import { ENTITY_TYPES } from './entities.ts';
import { compileRegistry } from './plan.ts';
import { FEATURE_REGISTRY, featureNames } from './registry.ts';
import { applyRegistryOverride } from './registryYaml.ts';
import type { FeatureRegistry } from './types.ts';

const policy = { allowedLatenessMs: 86_400_000 };

describe('the feature registry', () => {
  it('declares at least 40 features over every entity type, each with a description', () => {
    expect(FEATURE_REGISTRY.features.length).toBeGreaterThanOrEqual(40);
    for (const entity of ['enterprise', 'applicant', 'loan', 'account', 'device', 'phone', 'ip', 'counterparty']) {
      expect(FEATURE_REGISTRY.features.filter((f) => f.entity === entity).length, entity).toBeGreaterThan(0);
    }
    for (const f of FEATURE_REGISTRY.features) expect(f.description.length, f.name).toBeGreaterThan(10);
    const aggregates = new Set(FEATURE_REGISTRY.features.map((f) => f.aggregate));
    for (const a of ['count', 'sum', 'min', 'max', 'distinct', 'last', 'time_since_last', 'trend_ratio']) expect(aggregates).toContain(a);
  });

  it('compiles, and lists names in registry order', () => {
    const compiled = compileRegistry(FEATURE_REGISTRY, policy);
    expect(compiled.featureNames).toEqual(featureNames());
    expect(featureNames()[0]).toBe(FEATURE_REGISTRY.features[0]?.name);
    for (const entity of ENTITY_TYPES) expect(compiled.entities[entity].features.length).toBeGreaterThan(0);
    // Features over one stream share a series: inflow 7d / 30d and the inflow trend are one series.
    const enterprise = compiled.entities.enterprise;
    const sums = enterprise.series.filter((s) => s.op === 'sum' && s.key.includes("direction == 'in'"));
    expect(sums).toHaveLength(1);
    expect(sums[0]?.windows.length).toBe(3);
  });

  it('refuses entries a store could not run, naming them', () => {
    const bad = (f: Record<string, unknown>): FeatureRegistry => ({ windows: FEATURE_REGISTRY.windows, features: [f as never] });
    expect(() => compileRegistry(bad({ name: 'account.x', entity: 'account', aggregate: 'sum', window: '5y', source: { topic: 'transactions', value: 'amount' }, description: 'd' }), policy)).toThrow(/account.x: unknown window 5y/);
    expect(() => compileRegistry(bad({ name: 'account.x', entity: 'account', aggregate: 'count', window: '1h', source: { topic: 'applications' }, description: 'd' }), policy)).toThrow(/never map to a account/);
    expect(() => compileRegistry(bad({ name: 'account.x', entity: 'account', aggregate: 'trend_ratio', window: '1h', baseline: '24h', source: { topic: 'transactions', value: 'amount' }, description: 'd' }), policy)).toThrow(/share a bucket size/);
    expect(() => compileRegistry(bad({ name: 'loan.x', entity: 'account', aggregate: 'count', window: '1h', source: { topic: 'transactions' }, description: 'd' }), policy)).toThrow(/name must be/);
    expect(() => compileRegistry(bad({ name: 'account.x', entity: 'account', aggregate: 'ratio', of: ['account.a', 'account.b'], description: 'd' }), policy)).toThrow(/unknown feature account.a/);
  });

  it('takes YAML overrides: new windows and features, replacements, removals', () => {
    const registry = applyRegistryOverride(`
windows:
  14d: { span: 14d, bucket: 1d }
features:
  - name: account.inflow_sum_14d
    entity: account
    aggregate: sum
    window: 14d
    source: { topic: transactions, where: "direction == 'in'", value: amount }
    description: Money in over 14 days
  - name: account.txn_count_1h
    entity: account
    aggregate: count
    window: 24h
    source: { topic: transactions }
    description: Redefined for the test
remove: [enterprise.invoice_sales_last]
`);
    const names = featureNames(registry);
    expect(names).toContain('account.inflow_sum_14d');
    expect(names).not.toContain('enterprise.invoice_sales_last');
    // A replacement keeps its place; new features come last.
    expect(names.indexOf('account.txn_count_1h')).toBe(names.indexOf('account.txn_count_24h') - 1);
    expect(names.at(-1)).toBe('account.inflow_sum_14d');
    expect(registry.features.find((f) => f.name === 'account.txn_count_1h')?.window).toBe('24h');
    expect(() => applyRegistryOverride('features: [{ name: x }]')).toThrow(/not a valid feature registry override/);
    expect(() => applyRegistryOverride('remove: [nope.nothing]')).toThrow(/no feature named nope.nothing/);
    expect(() => applyRegistryOverride("features: [{ name: account.y, entity: account, aggregate: sum, window: 9d, source: { topic: transactions, value: amount }, description: bad window }]")).toThrow(/unknown window 9d/);
  });
});
