/**
 * Per-event features: what the scored event itself says (requested amount, identity-verification
 * results, bureau score at application, the enterprise profile, a transaction's amount, channel and
 * origin-account balances, a repayment's figures), as flat numeric model inputs under `event.<name>`.
 *
 * Rolling features (features/registry.ts) describe an entity's history; these describe the event
 * being scored, which the rolling store deliberately does not keep. Both the scorer and the
 * training export build vectors through `eventFeatures`, so a model sees in serving exactly the
 * columns it was trained on. Pure: no I/O, no clock.
 *
 * Absent optional fields are null (a model's missing value), never 0: "no bureau file" and "a
 * score of 0" must stay different.
 */
import type { EventOf, TopicName } from '../schemas/topics.ts';
import { CHANNELS, PRODUCTS } from '../schemas/topics/application.ts';
import { TXN_CHANNELS } from '../schemas/topics/transaction.ts';
import { REPAYMENT_KINDS } from '../schemas/topics/repayment.ts';

export const EVENT_FEATURE_PREFIX = 'event.';

export type EventFeatureValues = Record<string, number | null>;

/** One-hot names of a closed vocabulary, e.g. `app_channel_web`. */
const oneHot = (prefix: string, values: readonly string[]): string[] => values.map((v) => `${prefix}_${v}`);

const APPLICATION_FEATURES = [
  'app_amount_log', 'app_term_months', 'app_face_match', 'app_liveness_failed', 'app_sms_unverified',
  'app_captcha_failed', 'app_id_document_invalid', 'app_identity_failures', 'app_bureau_score', 'app_bureau_missing',
  'app_employees', 'app_new_business', 'app_franchise', 'app_urban', 'app_years_in_business',
  'app_declared_revenue_log', 'app_amount_to_declared_revenue',
  ...oneHot('app_channel', CHANNELS), ...oneHot('app_product', PRODUCTS),
  'app_role_legal_rep', 'app_industry_division', 'app_guaranteed_share', 'app_lender_out_of_region',
] as const;

const TRANSACTION_FEATURES = [
  'txn_amount_log', 'txn_out', 'txn_balance_before_log', 'txn_balance_after_log', 'txn_share_of_balance',
  'txn_balance_error', 'txn_empties_account', 'txn_has_counterparty_enterprise', ...oneHot('txn_channel', TXN_CHANNELS),
] as const;

const REPAYMENT_FEATURES = [
  'rep_days_past_due', 'rep_paid_share', 'rep_amount_due_log', 'rep_outstanding_log', 'rep_installment_no',
  ...oneHot('rep_kind', REPAYMENT_KINDS),
] as const;

/** Event features per topic, in a stable order (model manifests list them by these names). */
export const EVENT_FEATURES_BY_TOPIC: Readonly<Partial<Record<TopicName, readonly string[]>>> = {
  applications: APPLICATION_FEATURES.map((n) => EVENT_FEATURE_PREFIX + n),
  transactions: TRANSACTION_FEATURES.map((n) => EVENT_FEATURE_PREFIX + n),
  repayments: REPAYMENT_FEATURES.map((n) => EVENT_FEATURE_PREFIX + n),
};

/** Every event feature name, for the set of names a model may use. */
export const EVENT_FEATURE_NAMES: readonly string[] = Object.values(EVENT_FEATURES_BY_TOPIC).flat();

