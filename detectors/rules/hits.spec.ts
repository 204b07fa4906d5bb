import { describe, expect, it } from 'vitest';
import { actingHits, actingPoints, reasonsFromHits, strongestAction } from './hits.ts';
import { listContext } from './listContext.ts';
import type { RuleHitRecord } from './ruleSet.ts';

const hit = (ruleId: string, action: string, severity: RuleHitRecord['severity'], points: number, shadow = false): RuleHitRecord => ({
  ruleId, ruleSetVersion: 'demo@1', reasonCode: ruleId.toUpperCase(), severity, points, action, shadow,
});

describe('rule hits', () => {
  const hits = [hit('r_review', 'review', 'medium', 20), hit('r_shadow_reject', 'reject', 'critical', 100, true), hit('r_alert', 'alert', 'high', 30), hit('r_info', 'none', 'info', 1)];

  it('never lets shadow hits act', () => {
    expect(actingHits(hits).map((h) => h.ruleId)).toEqual(['r_review', 'r_alert', 'r_info']);
    expect(strongestAction(hits)).toBe('review');
    expect(actingPoints(hits)).toBe(51);
  });

  it('ranks reject over review over alert over approve over none', () => {
    expect(strongestAction([hit('a', 'approve', 'low', 0), hit('b', 'none', 'low', 0)])).toBe('approve');
    expect(strongestAction([hit('a', 'alert', 'low', 0), hit('b', 'approve', 'low', 0)])).toBe('alert');
    expect(strongestAction([hit('a', 'review', 'low', 0), hit('b', 'reject', 'low', 0)])).toBe('reject');
    expect(strongestAction([hit('a', 'reject', 'low', 0, true)])).toBeNull();
    expect(strongestAction([])).toBeNull();
  });

  it('turns acting hits into reasons, most severe first, with the rule description', () => {
    const reasons = reasonsFromHits(hits, (id) => (id === 'r_alert' ? 'Something alarming' : undefined), 2);
    expect(reasons).toEqual([
      { code: 'R_ALERT', description: 'Something alarming', value: 'r_alert', contribution: 30 },
      { code: 'R_REVIEW', description: 'rule r_review', value: 'r_review', contribution: 20 },
    ]);
  });
});

describe('listContext', () => {
  it('exposes kind_color, field_color and color counts', () => {
    const ctx = listContext([
      { kind: 'device', list: 'black', field: 'deviceId' },
      { kind: 'person', list: 'grey', field: 'applicant.idNumber' },
      { kind: 'phone', list: 'grey', field: 'declaredCompanyPhone' },
    ]);
    expect(ctx).toEqual({
      device_black: true, deviceId_black: true, black: 1,
      person_grey: true, applicant_idNumber_grey: true, grey: 2,
      phone_grey: true, declaredCompanyPhone_grey: true,
    });
    expect(listContext([])).toEqual({});
  });
});
