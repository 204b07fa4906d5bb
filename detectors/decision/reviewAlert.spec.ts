import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../schemas/examples.ts';
import { DECISION_TIERS, type Decision } from '../../schemas/topics/outputs.ts';
import { describeIssues, validateEvent } from '../../schemas/validator.ts';
import { reviewAlert } from './reviewAlert.ts';

const RAISED_AT = '2026-03-02T01:32:11.250Z';
const decision = (overrides: Partial<Decision>): Decision => ({ ...EXAMPLES.decisions, final: false, ...overrides });
const input = (d: Decision) => ({ decision: d, sourceEventId: 'app-20260302-7f3c91', requestedAmount: 800_000, raisedAt: RAISED_AT });

describe('reviewAlert', () => {
  it('raises an alert only for the tiers a person decides', () => {
    const raised = DECISION_TIERS.filter((tier) => reviewAlert(input(decision({ tier }))) !== null);
    expect(raised).toEqual(['manual_review', 'careful_review']);
  });

  it('makes a contract-valid credit_review alert on the application, careful review the more severe', () => {
    const manual = reviewAlert(input(decision({ tier: 'manual_review' })))!;
    const careful = reviewAlert(input(decision({ tier: 'careful_review' })))!;
    for (const r of [manual, careful]) {
      const check = validateEvent('alerts', r.alert);
      expect(check.ok, check.ok ? '' : describeIssues(check.issues)).toBe(true);
    }
    expect(manual.alert).toMatchObject({
      signal: 'credit_review', severity: 'medium', applicationId: EXAMPLES.decisions.applicationId, enterpriseId: EXAMPLES.decisions.enterpriseId,
      probabilityOfDefault: EXAMPLES.decisions.probabilityOfDefault, exposure: EXAMPLES.decisions.suggestedLimit,
      sourceEventId: 'app-20260302-7f3c91', raisedAt: RAISED_AT, eventTime: EXAMPLES.decisions.eventTime,
    });
    expect(manual.alert.loanId).toBeUndefined();
    expect(careful.alert.severity).toBe('high');
  });

  it('says why in plain words: the tier first, then the decision\u2019s own reasons', () => {
    const { alert } = reviewAlert(input(decision({ tier: 'careful_review', creditScore: 541 })))!;
    expect(alert.why[0]).toMatchObject({ code: 'CREDIT_REVIEW', value: 'careful_review' });
    expect(alert.why[0]?.description).toContain('careful review (credit score 541)');
    expect(alert.why.slice(1).map((r) => r.code)).toEqual(EXAMPLES.decisions.reasons.map((r) => r.code));
  });

  it('takes the requested amount as exposure when no limit is suggested', () => {
    expect(reviewAlert(input(decision({ tier: 'manual_review', suggestedLimit: 0 })))!.alert.exposure).toBe(800_000);
    expect(reviewAlert({ ...input(decision({ tier: 'manual_review', suggestedLimit: 0 })), requestedAmount: undefined })!.alert.exposure).toBeUndefined();
  });

  it('is deterministic per decision (a redelivered application gives the same alert) and one per application in the queue', () => {
    const a = reviewAlert(input(decision({ tier: 'manual_review' })))!;
    const b = reviewAlert(input(decision({ tier: 'manual_review' })))!;
    expect(b.alert.alertId).toBe(a.alert.alertId);
    expect(a.dedupKey).toBe(`app:${EXAMPLES.decisions.applicationId}|credit_review`);
    const other = reviewAlert(input(decision({ tier: 'manual_review', decisionId: 'DEC-2026-0302-000999', applicationId: 'APP-2026-0302-000999' })))!;
    expect(other.alert.alertId).not.toBe(a.alert.alertId);
  });
});
