/**
 * Admission: the checks that reject an application before any score matters — failed identity
 * verification, a blacklist hit, hard policy (enterprise age, bureau floor, public listings) and
 * acting rule hits whose action is `reject`. Every failure is reported, not just the first.
 */
import type { Static } from '@sinclair/typebox';
import type { IdentityVerification } from '../../schemas/topics/application.ts';
import type { DecisionConfig } from './config.ts';
import { reason, type Reason } from './reasonCodes.ts';

export interface AdmissionFacts {
  readonly identity: Static<typeof IdentityVerification>;
  readonly bureauScore: number | null;
  /** Years in business when known. */
  readonly yearsInBusiness?: number | null;
  /** List hits by list name (the rules engine's `lists.*`). */
  readonly lists?: Readonly<Record<string, unknown>>;
  readonly dishonestDebtor?: boolean;
  readonly abnormalOperation?: boolean;
  /** Reasons of acting rule hits with action `reject`. */
  readonly ruleRejects?: readonly Reason[];
}

export interface AdmissionResult {
  readonly passed: boolean;
  readonly reasons: Reason[];
}

/** A list counts as hit when its value is `true` or a positive count. */
export const isListHit = (v: unknown): boolean => v === true || (typeof v === 'number' && v > 0);

export function checkAdmission(f: AdmissionFacts, c: DecisionConfig['admission']): AdmissionResult {
  const reasons: Reason[] = [];
  const id = f.identity;
  if (c.identity.requireLiveness && !id.livenessPassed) reasons.push(reason('ID_LIVENESS_FAILED', 'failed', 'passed'));
  // Strictly below the threshold fails: a score exactly at 0.6 passes a 0.6 minimum.
  if (id.faceMatchScore < c.identity.minFaceMatchScore) reasons.push(reason('FACE_MATCH_LOW', id.faceMatchScore, c.identity.minFaceMatchScore));
  if (c.identity.requireIdDocumentValid && !id.idDocumentValid) reasons.push(reason('ID_DOCUMENT_INVALID', 'not verified', 'verified'));
  if (c.identity.requireSmsVerified && !id.smsVerified) reasons.push(reason('SMS_NOT_VERIFIED', 'not verified', 'verified'));

  for (const list of c.blacklists) {
    if (isListHit(f.lists?.[list])) reasons.push(reason('LIST_HIT', list, null, `on ${list.replaceAll('_', ' ')}`));
  }

  const p = c.hardPolicy;
  if (f.yearsInBusiness !== undefined && f.yearsInBusiness !== null && f.yearsInBusiness < p.minYearsInBusiness) {
    reasons.push(reason('ENTERPRISE_TOO_YOUNG', f.yearsInBusiness, p.minYearsInBusiness, `${f.yearsInBusiness} years`));
  }
  if (f.bureauScore === null) {
    if (p.rejectNoBureauFile) reasons.push(reason('NO_BUREAU_FILE'));
  } else if (f.bureauScore < p.minBureauScore) {
    reasons.push(reason('BUREAU_SCORE_BELOW_FLOOR', f.bureauScore, p.minBureauScore));
  }
  if (p.rejectDishonestDebtor && f.dishonestDebtor) reasons.push(reason('DISHONEST_DEBTOR', 'listed', null));
  if (p.rejectAbnormalOperation && f.abnormalOperation) reasons.push(reason('ABNORMAL_OPERATION', 'listed', null));
  if (c.rejectOnRuleAction) reasons.push(...(f.ruleRejects ?? []));
  return { passed: reasons.length === 0, reasons };
}
