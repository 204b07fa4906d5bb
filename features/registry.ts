/**
 * The feature registry: every feature the detectors and models see, declared once as data and
 * used alike by online scoring (Redis / embedded store) and the training export
 * (computeFeaturesOffline), so there is no training/serving skew. Expressions are in the small
 * language of expr.ts over pseudonymised contract events (schemas/topics/*.ts).
 *
 * Window semantics: a window slides by its bucket; at event time t it covers the buckets from
 * the one holding t back `span / bucket` buckets (so between span − bucket and span of history,
 * plus the current bucket). Buckets are aligned to UTC epoch multiples.
 *
 * Override or extend it with YAML (registryYaml.ts); keep names stable, models depend on them.
 */
import type { FeatureDef, FeatureRegistry, WindowDef } from './types.ts';

/** Default windows. Trend ratios need the recent and baseline windows on the same bucket. */
export const DEFAULT_WINDOWS: Readonly<Record<string, WindowDef>> = {
  '1h': { span: '1h', bucket: '5m' },
  '24h': { span: '24h', bucket: '1h' },
  '7d': { span: '7d', bucket: '1d' },
  '30d': { span: '30d', bucket: '1d' },
  '90d': { span: '90d', bucket: '1d' },
  '365d': { span: '365d', bucket: '5d' },
};

const APP = 'applications' as const;
const TXN = 'transactions' as const;
const REP = 'repayments' as const;
const UPD = 'enterprise-updates' as const;
const LBL = 'labels' as const;

const IN = "direction == 'in'";
const OUT = "direction == 'out'";
const COUNTERPARTY = 'coalesce(counterpartyAccount, counterpartyEnterpriseId)';
const PAYMENT = "kind == 'paid' || kind == 'partial'";
const DEFENDANT = "kind == 'litigation_filed' && role == 'defendant'";
/** Kinds in which a person is linked to an enterprise as owner or officer. */
const PERSON_LINK = "oneOf(kind, 'equity_change', 'officer_change', 'registry_change')";

