import { describe, expect, it } from 'vitest';
import { loadRuleSetOrThrow } from '../detectors/rules/load.ts';
import { contextOf } from './backtest.ts';

describe('contextOf', () => {
  const ctx = contextOf({ kind: 'x' }, { 'graph.guaranteeCircle': 1, 'graph.registryPhoneKnown': 0, 'graph.linkedGroupSize': 4, 'lists.device_black': 1, 'enterprise.app_count_30d': 2, 'enterprise.gap': null }, { application_fraud: 0.4 });

  it('turns graph signals back into the types the rules read: booleans from 0/1, numbers as they are', () => {
    expect(ctx.graph).toEqual({ guaranteeCircle: true, registryPhoneKnown: false, linkedGroupSize: 4 });
  });

  it('reads list hits under lists.* and keeps every snapshot value as a feature', () => {
    expect(ctx.lists).toEqual({ device_black: 1 });
    expect(ctx.features).toMatchObject({ 'enterprise.app_count_30d': 2, 'enterprise.gap': null, 'graph.linkedGroupSize': 4 });
    expect(ctx.models).toEqual({ application_fraud: 0.4 });
  });

  it('lets a bare boolean graph condition fire on a stored 1', () => {
    const set = loadRuleSetOrThrow(
      'ruleSet: t\nversion: "1"\nmode: active\nappliesTo: [applications]\nrules:\n  - id: circle\n    description: circle\n    when: graph.guaranteeCircle\n    severity: low\n    points: 1\n    action: review\n    reasonCode: CIRCLE\n',
      't.yaml',
    );
    expect(set.evaluate(ctx, 'applications').hits.map((h) => h.ruleId)).toEqual(['circle']);
    expect(set.evaluate(contextOf({}, { 'graph.guaranteeCircle': 0 }, {}), 'applications').hits).toEqual([]);
  });
});
