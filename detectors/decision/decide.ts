/**
 * The credit decision for an application, as a pure function of what the detectors saw:
 *
 * 1. admission (identity, blacklists, hard policy, rule rejects) → auto-reject with reasons;
 * 2. credit score: the PD model on the scorecard scale blended with the bureau score;
 * 3. tier from the cut-offs, then overrides that can only make it more cautious: application
 *    fraud score, rules asking for review, a missing model;
 * 4. suggested limit and risk-based rate.
 *
 * "Unknown" is handled explicitly (convention 5): a missing PD or fraud score never approves
 * automatically.
 */
import type { LoanApplication } from '../../schemas/topics/application.ts';
import type { Decision, DecisionTier } from '../../schemas/topics/outputs.ts';
import type { RuleHitRecord } from '../rules/ruleSet.ts';
import { actingHits, reasonsFromHits } from '../rules/hits.ts';
import { checkAdmission } from './admission.ts';
import type { DecisionConfig } from './config.ts';
import { suggestLimit, type InvoiceSales, type LimitResult } from './limit.ts';
import { suggestRate, type RateResult } from './pricing.ts';
import { reason, type Reason } from './reasonCodes.ts';
import { creditScore, pdFromScore, type CreditScore } from './scorecard.ts';
import { isFinalTier, tierForScore, tierLabel, tierRange, worseTier } from './tier.ts';

export interface DecisionInput {
  readonly application: LoanApplication;
  /** Processing time of the decision (ISO-8601); passed in so the function stays pure. */
  readonly decidedAt: string;
  /** Champion PD model output; null when the model failed. */
  readonly probabilityOfDefault: number | null;
  /** Application-fraud model output (0-1); null when the model failed. */
  readonly fraudScore: number | null;
  readonly modelVersions?: Readonly<Record<string, string>>;
  /** Top feature reasons from the models (detectors/models/reasons.ts). */
  readonly modelReasons?: readonly Reason[];
  /** List hits by list name. */
  readonly lists?: Readonly<Record<string, unknown>>;
  /** Enterprise facts from the graph and enterprise updates. */
  readonly enterprise?: {
    readonly yearsInBusiness?: number | null;
    readonly dishonestDebtor?: boolean;
    readonly abnormalOperation?: boolean;
  };
  readonly invoices?: InvoiceSales | null;
  /** Outstanding principal the enterprise already owes, CNY. */
  readonly existingExposure?: number;
  /** The rule evaluation of this application; `describe` gives a rule's plain-words description. */
  readonly rules?: {
    readonly ruleSetVersion: string;
    readonly hits: readonly RuleHitRecord[];
    readonly describe?: (ruleId: string) => string | undefined;
  };
}

