import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../schemas/examples.ts';
import { validateEvent } from '../../schemas/validator.ts';
import type { RuleHitRecord } from '../rules/ruleSet.ts';
import { loadDecisionConfig } from './config.ts';
import { decide, type DecisionInput } from './decide.ts';
import { creditScore, pdFromScore } from './scorecard.ts';
import { tierForScore } from './tier.ts';

const c = loadDecisionConfig();
const app = EXAMPLES.applications; // bureau 712, working capital, 800,000 requested, declared revenue 14.5m
const input: DecisionInput = {
  application: app,
  decidedAt: '2026-03-02T01:32:11.000Z',
  probabilityOfDefault: 0.004,
  fraudScore: 0.05,
  modelVersions: { default_pd: '1.2.0', application_fraud: '3.0.1' },
  invoices: { months: 12, salesAmount: 12_000_000 },
  existingExposure: 0,
};
const hit = (ruleId: string, action: string, shadow = false): RuleHitRecord => ({
  ruleId, ruleSetVersion: 'default@1', reasonCode: `R_${ruleId.toUpperCase()}`, severity: 'high', points: 10, action, shadow,
});

/** Every decision must satisfy the output contract. */
function decided(i: DecisionInput) {
  const out = decide(i, c);
  const check = validateEvent('decisions', out.decision);
  if (!check.ok) throw new Error(`decision breaks the contract: ${JSON.stringify(check.issues)}`);
  return out;
}

