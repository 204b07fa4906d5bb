/**
 * One enterprise's prospect row (pure): eligibility checks, the ranking score, the recommended
 * product with its indicative limit, and the reasons for all of it.
 *
 *   score = 100 × growth part × credit part
 *   growth part = clamp((growth − k × s.e.) / growthFull, 0, 1)       (k = ranking.growthConfidence)
 *   credit part = exp(−graph risk / graphRiskScale) × bureau factor × payment factor
 *
 * Taking k standard errors off the growth estimate ranks steady growth above the same average
 * growth with noisy months, which is what a lender wants of a prospect.
 */
import type { ProductId, ProspectsConfig } from './config.ts';
import { existingExposure, isListed, type EnterpriseState } from './enterpriseState.ts';
import { monthLabel } from './forecast/months.ts';
import type { RevenueForecast } from './forecast/revenueForecast.ts';
import type { GraphCredit } from './graphCredit.ts';
import { recommendProduct } from './products.ts';
import { prospectReasons as R, type ProspectReason } from './reasons.ts';

const DAY = 86_400_000;

export interface ProspectInput {
  readonly state: EnterpriseState;
  readonly forecast: RevenueForecast | null;
  /** Graph credit; null when not computed because the state alone already excludes the enterprise. */
  readonly credit: GraphCredit | null;
  /** Event-time "now" of the evaluation, ms (lookbacks count back from it). */
  readonly asOf: number;
  /** Newest invoice month any enterprise has filed (month index), for the filing-gap check. */
  readonly newestMonth: number | null;
}

export interface Prospect {
  readonly enterpriseId: string;
  readonly name: string | null;
  readonly industryCode: string | null;
  readonly asOf: number;
  readonly eligible: boolean;
  /** 0-100, higher first; computed for excluded enterprises too (for analysis), never ranked for them. */
  readonly score: number;
  readonly conservativeGrowth: number | null;
  readonly forecast: RevenueForecast | null;
  readonly credit: GraphCredit | null;
  readonly bureauScore: number | null;
  readonly product: ProductId | null;
  readonly indicativeLimit: number;
  readonly exclusions: readonly ProspectReason[];
  readonly reasons: readonly ProspectReason[];
  readonly policyVersion: string;
}

const within = (at: number | null | undefined, asOf: number, days: number): boolean => at !== null && at !== undefined && at <= asOf && asOf - at <= days * DAY;

/** Checks that need only the enterprise's own state and forecast (cheap: no graph read). */
export function stateExclusions(input: Omit<ProspectInput, 'credit'>, config: ProspectsConfig): ProspectReason[] {
  const { state: s, forecast: f, asOf } = input;
  const e = config.eligibility;
  const out: ProspectReason[] = [];
  const months = f?.months ?? 0;
  if (months < e.minInvoiceMonths) out.push(R.tooFewMonths(months, e.minInvoiceMonths));
  if (f && input.newestMonth !== null && input.newestMonth - f.lastMonth > e.maxFilingGapMonths) {
    out.push(R.filingStopped(monthLabel(f.lastMonth), monthLabel(input.newestMonth)));
  }
  if (s.registryStatus !== null && s.registryStatus !== 'active') out.push(R.notActive(s.registryStatus));
  if (f && months >= e.minInvoiceMonths) {
    const conservative = f.growth - config.ranking.growthConfidence * f.growthSe;
    if (conservative < e.minAnnualGrowth) out.push(R.notGrowing(conservative, e.minAnnualGrowth));
  }
  if (s.bureau && s.bureau.score < e.minBureauScore) out.push(R.bureauLow(s.bureau.score, e.minBureauScore));
  if (isListed(s.dishonest)) out.push(R.dishonestDebtor());
  if (isListed(s.abnormal)) out.push(R.abnormalOperation());
  const listedPersons = Object.values(s.listedPersons).filter(isListed).length;
  if (e.excludeListedOwners && listedPersons > 0) out.push(R.listedOwner(listedPersons));
  const days = e.adverseLookbackDays;
  const suits = s.lawsuitsAsDefendant.filter((x) => within(x.at, asOf, days)).length;
  if (suits > 0) out.push(R.lawsuitDefendant(suits, days));
  const judgments = s.judgmentsLost.filter((x) => within(x.at, asOf, days)).length;
  if (judgments > 0) out.push(R.judgmentLost(judgments, days));
  const arrears = s.taxArrears.filter((x) => within(x.at, asOf, days)).length;
  if (arrears > 0) out.push(R.taxArrears(arrears, days));
  if (s.defaultedAt !== null) out.push(R.defaulted());
  if (s.fraudConfirmedAt !== null) out.push(R.fraudConfirmed());
  const missed = s.missedPayments.filter((x) => within(x.at, asOf, e.paymentLookbackDays)).length;
  if (missed > e.maxMissedPayments) out.push(R.missedPayments(missed, e.paymentLookbackDays));
  const worst = Math.max(0, ...s.pastDue.filter((x) => within(x.at, asOf, e.paymentLookbackDays)).map((x) => x.dpd));
  if (worst > e.maxDaysPastDue) out.push(R.pastDue(worst, e.maxDaysPastDue));
  return out;
}