/** The decision and the intermediate figures behind it (for logs and the review screen). */
export interface DecisionOutcome {
  readonly decision: Decision;
  readonly admissionReasons: readonly Reason[];
  readonly score: CreditScore;
  /** Tier from the score alone, before overrides. */
  readonly scoreTier: DecisionTier;
  readonly limit: LimitResult;
  readonly rate: RateResult;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const idFrom = (prefix: string, id: string) => `${prefix}${id}`.slice(0, 128);

export function decide(input: DecisionInput, c: DecisionConfig): DecisionOutcome {
  const app = input.application;
  const describe = input.rules?.describe ?? (() => undefined);
  const hits = input.rules?.hits ?? [];
  const acting = actingHits(hits);
  const ruleRejects = reasonsFromHits(acting.filter((h) => h.action === 'reject'), describe, 20);
  const ruleReviews = reasonsFromHits(acting.filter((h) => h.action === 'review'), describe, 20);

  // 1. Admission.
  const admission = checkAdmission(
    {
      identity: app.identity,
      bureauScore: app.bureauScore,
      yearsInBusiness: input.enterprise?.yearsInBusiness ?? app.enterprise?.yearsInBusiness ?? null,
      lists: input.lists ?? {},
      dishonestDebtor: input.enterprise?.dishonestDebtor ?? false,
      abnormalOperation: input.enterprise?.abnormalOperation ?? false,
      ruleRejects,
    },
    c.admission,
  );

  // 2. Credit score.
  const pd = input.probabilityOfDefault === null ? null : clamp01(input.probabilityOfDefault);
  const score = creditScore(pd, app.bureauScore, c.scorecard);
  const scoreReasons: Reason[] = [];
  const overrideReasons: Reason[] = [];

  // 3. Tier and overrides.
  let tier: DecisionTier;
  let scoreTier: DecisionTier;
  if (score.score === null) {
    scoreTier = 'manual_review';
    tier = 'manual_review';
    overrideReasons.push(reason('NO_CREDIT_SCORE'));
  } else {
    scoreTier = tierForScore(score.score, c.tiers);
    tier = scoreTier;
    const range = tierRange(scoreTier, c.tiers);
    const span = range.to === null ? `${range.from} and above` : range.from === null ? `below ${range.to}` : `${range.from} to ${range.to - 1}`;
    scoreReasons.push(reason('CREDIT_SCORE_BAND', Math.round(score.score), range.from ?? range.to, `${Math.round(score.score)} is in the ${tierLabel(scoreTier)} band (${span})`));
    if (pd !== null) scoreReasons.push(reason('DEFAULT_PROBABILITY', Number(pd.toFixed(6)), null, pct(pd)));
    if (score.bureauPoints !== null && app.bureauScore !== null) scoreReasons.push(reason('BUREAU_SCORE', app.bureauScore, c.admission.hardPolicy.minBureauScore));
  }
  if (pd === null) {
    tier = worseTier(tier, 'manual_review');
    if (score.score !== null) overrideReasons.push(reason('PD_MODEL_UNAVAILABLE'));
  }
  if (input.fraudScore === null) {
    tier = worseTier(tier, 'manual_review');
    overrideReasons.push(reason('FRAUD_MODEL_UNAVAILABLE'));
  } else if (input.fraudScore >= c.fraud.rejectAt) {
    tier = 'auto_reject';
    overrideReasons.push(reason('FRAUD_SCORE_REJECT', input.fraudScore, c.fraud.rejectAt));
  } else if (input.fraudScore >= c.fraud.carefulReviewAt) {
    tier = worseTier(tier, 'careful_review');
    overrideReasons.push(reason('FRAUD_SCORE_HIGH', input.fraudScore, c.fraud.carefulReviewAt));
  }
  if (ruleReviews.length > 0) {
    tier = worseTier(tier, 'manual_review');
    overrideReasons.push(...ruleReviews);
  }
  if (!admission.passed) tier = 'auto_reject';

  // 4. Limit and rate.
  const limit = suggestLimit(
    {
      product: app.product,
      tier,
      requestedAmount: app.requestedAmount,
      existingExposure: input.existingExposure ?? 0,
      invoices: input.invoices ?? null,
      declaredAnnualRevenue: app.enterprise?.declaredAnnualRevenue ?? null,
    },
    c.limits,
  );
  const rate = suggestRate(app.product, score.score, tier, c.pricing);

  // Top reasons: what decided the tier first, then the score, then the limit and price.
  const ordered = [...admission.reasons, ...overrideReasons, ...scoreReasons, ...(input.modelReasons ?? []), ...limit.reasons, ...rate.reasons];
  const reasons = ordered.slice(0, c.maxReasons);

  const creditScoreInt = score.score === null ? 0 : Math.round(Math.min(1000, Math.max(0, score.score)));
  // Without a model PD the reported PD is the one the score stands for; with no score at all it is 1 (unknown = worst).
  const reportedPd = pd ?? (score.score === null ? 1 : clamp01(pdFromScore(score.score, c.scorecard)));

  const decision: Decision = {
    eventId: idFrom('decision-', app.eventId),
    schemaVersion: 1,
    eventTime: input.decidedAt,
    source: 'fengkong-decision',
    decisionId: idFrom('dec-', app.applicationId),
    applicationId: app.applicationId,
    enterpriseId: app.enterpriseId,
    product: app.product,
    tier,
    admissionPassed: admission.passed,
    creditScore: creditScoreInt,
    probabilityOfDefault: reportedPd,
    fraudScore: input.fraudScore === null ? 0 : clamp01(input.fraudScore),
    suggestedLimit: limit.limit,
    suggestedAnnualRate: rate.rate,
    ruleSetVersion: (input.rules?.ruleSetVersion ?? 'none').slice(0, 64),
    modelVersions: { ...(input.modelVersions ?? {}) },
    reasons,
    final: isFinalTier(tier),
  };
  return { decision, admissionReasons: admission.reasons, score, scoreTier, limit, rate };
}