describe('decide', () => {
  it('scores a clean application on the blended scale and prices it', () => {
    const { decision, score, scoreTier } = decided(input);
    const expected = creditScore(0.004, app.bureauScore, c.scorecard).score as number;
    expect(decision.creditScore).toBe(Math.round(expected));
    expect(decision.tier).toBe(tierForScore(expected, c.tiers));
    expect(scoreTier).toBe(decision.tier);
    expect(score.basis).toBe('blended');
    expect(decision).toMatchObject({ admissionPassed: true, probabilityOfDefault: 0.004, fraudScore: 0.05, applicationId: app.applicationId, enterpriseId: app.enterpriseId, ruleSetVersion: 'none' });
    expect(decision.suggestedLimit).toBe(800_000);
    expect(decision.suggestedAnnualRate).toBeGreaterThan(0);
    expect(decision.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['CREDIT_SCORE_BAND', 'DEFAULT_PROBABILITY', 'BUREAU_SCORE']));
    expect(decision.modelVersions).toEqual(input.modelVersions);
  });

  it('is deterministic: ids derive from the application, so a redelivery overwrites', () => {
    expect(decided(input).decision).toEqual(decided(input).decision);
    expect(decided(input).decision.decisionId).toBe(`dec-${app.applicationId}`);
  });

  it('auto-rejects on an admission failure, with the failure as the first reason and no limit or price', () => {
    const bad = { ...app, identity: { ...app.identity, livenessPassed: false } };
    const { decision } = decided({ ...input, application: bad, lists: { device_black: true } });
    expect(decision).toMatchObject({ tier: 'auto_reject', admissionPassed: false, suggestedLimit: 0, suggestedAnnualRate: 0, final: true });
    expect(decision.reasons.slice(0, 2).map((r) => r.code)).toEqual(['ID_LIVENESS_FAILED', 'LIST_HIT']);
  });

  it('auto-rejects at the fraud reject level and caps at careful review from the careful level', () => {
    expect(decided({ ...input, fraudScore: c.fraud.rejectAt }).decision).toMatchObject({ tier: 'auto_reject', admissionPassed: true, suggestedLimit: 0 });
    const careful = decided({ ...input, fraudScore: c.fraud.carefulReviewAt }).decision;
    expect(careful.tier).toBe('careful_review');
    expect(careful.reasons[0]).toMatchObject({ code: 'FRAUD_SCORE_HIGH', value: c.fraud.carefulReviewAt, threshold: c.fraud.carefulReviewAt });
    expect(careful.final).toBe(false);
    // An override never improves a tier: a weak score stays where it was.
    const weak = decided({ ...input, probabilityOfDefault: 0.3, application: { ...app, bureauScore: 460 }, fraudScore: c.fraud.carefulReviewAt }).decision;
    expect(['suggest_reject', 'auto_reject']).toContain(weak.tier);
  });

  it('never approves automatically when a model is unavailable', () => {
    const noFraud = decided({ ...input, fraudScore: null }).decision;
    expect(noFraud.tier).toBe('manual_review');
    expect(noFraud.reasons.map((r) => r.code)).toContain('FRAUD_MODEL_UNAVAILABLE');

    const noPd = decided({ ...input, probabilityOfDefault: null });
    const bureauOnly = creditScore(null, app.bureauScore, c.scorecard).score as number;
    expect(noPd.score.basis).toBe('bureau');
    expect(noPd.decision.creditScore).toBe(Math.round(bureauOnly));
    expect(noPd.decision.probabilityOfDefault).toBeCloseTo(pdFromScore(bureauOnly, c.scorecard), 12);
    expect(['manual_review', 'careful_review', 'suggest_reject', 'auto_reject']).toContain(noPd.decision.tier);
    expect(noPd.decision.reasons.map((r) => r.code)).toContain('PD_MODEL_UNAVAILABLE');

    const nothing = decided({ ...input, probabilityOfDefault: null, application: { ...app, bureauScore: null } }).decision;
    expect(nothing).toMatchObject({ tier: 'manual_review', creditScore: 0, probabilityOfDefault: 1, suggestedAnnualRate: 0, final: false });
    expect(nothing.reasons[0]?.code).toBe('NO_CREDIT_SCORE');
  });

  it('follows acting rule hits: review caps at manual review, reject fails admission; shadow hits change nothing', () => {
    const describe = (id: string) => `Rule ${id} in words`;
    const baseline = decided(input).decision.tier;
    const shadowOnly = decided({ ...input, rules: { ruleSetVersion: 'default@1', hits: [hit('x', 'reject', true), hit('y', 'review', true)], describe } }).decision;
    expect(shadowOnly.tier).toBe(baseline);
    expect(shadowOnly.ruleSetVersion).toBe('default@1');

    const review = decided({ ...input, rules: { ruleSetVersion: 'default@1', hits: [hit('shared_device', 'review')], describe } }).decision;
    expect(['manual_review', 'careful_review', 'suggest_reject', 'auto_reject']).toContain(review.tier);
    expect(review.reasons).toContainEqual(expect.objectContaining({ code: 'R_SHARED_DEVICE', description: 'Rule shared_device in words' }));

    const reject = decided({ ...input, rules: { ruleSetVersion: 'default@1', hits: [hit('liveness', 'reject')], describe } }).decision;
    expect(reject).toMatchObject({ tier: 'auto_reject', admissionPassed: false });
    expect(reject.reasons[0]?.code).toBe('R_LIVENESS');
  });

  it('keeps at most maxReasons reasons', () => {
    const bad = { ...app, bureauScore: 300, identity: { ...app.identity, livenessPassed: false, idDocumentValid: false, faceMatchScore: 0.1 } };
    const { decision } = decided({ ...input, application: bad, lists: { device_black: true, phone_black: true }, enterprise: { dishonestDebtor: true, abnormalOperation: true } });
    expect(decision.reasons.length).toBe(c.maxReasons);
  });

  it('caps the limit by revenue and existing exposure', () => {
    const small = decided({ ...input, invoices: { months: 12, salesAmount: 1_000_000 } });
    expect(small.limit.binding).toBe('revenue');
    expect(small.decision.suggestedLimit).toBe(Math.floor((1_000_000 * c.limits.revenueFactorByTier[small.decision.tier]) / c.limits.roundDownTo) * c.limits.roundDownTo);
    const exposed = decided({ ...input, existingExposure: c.limits.productCaps.working_capital });
    expect(exposed.decision.suggestedLimit).toBe(0);
    expect(exposed.limit.binding).toBe('existing_exposure');
  });
});