/** Checks on the graph: related-party risk, listed owners, guarantee circles and flags others' events put on the enterprise. */
export function graphExclusions(credit: GraphCredit, asOf: number, already: ReadonlySet<string>, config: ProspectsConfig): ProspectReason[] {
  const e = config.eligibility;
  const out: ProspectReason[] = [];
  const add = (r: ProspectReason) => {
    if (!already.has(r.code) && !out.some((o) => o.code === r.code)) out.push(r);
  };
  if (e.excludeGuaranteeCircles && credit.guaranteeCircle) add(R.guaranteeCircle(credit.guaranteeCircle.length));
  if (e.excludeListedOwners && credit.listedOwners > 0) add(R.listedOwner(credit.listedOwners));
  if (credit.risk > e.maxGraphRisk) add(R.graphRiskHigh(credit.risk, e.maxGraphRisk));
  const own = credit.ownFlags;
  if (own.dishonest_debtor !== undefined) add(R.dishonestDebtor());
  if (own.abnormal_operation !== undefined) add(R.abnormalOperation());
  if (own.defaulted !== undefined) add(R.defaulted());
  // The graph also flags victims of account takeover and impersonation as fraud_confirmed, so the
  // enterprise's own fraud is taken from its labels (enterpriseState.ts), not from this flag.
  if (within(own.litigation_defendant, asOf, e.adverseLookbackDays)) add(R.lawsuitDefendant(1, e.adverseLookbackDays));
  if (within(own.judgment_lost, asOf, e.adverseLookbackDays)) add(R.judgmentLost(1, e.adverseLookbackDays));
  return out;
}

/** The ranking score's parts (exported for tests and docs). */
export function scoreParts(input: ProspectInput, config: ProspectsConfig): { conservativeGrowth: number | null; growth: number; credit: number; score: number } {
  const r = config.ranking;
  const f = input.forecast;
  const conservativeGrowth = f ? f.growth - r.growthConfidence * f.growthSe : null;
  const growth = conservativeGrowth === null ? 0 : Math.min(1, Math.max(0, conservativeGrowth / r.growthFull));
  const bureau = input.state.bureau?.score ?? null;
  const bureauFactor = bureau === null ? r.bureauUnknown : Math.min(1, Math.max(0.5, 0.5 + (0.5 * (bureau - r.bureauFloor)) / (r.bureauFull - r.bureauFloor)));
  const late = input.state.pastDue.some((x) => within(x.at, input.asOf, config.eligibility.paymentLookbackDays));
  const credit = Math.exp(-(input.credit?.risk ?? 0) / r.graphRiskScale) * bureauFactor * (late ? r.latePaymentFactor : 1);
  return { conservativeGrowth, growth, credit, score: Math.round(100 * growth * credit * 100) / 100 };
}

export function evaluateProspect(input: ProspectInput, config: ProspectsConfig): Prospect {
  const { state: s, forecast: f, credit } = input;
  const exclusions = stateExclusions(input, config);
  if (credit) exclusions.push(...graphExclusions(credit, input.asOf, new Set(exclusions.map((x) => x.code)), config));
  const parts = scoreParts(input, config);
  const bureauScore = s.bureau?.score ?? null;
  const context: ProspectReason[] = [];
  if (f) {
    context.push(R.growth(f.growth, f.growthSe, f.months));
    const q = f.nextQuarter;
    context.push(R.forecast(monthLabel(q.fromMonth), monthLabel(q.toMonth), q.median, q.lower, q.upper, config.forecast.intervalLevel));
  }
  if (credit) {
    const top = credit.related[0];
    context.push(top ? R.graphRisk(credit.risk, top.relation, top.hops, top.flags) : R.graphClean(credit.maxHops));
  }
  context.push(bureauScore === null ? R.noBureauFile() : R.bureau(bureauScore));
  if (Object.keys(s.loans).length > 0 && !s.pastDue.some((x) => within(x.at, input.asOf, config.eligibility.paymentLookbackDays))) {
    context.push(R.paymentsOnTime(config.eligibility.paymentLookbackDays));
  }

  let offer = null;
  if (exclusions.length === 0 && f && parts.conservativeGrowth !== null) {
    const exposure = existingExposure(s);
    offer = recommendProduct({ industryCode: s.industryCode, forecast: f, conservativeGrowth: parts.conservativeGrowth, bureauScore, existingExposure: exposure }, config.products);
    if (!offer) exclusions.push(R.noProduct(exposure));
  }
  const eligible = exclusions.length === 0 && offer !== null;
  const reasons = eligible ? [...(offer?.reasons ?? []), ...context] : [...exclusions, ...context];
  return {
    enterpriseId: s.enterpriseId,
    name: s.name,
    industryCode: s.industryCode,
    asOf: input.asOf,
    eligible,
    score: parts.score,
    conservativeGrowth: parts.conservativeGrowth,
    forecast: f,
    credit,
    bureauScore,
    product: eligible ? offer!.product : null,
    indicativeLimit: eligible ? offer!.limit : 0,
    exclusions,
    reasons: reasons.slice(0, config.ranking.maxReasons),
    policyVersion: config.version,
  };
}
