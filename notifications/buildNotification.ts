/**
 * Decision notifications (schemas/topics/notification.ts) from final decisions: an automatic
 * approval or rejection, a decision record made final after a person reviewed it, or a review
 * that confirmed fraud on a pending application. The text is assembled only from the fixed
 * customer reasons and messages of customerReasons.ts; figures given are the offer's own
 * (limit, rate), never a score.
 */
import type { Decision } from '../schemas/topics/outputs.ts';
import type { DecisionNotification } from '../schemas/topics/notification.ts';
import { validateEvent, describeIssues } from '../schemas/validator.ts';
import { FengkongError } from '../lib/errors.ts';
import { approvalReasons, CUSTOMER_REASONS, declineReasons, MESSAGES, PRODUCT_NAMES, type CustomerReason, type Localised } from './customerReasons.ts';

/** The application facts a notification needs (a Decision has them all). */
export type DecidedApplication = Pick<Decision, 'applicationId' | 'enterpriseId' | 'product'>;

const AUTOMATIC_TIERS: ReadonlySet<string> = new Set(['auto_approve', 'auto_reject']);
const idOf = (applicationId: string): string => `ntf-${applicationId}`.slice(0, 128);

const productName = (product: string): Localised => PRODUCT_NAMES[product] ?? { zh: product, en: product };
const cny = (x: number): string => `¥${Math.round(x).toLocaleString('en-US')}`;
const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

function fill(template: Localised, values: { product: Localised; limit?: number; rate?: number }): Localised {
  const put = (text: string, lang: 'zh' | 'en') => text
    .replaceAll('{product}', values.product[lang])
    .replaceAll('{limit}', values.limit === undefined ? '' : cny(values.limit))
    .replaceAll('{rate}', values.rate === undefined ? '' : pct(values.rate));
  return { zh: put(template.zh, 'zh'), en: put(template.en, 'en') };
}

const texts = (reasons: readonly CustomerReason[]): Localised[] => reasons.map((r) => ({ ...CUSTOMER_REASONS[r] }));

/** Checks the built event against the topic contract; a broken one is a bug, not a retry. */
function checked(n: DecisionNotification): DecisionNotification {
  const result = validateEvent('decision-notifications', n);
  if (!result.ok) throw new FengkongError('fengkong:invalid-notification', `notification for ${n.applicationId} breaks its contract: ${describeIssues(result.issues)}`);
  return n;
}

/**
 * The notification of a decision, or null while it is not final (a manual review is pending).
 * A final decision in a review tier is the reviewer's: approved when it grants a limit.
 */
export function notificationOfDecision(decision: Decision): DecisionNotification | null {
  if (!decision.final) return null;
  const automatic = AUTOMATIC_TIERS.has(decision.tier);
  const approved = automatic ? decision.tier === 'auto_approve' && decision.suggestedLimit > 0 : decision.suggestedLimit > 0;
  const product = productName(decision.product);
  const codes = decision.reasons.map((r) => r.code);
  const base = {
    eventId: idOf(decision.applicationId),
    schemaVersion: 1 as const,
    eventTime: decision.eventTime,
    source: 'fengkong-notifier',
    notificationId: idOf(decision.applicationId),
    applicationId: decision.applicationId,
    enterpriseId: decision.enterpriseId,
    decidedBy: automatic ? ('automatic' as const) : ('manual_review' as const),
    decidedAt: decision.eventTime,
    product: decision.product,
    productName: { ...product },
  };
  if (approved) {
    return checked({
      ...base,
      outcome: 'approved',
      offer: { limit: decision.suggestedLimit, annualRate: decision.suggestedAnnualRate },
      message: fill(MESSAGES.approved, { product, limit: decision.suggestedLimit, rate: decision.suggestedAnnualRate }),
      reasons: texts(approvalReasons(codes)),
    });
  }
  return checked({ ...base, outcome: 'declined', message: fill(MESSAGES.declined, { product }), reasons: texts(declineReasons(codes)) });
}

/** A pending application with the offer its decision record suggested (what a reviewer approves). */
export type ReviewedApplication = DecidedApplication & Pick<Decision, 'suggestedLimit' | 'suggestedAnnualRate'>;

/**
 * The notification of a credit officer's verdict on a manual or careful review: approved with
 * the decision's suggested offer, or declined with the general credit reason (the officer's
 * reasoning is internal). A confirmed fraud goes through notificationOfFraudReview instead.
 */
export function notificationOfReviewVerdict(application: ReviewedApplication, verdict: 'approved' | 'declined', decidedAt: string): DecisionNotification {
  const product = productName(application.product);
  const base = {
    eventId: idOf(application.applicationId),
    schemaVersion: 1 as const,
    eventTime: decidedAt,
    source: 'fengkong-notifier',
    notificationId: idOf(application.applicationId),
    applicationId: application.applicationId,
    enterpriseId: application.enterpriseId,
    decidedBy: 'manual_review' as const,
    decidedAt,
    product: application.product,
    productName: { ...product },
  };
  if (verdict === 'approved' && application.suggestedLimit > 0) {
    return checked({
      ...base,
      outcome: 'approved',
      offer: { limit: application.suggestedLimit, annualRate: application.suggestedAnnualRate },
      message: fill(MESSAGES.approved, { product, limit: application.suggestedLimit, rate: application.suggestedAnnualRate }),
      reasons: [],
    });
  }
  return checked({ ...base, outcome: 'declined', message: fill(MESSAGES.declined, { product }), reasons: texts(['overall']) });
}

/**
 * The notification when a reviewer confirmed fraud on a pending application: declined, worded as
 * a verification failure (customerReasons.ts explains why).
 */
export function notificationOfFraudReview(application: DecidedApplication, decidedAt: string): DecisionNotification {
  const product = productName(application.product);
  return checked({
    eventId: idOf(application.applicationId),
    schemaVersion: 1,
    eventTime: decidedAt,
    source: 'fengkong-notifier',
    notificationId: idOf(application.applicationId),
    applicationId: application.applicationId,
    enterpriseId: application.enterpriseId,
    outcome: 'declined',
    decidedBy: 'manual_review',
    decidedAt,
    product: application.product,
    productName: { ...product },
    message: fill(MESSAGES.declined, { product }),
    reasons: texts(['information_not_verified']),
  });
}