/** Plain-words meanings for reason texts. */
export const EVENT_FEATURE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  'event.app_amount_log': 'Requested amount (log)',
  'event.app_term_months': 'Requested term in months',
  'event.app_face_match': 'Face match score against the ID photo',
  'event.app_liveness_failed': 'Liveness check failed',
  'event.app_sms_unverified': 'SMS verification not passed',
  'event.app_captcha_failed': 'Captcha failed',
  'event.app_id_document_invalid': 'ID document not verified',
  'event.app_identity_failures': 'Number of failed identity checks',
  'event.app_bureau_score': 'Bureau score at application',
  'event.app_bureau_missing': 'No bureau file',
  'event.app_employees': 'Employees',
  'event.app_new_business': 'New business (under two years)',
  'event.app_franchise': 'Franchise',
  'event.app_urban': 'Urban location',
  'event.app_years_in_business': 'Years in business',
  'event.app_declared_revenue_log': 'Declared annual revenue (log)',
  'event.app_amount_to_declared_revenue': 'Requested amount relative to declared revenue',
  'event.app_role_legal_rep': 'Applicant is the legal representative',
  'event.app_industry_division': 'Industry: leading two-digit number of the industry code (GB/T 4754 division, NAICS sector)',
  'event.app_guaranteed_share': 'Share of the principal under a third-party guarantee',
  'event.app_lender_out_of_region': 'Lending branch is in another province / state than the enterprise',
  'event.txn_amount_log': 'Transaction amount (log)',
  'event.txn_out': 'Outgoing transaction',
  'event.txn_balance_before_log': 'Balance before the transaction (log)',
  'event.txn_balance_after_log': 'Balance after the transaction (log)',
  'event.txn_share_of_balance': 'Amount as a share of the balance before',
  'event.txn_balance_error': 'Balance change not explained by the amount',
  'event.txn_empties_account': 'Transaction empties the account',
  'event.txn_has_counterparty_enterprise': 'Counterparty is a known enterprise',
  'event.rep_days_past_due': 'Days past due',
  'event.rep_paid_share': 'Share of the installment paid',
  'event.rep_amount_due_log': 'Installment due (log)',
  'event.rep_outstanding_log': 'Outstanding principal (log)',
  'event.rep_installment_no': 'Installment number',
};

/** Meaning of any event feature, including one-hot members. */
export function describeEventFeature(name: string): string | undefined {
  const known = EVENT_FEATURE_DESCRIPTIONS[name];
  if (known) return known;
  const m = /^event\.(app_channel|app_product|txn_channel|rep_kind)_(.+)$/.exec(name);
  if (!m) return undefined;
  const what = { app_channel: 'Application channel', app_product: 'Product', txn_channel: 'Transaction channel', rep_kind: 'Repayment event' }[m[1] as 'app_channel'];
  return `${what} is ${m[2]}`;
}

const log1p = (v: number | undefined | null): number | null => (typeof v === 'number' && Number.isFinite(v) ? Math.log1p(Math.max(0, v)) : null);
const flag = (v: boolean | undefined | null): number | null => (typeof v === 'boolean' ? (v ? 1 : 0) : null);
const num = (v: number | undefined | null): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function putOneHot(out: EventFeatureValues, prefix: string, vocabulary: readonly string[], value: string): void {
  for (const v of vocabulary) out[`${EVENT_FEATURE_PREFIX}${prefix}_${v}`] = v === value ? 1 : 0;
}

/**
 * The first two-digit number in an industry code: the division of a GB/T 4754 code ('C34' → 34)
 * or the sector of a NAICS code ('531110' → 53). Both schemes number related industries
 * together, so a tree can split on ranges; null when the code has no such number.
 */
export function industryDivision(code: string | undefined): number | null {
  const m = code === undefined ? null : /\d{2}/.exec(code);
  return m ? Number(m[0]) : null;
}

