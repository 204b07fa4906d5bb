/**
 * The credit-review alert of a decision. An application decided `manual_review` or
 * `careful_review` is not final (tier.ts `isFinalTier`): it waits for a credit officer. This
 * alert is how it reaches the manual credit review team's queue (config/routing.yaml routes the
 * `credit_review` signal to `manual_review`), ordered there like every alert by expected loss:
 * the decision's probability of default × the amount at stake (the suggested limit, else the
 * amount requested) × LGD. Careful review is the riskier tier, so it is `high`, manual review
 * `medium`. Pure: the engine raises it beside the decision.
 */
import type { Alert, Decision, DecisionTier } from '../../schemas/topics/outputs.ts';
import type { WarningAlert } from '../warning/alert.ts';
import { tierLabel } from './tier.ts';

/** The tiers a person decides, and the severity of their review alert. */
export const REVIEW_TIERS: Readonly<Partial<Record<DecisionTier, Alert['severity']>>> = { manual_review: 'medium', careful_review: 'high' };

/** Reasons of the decision carried into the alert after the tier's own (Alert `why`, most important first). */
const MAX_DECISION_REASONS = 4;

const ID = /^[A-Za-z0-9_.:-]{1,128}$/;

export interface ReviewAlertInput {
  readonly decision: Decision;
  /** The application event decided (the alert's source event). */
  readonly sourceEventId: string;
  /** Amount the enterprise asked for, CNY: the exposure when the decision suggests no limit. */
  readonly requestedAmount?: number;
  /** Processing time, as for every alert the engine raises. */
  readonly raisedAt: string;
}

/** The alert for a decision a person must take, or null when the decision is automatic. */
export function reviewAlert(input: ReviewAlertInput): WarningAlert | null {
  const { decision } = input;
  const severity = REVIEW_TIERS[decision.tier];
  if (!severity) return null;
  const exposure = decision.suggestedLimit > 0 ? decision.suggestedLimit : input.requestedAmount;
  // The decision id is unique per application, so a redelivered application yields the same alert.
  const tail = `credit_review-${decision.decisionId}`;
  const id = ID.test(`al-${tail}`) ? `al-${tail}` : `al-credit_review-${decision.applicationId}`.slice(0, 128);
  const alert: Alert = {
    eventId: id,
    schemaVersion: 1,
    eventTime: decision.eventTime,
    source: 'fengkong-decision',
    alertId: id,
    signal: 'credit_review',
    severity,
    applicationId: decision.applicationId,
    enterpriseId: decision.enterpriseId,
    probabilityOfDefault: decision.probabilityOfDefault,
    ...(exposure !== undefined && exposure > 0 ? { exposure } : {}),
    sourceEventId: input.sourceEventId,
    why: [
      {
        code: 'CREDIT_REVIEW',
        description: `Decision tier is ${tierLabel(decision.tier)} (credit score ${decision.creditScore}): a credit officer decides`,
        value: decision.tier,
      },
      ...decision.reasons.slice(0, MAX_DECISION_REASONS),
    ],
    raisedAt: input.raisedAt,
  };
  // One review per application: the queue's open key for it is the same `app:<id>|credit_review`.
  return { alert, dedupKey: `app:${decision.applicationId}|credit_review`, cooldownSeconds: 0 };
}
