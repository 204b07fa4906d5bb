/**
 * Reason codes the decision and early-warning logic emit, each with the plain-words text a
 * credit officer or collector reads. Rule hits add the rule set's own codes next to these.
 */
import type { Static } from '@sinclair/typebox';
import type { ReasonCode } from '../../schemas/common.ts';

export type Reason = Static<typeof ReasonCode>;

export const DECISION_REASONS = {
  ID_LIVENESS_FAILED: 'Liveness check failed during identity verification',
  FACE_MATCH_LOW: 'Face does not match the ID photo closely enough',
  ID_DOCUMENT_INVALID: 'ID number and name could not be verified with the public-security register',
  SMS_NOT_VERIFIED: 'Mobile number was not verified by SMS',
  LIST_HIT: 'Applicant, enterprise, device, phone or IP is on a blacklist',
  ENTERPRISE_TOO_YOUNG: 'Enterprise has been in business for less than the policy minimum',
  BUREAU_SCORE_BELOW_FLOOR: 'Credit bureau score is below the policy floor',
  NO_BUREAU_FILE: 'Credit bureau has no file on the enterprise',
  DISHONEST_DEBTOR: 'Enterprise is on the dishonest-debtor list',
  ABNORMAL_OPERATION: 'Enterprise is on the abnormal-operations list',
  FRAUD_SCORE_REJECT: 'Application fraud score is at or above the auto-reject level',
  FRAUD_SCORE_HIGH: 'Application fraud score calls for careful review',
  FRAUD_MODEL_UNAVAILABLE: 'Application fraud score is unavailable; a person must review',
  RULE_REVIEW: 'A risk rule asked for manual review',
  PD_MODEL_UNAVAILABLE: 'Default-probability model is unavailable; score from the bureau only',
  NO_CREDIT_SCORE: 'Neither the default-probability model nor the bureau gave a score',
  CREDIT_SCORE_BAND: 'Credit score band',
  DEFAULT_PROBABILITY: 'Predicted probability of default within the performance window',
  BUREAU_SCORE: 'Credit bureau score used in the blended credit score',
  LIMIT_PRODUCT_CAP: 'Limit capped by the product policy cap',
  LIMIT_REVENUE: 'Limit capped by revenue (annualised invoice sales times the tier factor)',
  LIMIT_DECLARED_REVENUE: 'Limit capped by declared revenue after a haircut (too few months of invoices)',
  LIMIT_NO_REVENUE: 'No invoices or declared revenue: no revenue-based limit',
  LIMIT_ENTERPRISE_EXPOSURE: 'Limit capped by the maximum exposure to one enterprise',
  LIMIT_EXISTING_EXPOSURE: 'Existing exposure uses up the headroom under the caps',
  LIMIT_REQUESTED: 'Limit equals the requested amount',
  RATE_BAND: 'Annual rate from the risk-based pricing table',
} as const;
export type DecisionReasonCode = keyof typeof DECISION_REASONS;

/** A reason with the standard description, plus an optional detail sentence. */
export function reason(code: DecisionReasonCode, value: Reason['value'] = null, threshold: Reason['threshold'] = null, detail?: string): Reason {
  const text = detail ? `${DECISION_REASONS[code]}: ${detail}` : DECISION_REASONS[code];
  return { code, description: text.slice(0, 512), value, threshold };
}