function applicationFeatures(a: EventOf<'applications'>): EventFeatureValues {
  const p = a.enterprise;
  const id = a.identity;
  const failures = [!id.livenessPassed, !id.smsVerified, !id.captchaPassed, !id.idDocumentValid].filter(Boolean).length;
  const revenue = p?.declaredAnnualRevenue;
  const out: EventFeatureValues = {
    'event.app_amount_log': log1p(a.requestedAmount),
    'event.app_term_months': a.requestedTermMonths,
    'event.app_face_match': id.faceMatchScore,
    'event.app_liveness_failed': id.livenessPassed ? 0 : 1,
    'event.app_sms_unverified': id.smsVerified ? 0 : 1,
    'event.app_captcha_failed': id.captchaPassed ? 0 : 1,
    'event.app_id_document_invalid': id.idDocumentValid ? 0 : 1,
    'event.app_identity_failures': failures,
    'event.app_bureau_score': a.bureauScore,
    'event.app_bureau_missing': a.bureauScore === null ? 1 : 0,
    'event.app_employees': num(p?.employees),
    'event.app_new_business': flag(p?.isNewBusiness),
    'event.app_franchise': flag(p?.isFranchise),
    'event.app_urban': p?.urbanRural === undefined || p.urbanRural === 'unknown' ? null : p.urbanRural === 'urban' ? 1 : 0,
    'event.app_years_in_business': num(p?.yearsInBusiness),
    'event.app_declared_revenue_log': log1p(revenue),
    'event.app_amount_to_declared_revenue': typeof revenue === 'number' && revenue > 0 ? a.requestedAmount / revenue : null,
    'event.app_role_legal_rep': a.applicant.role === 'legal_rep' ? 1 : 0,
    'event.app_industry_division': industryDivision(p?.industryCode),
    'event.app_guaranteed_share': num(a.guaranteedShare),
    'event.app_lender_out_of_region': a.lenderRegion === undefined || p?.region === undefined ? null : a.lenderRegion === p.region ? 0 : 1,
  };
  putOneHot(out, 'app_channel', CHANNELS, a.channel);
  putOneHot(out, 'app_product', PRODUCTS, a.product);
  return out;
}

function transactionFeatures(t: EventOf<'transactions'>): EventFeatureValues {
  const out = t.direction === 'out';
  const before = t.balanceBefore;
  // The origin account's own bookkeeping: before − amount should equal after for an outflow
  // (before + amount for an inflow). A gap is a known mule/cash-out signature in mobile money.
  const expectedAfter = before === undefined ? null : out ? before - t.amount : before + t.amount;
  const values: EventFeatureValues = {
    'event.txn_amount_log': log1p(t.amount),
    'event.txn_out': out ? 1 : 0,
    'event.txn_balance_before_log': log1p(before),
    'event.txn_balance_after_log': log1p(t.balanceAfter),
    'event.txn_share_of_balance': before !== undefined && before > 0 ? t.amount / before : null,
    'event.txn_balance_error': expectedAfter === null ? null : t.balanceAfter - expectedAfter,
    'event.txn_empties_account': out && before !== undefined && before > 0 && t.balanceAfter <= 0.005 * before ? 1 : 0,
    'event.txn_has_counterparty_enterprise': t.counterpartyEnterpriseId === undefined ? 0 : 1,
  };
  putOneHot(values, 'txn_channel', TXN_CHANNELS, t.channel);
  return values;
}

function repaymentFeatures(r: EventOf<'repayments'>): EventFeatureValues {
  const out: EventFeatureValues = {
    'event.rep_days_past_due': r.daysPastDue,
    'event.rep_paid_share': r.amountDue !== undefined && r.amountDue > 0 && r.amountPaid !== undefined ? Math.min(2, r.amountPaid / r.amountDue) : null,
    'event.rep_amount_due_log': log1p(r.amountDue),
    'event.rep_outstanding_log': log1p(r.outstandingPrincipal),
    'event.rep_installment_no': num(r.installmentNo),
  };
  putOneHot(out, 'rep_kind', REPAYMENT_KINDS, r.kind);
  return out;
}

/** The event features of one validated, pseudonymised event ({} for topics without any). */
export function eventFeatures(topic: TopicName, event: EventOf<TopicName>): EventFeatureValues {
  switch (topic) {
    case 'applications':
      return applicationFeatures(event as EventOf<'applications'>);
    case 'transactions':
      return transactionFeatures(event as EventOf<'transactions'>);
    case 'repayments':
      return repaymentFeatures(event as EventOf<'repayments'>);
    default:
      return {};
  }
}
