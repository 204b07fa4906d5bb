import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../schemas/examples.ts';
import { checkAdmission, type AdmissionFacts } from './admission.ts';
import { loadDecisionConfig } from './config.ts';

const c = loadDecisionConfig().admission;
const clean: AdmissionFacts = { identity: EXAMPLES.applications.identity, bureauScore: 712, yearsInBusiness: 7.5, lists: {} };
const codes = (f: AdmissionFacts) => checkAdmission(f, c).reasons.map((r) => r.code);

describe('admission', () => {
  it('passes a clean application', () => {
    expect(checkAdmission(clean, c)).toEqual({ passed: true, reasons: [] });
  });

  it('rejects each identity-verification failure', () => {
    expect(codes({ ...clean, identity: { ...clean.identity, livenessPassed: false } })).toEqual(['ID_LIVENESS_FAILED']);
    expect(codes({ ...clean, identity: { ...clean.identity, idDocumentValid: false } })).toEqual(['ID_DOCUMENT_INVALID']);
    const low = checkAdmission({ ...clean, identity: { ...clean.identity, faceMatchScore: 0.59 } }, c);
    expect(low.reasons).toEqual([expect.objectContaining({ code: 'FACE_MATCH_LOW', value: 0.59, threshold: c.identity.minFaceMatchScore })]);
  });

  it('accepts a face match exactly at the minimum', () => {
    expect(codes({ ...clean, identity: { ...clean.identity, faceMatchScore: c.identity.minFaceMatchScore } })).toEqual([]);
  });

  it('rejects an SMS failure only when the policy requires SMS', () => {
    const facts = { ...clean, identity: { ...clean.identity, smsVerified: false } };
    expect(codes(facts)).toEqual([]);
    expect(checkAdmission(facts, { ...c, identity: { ...c.identity, requireSmsVerified: true } }).reasons.map((r) => r.code)).toEqual(['SMS_NOT_VERIFIED']);
  });

  it('rejects hits on the configured blacklists only', () => {
    expect(codes({ ...clean, lists: { device_black: true, person_grey: true } })).toEqual(['LIST_HIT']);
    expect(codes({ ...clean, lists: { person_grey: true, device_black: false } })).toEqual([]);
    expect(codes({ ...clean, lists: { enterprise_black: 2 } })).toEqual(['LIST_HIT']);
  });

  it('applies the hard policy: enterprise age, bureau floor, listings', () => {
    const p = c.hardPolicy;
    expect(codes({ ...clean, yearsInBusiness: p.minYearsInBusiness - 0.1 })).toEqual(['ENTERPRISE_TOO_YOUNG']);
    expect(codes({ ...clean, yearsInBusiness: p.minYearsInBusiness })).toEqual([]);
    expect(codes({ ...clean, yearsInBusiness: null })).toEqual([]);
    expect(codes({ ...clean, bureauScore: p.minBureauScore - 1 })).toEqual(['BUREAU_SCORE_BELOW_FLOOR']);
    expect(codes({ ...clean, bureauScore: p.minBureauScore })).toEqual([]);
    expect(codes({ ...clean, bureauScore: null })).toEqual([]);
    expect(checkAdmission({ ...clean, bureauScore: null }, { ...c, hardPolicy: { ...p, rejectNoBureauFile: true } }).passed).toBe(false);
    expect(codes({ ...clean, dishonestDebtor: true, abnormalOperation: true })).toEqual(['DISHONEST_DEBTOR', 'ABNORMAL_OPERATION']);
  });

  it('adds reasons of rule hits with action reject, unless turned off', () => {
    const ruleRejects = [{ code: 'ID_LIVENESS_FAILED_RULE', description: 'from a rule', value: 'app.x' }];
    expect(codes({ ...clean, ruleRejects })).toEqual(['ID_LIVENESS_FAILED_RULE']);
    expect(checkAdmission({ ...clean, ruleRejects }, { ...c, rejectOnRuleAction: false }).passed).toBe(true);
  });

  it('reports every failure, not just the first', () => {
    const all: AdmissionFacts = { ...clean, identity: { ...clean.identity, livenessPassed: false, faceMatchScore: 0.1 }, lists: { phone_black: true }, bureauScore: 300 };
    expect(codes(all)).toEqual(['ID_LIVENESS_FAILED', 'FACE_MATCH_LOW', 'LIST_HIT', 'BUREAU_SCORE_BELOW_FLOOR']);
  });
});