const features: FeatureDef[] = [
  // ── enterprise: applications ─────────────────────────────────────────────────────────────
  { name: 'enterprise.app_count_24h', entity: 'enterprise', aggregate: 'count', window: '24h', source: { topic: APP }, description: 'Applications by the enterprise in the last 24 hours (velocity)' },
  { name: 'enterprise.app_count_30d', entity: 'enterprise', aggregate: 'count', window: '30d', source: { topic: APP }, description: 'Applications by the enterprise in the last 30 days' },
  { name: 'enterprise.app_amount_sum_30d', entity: 'enterprise', aggregate: 'sum', window: '30d', source: { topic: APP, value: 'requestedAmount' }, description: 'Principal requested in the last 30 days, CNY' },
  { name: 'enterprise.distinct_applicants_30d', entity: 'enterprise', aggregate: 'distinct', window: '30d', source: { topic: APP, value: 'applicant.idNumber' }, description: 'Distinct persons who applied for the enterprise in 30 days' },
  { name: 'enterprise.distinct_devices_30d', entity: 'enterprise', aggregate: 'distinct', window: '30d', source: { topic: APP, value: 'deviceId' }, description: 'Distinct devices used to apply for the enterprise in 30 days' },
  { name: 'enterprise.hours_since_last_app', entity: 'enterprise', aggregate: 'time_since_last', unit: 'h', source: { topic: APP }, description: 'Hours since the enterprise\u2019s previous application' },
  // ── enterprise: transactions ─────────────────────────────────────────────────────────────
  { name: 'enterprise.txn_count_24h', entity: 'enterprise', aggregate: 'count', window: '24h', source: { topic: TXN }, description: 'Transactions on the enterprise\u2019s accounts in 24 hours' },
  { name: 'enterprise.txn_amount_max_24h', entity: 'enterprise', aggregate: 'max', window: '24h', source: { topic: TXN, value: 'amount' }, description: 'Largest transaction in 24 hours, CNY' },
  { name: 'enterprise.inflow_sum_7d', entity: 'enterprise', aggregate: 'sum', window: '7d', source: { topic: TXN, where: IN, value: 'amount' }, description: 'Money in over 7 days, CNY' },
  { name: 'enterprise.inflow_sum_30d', entity: 'enterprise', aggregate: 'sum', window: '30d', source: { topic: TXN, where: IN, value: 'amount' }, description: 'Money in over 30 days, CNY' },
  { name: 'enterprise.outflow_sum_7d', entity: 'enterprise', aggregate: 'sum', window: '7d', source: { topic: TXN, where: OUT, value: 'amount' }, description: 'Money out over 7 days, CNY' },
  { name: 'enterprise.outflow_sum_30d', entity: 'enterprise', aggregate: 'sum', window: '30d', source: { topic: TXN, where: OUT, value: 'amount' }, description: 'Money out over 30 days, CNY' },
  { name: 'enterprise.inflow_trend_7d_90d', entity: 'enterprise', aggregate: 'trend_ratio', window: '7d', baseline: '90d', source: { topic: TXN, where: IN, value: 'amount' }, description: '7-day inflow ÷ weekly average inflow of the 83 days before (falling revenue < 1); null without baseline' },
  { name: 'enterprise.outflow_trend_7d_90d', entity: 'enterprise', aggregate: 'trend_ratio', window: '7d', baseline: '90d', source: { topic: TXN, where: OUT, value: 'amount' }, description: '7-day outflow ÷ weekly average outflow of the 83 days before (fund flight > 1)' },
  { name: 'enterprise.outflow_to_inflow_30d', entity: 'enterprise', aggregate: 'ratio', of: ['enterprise.outflow_sum_30d', 'enterprise.inflow_sum_30d'], description: 'Outflow ÷ inflow over 30 days; null without inflow' },
  { name: 'enterprise.distinct_counterparties_30d', entity: 'enterprise', aggregate: 'distinct', window: '30d', source: { topic: TXN, value: COUNTERPARTY }, description: 'Distinct counterparties in 30 days' },
  { name: 'enterprise.balance_last', entity: 'enterprise', aggregate: 'last', source: { topic: TXN, value: 'balanceAfter' }, description: 'Balance after the latest transaction on any of its accounts, CNY' },
  { name: 'enterprise.balance_min_7d', entity: 'enterprise', aggregate: 'min', window: '7d', source: { topic: TXN, value: 'balanceAfter' }, description: 'Lowest balance after a transaction in 7 days, CNY' },
  // ── enterprise: repayments ───────────────────────────────────────────────────────────────
  { name: 'enterprise.loans_opened_30d', entity: 'enterprise', aggregate: 'count', window: '30d', source: { topic: REP, where: "kind == 'loan_opened'" }, description: 'Loans disbursed to the enterprise in 30 days (stacking)' },
  { name: 'enterprise.missed_count_90d', entity: 'enterprise', aggregate: 'count', window: '90d', source: { topic: REP, where: "kind == 'missed'" }, description: 'Missed installments across its loans in 90 days' },
  { name: 'enterprise.partial_count_90d', entity: 'enterprise', aggregate: 'count', window: '90d', source: { topic: REP, where: "kind == 'partial'" }, description: 'Partial payments across its loans in 90 days' },
  { name: 'enterprise.dpd_max_90d', entity: 'enterprise', aggregate: 'max', window: '90d', source: { topic: REP, value: 'daysPastDue' }, description: 'Worst days past due reported in 90 days' },
  // ── enterprise: third-party events ───────────────────────────────────────────────────────
  { name: 'enterprise.lawsuits_as_defendant_90d', entity: 'enterprise', aggregate: 'count', window: '90d', source: { topic: UPD, where: DEFENDANT }, description: 'Lawsuits filed against the enterprise in 90 days' },
  { name: 'enterprise.lawsuit_claims_90d', entity: 'enterprise', aggregate: 'sum', window: '90d', source: { topic: UPD, where: DEFENDANT, value: 'claimAmount' }, description: 'Amount claimed in lawsuits against it in 90 days, CNY' },
  { name: 'enterprise.judgments_lost_all', entity: 'enterprise', aggregate: 'count', window: 'all', source: { topic: UPD, where: "kind == 'litigation_judged' && outcome == 'lost'" }, description: 'Judgments lost, all time' },
  { name: 'enterprise.dishonest_listings_all', entity: 'enterprise', aggregate: 'count', window: 'all', source: { topic: UPD, where: "kind == 'dishonest_debtor_listed' && !has(subject)" }, description: 'Times the enterprise itself was put on the dishonest-debtor list' },
  { name: 'enterprise.dishonest_removals_all', entity: 'enterprise', aggregate: 'count', window: 'all', source: { topic: UPD, where: "kind == 'dishonest_debtor_removed' && !has(subject)" }, description: 'Times its dishonest-debtor listing was lifted' },
  { name: 'enterprise.dishonest_active', entity: 'enterprise', aggregate: 'difference', of: ['enterprise.dishonest_listings_all', 'enterprise.dishonest_removals_all'], description: 'Dishonest-debtor listings not lifted (> 0: currently listed)' },
  { name: 'enterprise.related_person_listings_all', entity: 'enterprise', aggregate: 'count', window: 'all', source: { topic: UPD, where: "kind == 'dishonest_debtor_listed' && has(subject)" }, description: 'Dishonest-debtor listings of persons related to the enterprise' },
  { name: 'enterprise.abnormal_listings_all', entity: 'enterprise', aggregate: 'count', window: 'all', source: { topic: UPD, where: "kind == 'abnormal_operation_listed'" }, description: 'Times listed for abnormal operations' },
  { name: 'enterprise.tax_arrears_90d', entity: 'enterprise', aggregate: 'sum', window: '90d', source: { topic: UPD, where: "kind == 'tax_arrears'", value: 'amount' }, description: 'Tax arrears announced in 90 days, CNY' },
  { name: 'enterprise.invoice_sales_last', entity: 'enterprise', aggregate: 'last', source: { topic: UPD, where: "kind == 'invoice_summary'", value: 'salesAmount' }, description: 'Invoiced sales of the latest monthly VAT summary, CNY' },
  { name: 'enterprise.invoice_sales_trend_30d_90d', entity: 'enterprise', aggregate: 'trend_ratio', window: '30d', baseline: '90d', source: { topic: UPD, where: "kind == 'invoice_summary'", value: 'salesAmount' }, description: 'Invoiced sales in 30 days ÷ the 30-day average of the 60 days before' },
  { name: 'enterprise.bureau_score_last', entity: 'enterprise', aggregate: 'last', source: { topic: UPD, where: "kind == 'bureau_score_change'", value: 'newScore' }, description: 'Latest enterprise credit-bureau score' },
  { name: 'enterprise.days_since_registry_change', entity: 'enterprise', aggregate: 'time_since_last', unit: 'd', source: { topic: UPD, where: "kind == 'registry_change'" }, description: 'Days since the previous business-registry change' },
  { name: 'enterprise.equity_changes_90d', entity: 'enterprise', aggregate: 'count', window: '90d', source: { topic: UPD, where: "kind == 'equity_change'" }, description: 'Shareholder changes in 90 days' },
  { name: 'enterprise.officer_changes_90d', entity: 'enterprise', aggregate: 'count', window: '90d', source: { topic: UPD, where: "kind == 'officer_change'" }, description: 'Officer appointments and removals in 90 days' },
  { name: 'enterprise.guarantees_given_all', entity: 'enterprise', aggregate: 'sum', window: 'all', source: { topic: UPD, where: "kind == 'guarantee' && role == 'guarantor' && action == 'created'", value: 'amount' }, description: 'Guarantees the enterprise has given, all time, CNY' },
  // ── applicant (person) ───────────────────────────────────────────────────────────────────
  { name: 'applicant.app_count_1h', entity: 'applicant', aggregate: 'count', window: '1h', source: { topic: APP }, description: 'Applications by the person in the last hour' },
  { name: 'applicant.app_count_24h', entity: 'applicant', aggregate: 'count', window: '24h', source: { topic: APP }, description: 'Applications by the person in 24 hours' },
  { name: 'applicant.app_count_30d', entity: 'applicant', aggregate: 'count', window: '30d', source: { topic: APP }, description: 'Applications by the person in 30 days' },
  { name: 'applicant.distinct_enterprises_30d', entity: 'applicant', aggregate: 'distinct', window: '30d', source: { topic: APP, value: 'enterpriseId' }, description: 'Distinct enterprises the person applied for in 30 days' },
  { name: 'applicant.distinct_devices_30d', entity: 'applicant', aggregate: 'distinct', window: '30d', source: { topic: APP, value: 'deviceId' }, description: 'Distinct devices the person applied from in 30 days' },
  { name: 'applicant.distinct_phones_30d', entity: 'applicant', aggregate: 'distinct', window: '30d', source: { topic: APP, value: 'applicant.phone' }, description: 'Distinct mobile numbers the person gave in 30 days' },
  { name: 'applicant.hours_since_last_app', entity: 'applicant', aggregate: 'time_since_last', unit: 'h', source: { topic: APP }, description: 'Hours since the person\u2019s previous application' },
  { name: 'applicant.dishonest_listings_all', entity: 'applicant', aggregate: 'count', window: 'all', source: { topic: UPD, where: "kind == 'dishonest_debtor_listed'" }, description: 'Times the person was put on the dishonest-debtor list' },
  { name: 'applicant.related_enterprises_all', entity: 'applicant', aggregate: 'distinct', window: 'all', source: { topic: UPD, where: PERSON_LINK, value: 'enterpriseId' }, description: 'Distinct enterprises the person is recorded as shareholder, officer or legal representative of' },
  // ── phone, device, IP, address ──────────────────────────────────────────────────────────
  { name: 'phone.app_count_24h', entity: 'phone', aggregate: 'count', window: '24h', source: { topic: APP }, description: 'Applications giving this mobile number in 24 hours' },
  { name: 'phone.app_count_30d', entity: 'phone', aggregate: 'count', window: '30d', source: { topic: APP }, description: 'Applications giving this mobile number in 30 days' },
  { name: 'phone.distinct_applicants_30d', entity: 'phone', aggregate: 'distinct', window: '30d', source: { topic: APP, value: 'applicant.idNumber' }, description: 'Distinct persons giving this mobile number in 30 days (shared phone)' },
  { name: 'phone.distinct_enterprises_30d', entity: 'phone', aggregate: 'distinct', window: '30d', source: { topic: APP, value: 'enterpriseId' }, description: 'Distinct enterprises applying with this mobile number in 30 days' },
  { name: 'device.app_count_1h', entity: 'device', aggregate: 'count', window: '1h', source: { topic: APP }, description: 'Applications from the device in the last hour' },
  { name: 'device.app_count_24h', entity: 'device', aggregate: 'count', window: '24h', source: { topic: APP }, description: 'Applications from the device in 24 hours' },
  { name: 'device.distinct_applicants_24h', entity: 'device', aggregate: 'distinct', window: '24h', source: { topic: APP, value: 'applicant.idNumber' }, description: 'Distinct persons applying from the device in 24 hours' },
  { name: 'device.distinct_applicants_30d', entity: 'device', aggregate: 'distinct', window: '30d', source: { topic: APP, value: 'applicant.idNumber' }, description: 'Distinct persons applying from the device in 30 days' },
  { name: 'device.distinct_enterprises_30d', entity: 'device', aggregate: 'distinct', window: '30d', source: { topic: APP, value: 'enterpriseId' }, description: 'Distinct enterprises applying from the device in 30 days' },
  { name: 'ip.app_count_1h', entity: 'ip', aggregate: 'count', window: '1h', source: { topic: APP }, description: 'Applications from the IP address in the last hour' },
  { name: 'ip.app_count_24h', entity: 'ip', aggregate: 'count', window: '24h', source: { topic: APP }, description: 'Applications from the IP address in 24 hours' },
  { name: 'ip.distinct_applicants_24h', entity: 'ip', aggregate: 'distinct', window: '24h', source: { topic: APP, value: 'applicant.idNumber' }, description: 'Distinct persons applying from the IP address in 24 hours' },
  { name: 'address.app_count_30d', entity: 'address', aggregate: 'count', window: '30d', source: { topic: APP }, description: 'Applications declaring this business address in 30 days' },
  { name: 'address.distinct_enterprises_30d', entity: 'address', aggregate: 'distinct', window: '30d', source: { topic: APP, value: 'enterpriseId' }, description: 'Distinct enterprises declaring this business address in 30 days (shared address)' },
  // ── account ──────────────────────────────────────────────────────────────────────────────
  { name: 'account.txn_count_1h', entity: 'account', aggregate: 'count', window: '1h', source: { topic: TXN }, description: 'Transactions on the account in the last hour' },
  { name: 'account.txn_count_24h', entity: 'account', aggregate: 'count', window: '24h', source: { topic: TXN }, description: 'Transactions on the account in 24 hours' },
  { name: 'account.inflow_sum_24h', entity: 'account', aggregate: 'sum', window: '24h', source: { topic: TXN, where: IN, value: 'amount' }, description: 'Money into the account in 24 hours, CNY' },
  { name: 'account.outflow_sum_24h', entity: 'account', aggregate: 'sum', window: '24h', source: { topic: TXN, where: OUT, value: 'amount' }, description: 'Money out of the account in 24 hours, CNY' },
  { name: 'account.pass_through_ratio_24h', entity: 'account', aggregate: 'ratio', of: ['account.outflow_sum_24h', 'account.inflow_sum_24h'], description: 'Outflow ÷ inflow in 24 hours (money passing straight through ≈ 1)' },
  { name: 'account.cash_out_sum_24h', entity: 'account', aggregate: 'sum', window: '24h', source: { topic: TXN, where: "direction == 'out' && channel == 'cash'", value: 'amount' }, description: 'Cash withdrawn in 24 hours, CNY' },
  { name: 'account.balance_last', entity: 'account', aggregate: 'last', source: { topic: TXN, value: 'balanceAfter' }, description: 'Balance after the latest transaction, CNY' },
  { name: 'account.balance_min_7d', entity: 'account', aggregate: 'min', window: '7d', source: { topic: TXN, value: 'balanceAfter' }, description: 'Lowest balance in 7 days, CNY' },
  { name: 'account.distinct_counterparties_7d', entity: 'account', aggregate: 'distinct', window: '7d', source: { topic: TXN, value: COUNTERPARTY }, description: 'Distinct counterparties in 7 days' },
  { name: 'account.hours_since_last_txn', entity: 'account', aggregate: 'time_since_last', unit: 'h', source: { topic: TXN }, description: 'Hours since the previous transaction on the account (dormancy)' },
  // ── counterparty ─────────────────────────────────────────────────────────────────────────
  { name: 'counterparty.txn_count_30d', entity: 'counterparty', aggregate: 'count', window: '30d', source: { topic: TXN }, description: 'Transactions with this counterparty in 30 days, across all borrowers' },
  { name: 'counterparty.amount_sum_30d', entity: 'counterparty', aggregate: 'sum', window: '30d', source: { topic: TXN, value: 'amount' }, description: 'Amount exchanged with this counterparty in 30 days, CNY' },
  { name: 'counterparty.distinct_enterprises_30d', entity: 'counterparty', aggregate: 'distinct', window: '30d', source: { topic: TXN, value: 'enterpriseId' }, description: 'Distinct borrowers dealing with this counterparty in 30 days (hub / ring)' },
  { name: 'counterparty.distinct_accounts_30d', entity: 'counterparty', aggregate: 'distinct', window: '30d', source: { topic: TXN, value: 'accountId' }, description: 'Distinct borrower accounts dealing with this counterparty in 30 days' },
  // ── loan ─────────────────────────────────────────────────────────────────────────────────
  { name: 'loan.missed_count_all', entity: 'loan', aggregate: 'count', window: 'all', source: { topic: REP, where: "kind == 'missed'" }, description: 'Installments missed over the loan\u2019s life' },
  { name: 'loan.partial_count_all', entity: 'loan', aggregate: 'count', window: 'all', source: { topic: REP, where: "kind == 'partial'" }, description: 'Partial payments over the loan\u2019s life' },
  { name: 'loan.paid_count_all', entity: 'loan', aggregate: 'count', window: 'all', source: { topic: REP, where: "kind == 'paid'" }, description: 'Installments paid in full' },
  { name: 'loan.paid_sum_90d', entity: 'loan', aggregate: 'sum', window: '90d', source: { topic: REP, where: PAYMENT, value: 'amountPaid' }, description: 'Amount repaid in 90 days, CNY' },
  { name: 'loan.dpd_last', entity: 'loan', aggregate: 'last', source: { topic: REP, value: 'daysPastDue' }, description: 'Days past due as last reported' },
  { name: 'loan.dpd_max_all', entity: 'loan', aggregate: 'max', window: 'all', source: { topic: REP, value: 'daysPastDue' }, description: 'Worst days past due over the loan\u2019s life' },
  { name: 'loan.cure_count_all', entity: 'loan', aggregate: 'cures', source: { topic: REP, value: 'daysPastDue' }, description: 'Times the loan went from past due back to current (cure)' },
  { name: 'loan.days_since_last_payment', entity: 'loan', aggregate: 'time_since_last', unit: 'd', source: { topic: REP, where: PAYMENT }, description: 'Days since the previous payment' },
  { name: 'loan.amount_due_last', entity: 'loan', aggregate: 'last', source: { topic: REP, where: "kind == 'installment_due'", value: 'amountDue' }, description: 'Amount of the latest installment due, CNY' },
  { name: 'loan.days_to_next_due', entity: 'loan', aggregate: 'time_until', unit: 'd', source: { topic: REP, where: "kind == 'installment_due'", value: 'ms(dueDate)' }, description: 'Days from this event to the latest announced due date (negative: past it)' },
  { name: 'loan.servicing_balance_last', entity: 'loan', aggregate: 'last', source: { topic: TXN, value: 'balanceAfter' }, description: 'Balance of the servicing account after its latest transaction, CNY' },
  { name: 'loan.servicing_balance_min_7d', entity: 'loan', aggregate: 'min', window: '7d', source: { topic: TXN, value: 'balanceAfter' }, description: 'Lowest servicing-account balance in 7 days (balance before the due date), CNY' },
  { name: 'loan.balance_to_amount_due', entity: 'loan', aggregate: 'ratio', of: ['loan.servicing_balance_last', 'loan.amount_due_last'], description: 'Servicing balance ÷ amount due (< 1: cannot cover the installment)' },
  { name: 'loan.outstanding_principal_last', entity: 'loan', aggregate: 'last', source: { topic: REP, value: 'outstandingPrincipal' }, description: 'Outstanding principal as last reported, CNY' },
  { name: 'loan.principal_last', entity: 'loan', aggregate: 'last', source: { topic: REP, where: "kind == 'loan_opened'", value: 'principal' }, description: 'Principal at opening (a credit line\u2019s limit), CNY' },
  { name: 'loan.outstanding_to_principal', entity: 'loan', aggregate: 'ratio', of: ['loan.outstanding_principal_last', 'loan.principal_last'], description: 'Outstanding principal \u00f7 principal at opening (a credit line\u2019s utilisation)' },
  // ── originator: its track record, the same for every application it brings ──────────────
  { name: 'originator.app_count_365d', entity: 'originator', aggregate: 'count', window: '365d', source: { topic: APP }, description: 'Applications the originator brought in the last 365 days (volume, experience)' },
  { name: 'originator.app_count_all', entity: 'originator', aggregate: 'count', window: 'all', source: { topic: APP }, description: 'Applications the originator brought, all time' },
  { name: 'originator.defaults_365d', entity: 'originator', aggregate: 'count', window: '365d', source: { topic: LBL, where: "kind == 'default'" }, description: 'Defaults confirmed in the last 365 days on loans the originator brought' },
  { name: 'originator.defaults_all', entity: 'originator', aggregate: 'count', window: 'all', source: { topic: LBL, where: "kind == 'default'" }, description: 'Defaults confirmed on loans the originator brought, all time' },
];

/** The registry in force unless a YAML override is loaded. */
export const FEATURE_REGISTRY: FeatureRegistry = { windows: DEFAULT_WINDOWS, features };

/** Feature names in registry order (model manifests use this order). */
export function featureNames(registry: FeatureRegistry = FEATURE_REGISTRY): string[] {
  return registry.features.map((f) => f.name);
}
