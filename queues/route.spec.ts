import { describe, expect, it } from 'vitest';
import { loadRoutingConfig } from './config.ts';
import { expectedLossOf, priorityOf } from './priority.ts';
import { openKeyOf, routeAlert, teamFor } from './route.ts';
import { makeAlert } from './testing/fixtures.ts';
import { reviewAlert } from '../detectors/decision/reviewAlert.ts';
import { EXAMPLES } from '../schemas/examples.ts';
import { DECISION_TIERS } from '../schemas/topics/outputs.ts';

const config = loadRoutingConfig();

describe('teamFor (config/routing.yaml)', () => {
  const cases: Array<[string, Parameters<typeof makeAlert>[0], string]> = [
    ['transaction fraud', { signal: 'transaction_fraud', daysPastDue: 40 }, 'fraud_investigation'],
    ['critical transfer to a related party', { signal: 'related_party_transfer', severity: 'critical', daysPastDue: 0 }, 'fraud_investigation'],
    ['a high transfer to a related party, not yet late', { signal: 'related_party_transfer', severity: 'high', daysPastDue: 0 }, 'pre_delinquency'],
    ['an application-level alert', { signal: 'high_default_probability', loanId: undefined, applicationId: 'APP-1', daysPastDue: undefined }, 'manual_review'],
    ['91 days past due', { daysPastDue: 91 }, 'legal'],
    ['90 days past due', { daysPastDue: 90 }, 'late_collection'],
    ['31 days past due', { daysPastDue: 31 }, 'late_collection'],
    ['30 days past due', { daysPastDue: 30 }, 'early_collection'],
    ['1 day past due', { daysPastDue: 1 }, 'early_collection'],
    ['current loan', { signal: 'inflow_collapse', daysPastDue: 0 }, 'pre_delinquency'],
    ['days past due unknown', { signal: 'new_lawsuit', daysPastDue: undefined }, 'pre_delinquency'],
  ];
  for (const [name, overrides, team] of cases) {
    it(`sends ${name} to ${team}`, () => {
      expect(teamFor(makeAlert(overrides), config).team).toBe(team);
    });
  }
});

describe('manual credit review', () => {
  it('receives the review alert of every manual_review and careful_review decision, and nothing from the other tiers', () => {
    const routed = DECISION_TIERS.map((tier) => {
      const review = reviewAlert({ decision: { ...EXAMPLES.decisions, tier }, sourceEventId: EXAMPLES.applications.eventId, raisedAt: '2026-03-02T01:32:11.000Z' });
      return review ? [tier, routeAlert({ alert: review.alert, dedupKey: review.dedupKey, cooldownSeconds: review.cooldownSeconds }, config).team] : [tier, null];
    });
    expect(routed).toEqual([
      ['auto_approve', null], ['suggest_pass', null], ['manual_review', 'manual_review'], ['careful_review', 'manual_review'], ['suggest_reject', null], ['auto_reject', null],
    ]);
  });

  it('orders reviews by expected loss: the larger exposure at the same PD first', () => {
    const at = (suggestedLimit: number) => routeAlert({ alert: reviewAlert({ decision: { ...EXAMPLES.decisions, tier: 'manual_review', suggestedLimit }, sourceEventId: 'app-1', raisedAt: '2026-03-02T01:32:11.000Z' })!.alert }, config);
    // 0.046 × 600,000 × 0.45 = 12,420 CNY; medium weighs 2.
    expect(at(600_000)).toMatchObject({ team: 'manual_review', rule: 'manual credit review (manual and careful review tiers)', expectedLoss: 12_420, priority: 24_840 });
    expect(at(1_200_000).priority).toBeGreaterThan(at(600_000).priority);
  });
});

describe('priority', () => {
  it('is expected loss (PD × exposure × LGD) times the severity weight', () => {
    const a = makeAlert({ severity: 'high', probabilityOfDefault: 0.2, exposure: 500_000 });
    // 0.2 × 500,000 × 0.45 = 45,000 CNY; high weighs 4.
    expect(expectedLossOf(a, config)).toBe(45_000);
    expect(priorityOf(a, config)).toBe(180_000);
  });

  it('uses the severity\u2019s fallback PD when the alert carries none', () => {
    const a = makeAlert({ severity: 'critical', probabilityOfDefault: undefined, exposure: 100_000 });
    // 0.4 × 100,000 × 0.45 = 18,000; critical weighs 8.
    expect(priorityOf(a, config)).toBe(144_000);
  });

  it('orders alerts without exposure by severity alone (minimum expected loss)', () => {
    const low = priorityOf(makeAlert({ severity: 'low', exposure: undefined }), config);
    const critical = priorityOf(makeAlert({ severity: 'critical', exposure: undefined }), config);
    expect([low, critical]).toEqual([100, 800]);
  });
});

describe('routeAlert', () => {
  it('keys the open alert by subject and signal, and takes the detector\u2019s dedup key and cooldown', () => {
    const a = makeAlert({ loanId: 'LN-9', signal: 'missed_payment', daysPastDue: 3 });
    const routed = routeAlert({ alert: a, dedupKey: 'LN-9|missed_payment|i4', cooldownSeconds: 60 }, config);
    expect(routed).toMatchObject({ team: 'early_collection', rule: 'early arrears', openKey: 'LN-9|missed_payment', dedupKey: 'LN-9|missed_payment|i4', cooldownSeconds: 60, slaSeconds: 240 * 60 });
  });

  it('falls back to the open key and the configured cooldown', () => {
    const routed = routeAlert({ alert: makeAlert({ loanId: 'LN-8', signal: 'inflow_collapse', daysPastDue: 0 }) }, config);
    expect(routed).toMatchObject({ team: 'pre_delinquency', rule: null, dedupKey: 'LN-8|inflow_collapse', cooldownSeconds: 168 * 3600 });
  });

  it('names enterprise and application subjects as detectors/warning does', () => {
    expect(openKeyOf(makeAlert({ loanId: undefined, enterpriseId: '91350100M000100Y43', signal: 'new_listing' }))).toBe('ent:91350100M000100Y43|new_listing');
    expect(openKeyOf(makeAlert({ loanId: undefined, applicationId: 'APP-7', signal: 'application_fraud' }))).toBe('app:APP-7|application_fraud');
  });
});
