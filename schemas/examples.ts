/**
 * Hand-written example events, one per topic and one per enterprise-update kind. They tell one
 * story (a Shanghai machinery SME applies, borrows, pays late and gets sued) so the generated
 * contract docs read as a whole. Every personal value is synthetic but well formed: credit codes
 * and ID numbers carry valid check characters (built with makeUscc / makeResidentId), so the
 * examples pass the same validator producers face. Every personal field of every contract is
 * filled in at least once, so the pseudonymisation tests can walk them all.
 */
import type { Static } from '@sinclair/typebox';
import { makeResidentId, makeUscc } from './identifiers.ts';
import type { ENTERPRISE_UPDATE_KINDS, EnterpriseUpdateKind } from './topics/enterpriseUpdate.ts';
import type { EventOf, TopicName } from './topics.ts';

/** The enterprises of the story. */
export const EXAMPLE_ENTERPRISES = {
  /** 上海明远机电设备有限公司, the borrower. */
  borrower: makeUscc('91310115MA1K4B7X3'),
  /** Its main customer, a Shenzhen distributor. */
  customer: makeUscc('91440300MA5G8RYD1'),
  /** A sister company sharing the legal representative. */
  sister: makeUscc('91320594MA1NLTWK6'),
  /** A guarantee counterparty. */
  guarantor: makeUscc('91330106MA2H3C9E8'),
} as const;

/** The people of the story (synthetic). */
export const EXAMPLE_PEOPLE = {
  legalRep: { name: '王建明', idNumber: makeResidentId('31011519790921244'), phone: '13916285047' },
  shareholder: { name: '陈晓燕', idNumber: makeResidentId('31011519850307123'), phone: '+8618621937706' },
  officer: { name: '刘洋', idNumber: makeResidentId('44030519880614301'), phone: '15800417263' },
  debtor: { name: '赵磊', idNumber: makeResidentId('32058419920218017'), phone: '13705126638' },
} as const;

const E = EXAMPLE_ENTERPRISES;
const P = EXAMPLE_PEOPLE;

type KindEvent<K extends EnterpriseUpdateKind> = Static<(typeof ENTERPRISE_UPDATE_KINDS)[K]>;

/** One example per enterprise-update kind. */
export const ENTERPRISE_UPDATE_EXAMPLES: { readonly [K in EnterpriseUpdateKind]: KindEvent<K> } = {
  registry_change: {
    eventId: 'eu-20260305-000101', schemaVersion: 1, eventTime: '2026-03-05T02:14:00.000Z', source: 'gsxt-feed',
    enterpriseId: E.borrower, provider: 'qichacha', kind: 'registry_change',
    registeredName: '上海明远机电设备有限公司',
    registeredAddress: '上海市浦东新区张江路 1288 号 3 幢 402 室',
    // The same mobile as the applicant's, spelled with +86: pseudonymisation links the two.
    registeredPhone: '+86' + P.legalRep.phone,
    legalRepresentative: { idNumber: P.legalRep.idNumber, name: P.legalRep.name, phone: P.legalRep.phone },
    registeredCapital: 5_000_000, status: 'active', industryCode: 'C3422',
  },
  equity_change: {
    eventId: 'eu-20260412-000207', schemaVersion: 1, eventTime: '2026-04-12T06:30:00.000Z',
    enterpriseId: E.borrower, provider: 'qichacha', kind: 'equity_change',
    shareholder: {
      type: 'person',
      person: { idNumber: P.shareholder.idNumber, name: P.shareholder.name, phone: P.shareholder.phone },
    },
    sharePct: 35,
  },
  officer_change: {
    eventId: 'eu-20260418-000311', schemaVersion: 1, eventTime: '2026-04-18T01:05:00.000Z',
    enterpriseId: E.borrower, provider: 'qichacha', kind: 'officer_change',
    officer: { idNumber: P.officer.idNumber, name: P.officer.name, phone: P.officer.phone },
    role: 'supervisor', action: 'appointed',
  },
  guarantee: {
    eventId: 'eu-20260420-000412', schemaVersion: 1, eventTime: '2026-04-20T03:00:00.000Z',
    enterpriseId: E.borrower, provider: 'pbc-credit-reference', kind: 'guarantee',
    guaranteeId: 'GC-2026-0420-0088', role: 'guarantor', counterpartyEnterpriseId: E.guarantor,
    amount: 2_000_000, action: 'created',
  },
  litigation_filed: {
    eventId: 'eu-20260603-000519', schemaVersion: 1, eventTime: '2026-06-03T08:45:00.000Z',
    enterpriseId: E.borrower, provider: 'court-announcements', kind: 'litigation_filed',
    caseId: '2026-hu-0115-min-chu-23871', role: 'defendant', caseType: 'contract_dispute',
    claimAmount: 486_300, counterpartyEnterpriseId: E.customer,
  },
  litigation_judged: {
    eventId: 'eu-20260911-000620', schemaVersion: 1, eventTime: '2026-09-11T07:20:00.000Z',
    enterpriseId: E.borrower, provider: 'court-announcements', kind: 'litigation_judged',
    caseId: '2026-hu-0115-min-chu-23871', outcome: 'lost', judgmentAmount: 452_000,
  },
  dishonest_debtor_listed: {
    eventId: 'eu-20261015-000733', schemaVersion: 1, eventTime: '2026-10-15T02:00:00.000Z',
    enterpriseId: E.sister, provider: 'court-enforcement', kind: 'dishonest_debtor_listed',
    subject: { idNumber: P.debtor.idNumber, name: P.debtor.name, phone: P.debtor.phone },
    caseId: '2026-su-0584-zhi-4412', amount: 173_500,
  },
  dishonest_debtor_removed: {
    eventId: 'eu-20261120-000801', schemaVersion: 1, eventTime: '2026-11-20T02:00:00.000Z',
    enterpriseId: E.sister, provider: 'court-enforcement', kind: 'dishonest_debtor_removed',
    subject: { idNumber: P.debtor.idNumber, name: P.debtor.name, phone: P.debtor.phone },
    caseId: '2026-su-0584-zhi-4412', amount: 0,
  },
  abnormal_operation_listed: {
    eventId: 'eu-20260701-000902', schemaVersion: 1, eventTime: '2026-07-01T01:00:00.000Z',
    enterpriseId: E.borrower, provider: 'gsxt-feed', kind: 'abnormal_operation_listed',
    reason: 'Cannot be reached at the registered address',
  },
  abnormal_operation_removed: {
    eventId: 'eu-20260815-000977', schemaVersion: 1, eventTime: '2026-08-15T01:00:00.000Z',
    enterpriseId: E.borrower, provider: 'gsxt-feed', kind: 'abnormal_operation_removed',
    reason: 'Registered address corrected',
  },
  tax_arrears: {
    eventId: 'eu-20260720-001044', schemaVersion: 1, eventTime: '2026-07-20T09:00:00.000Z',
    enterpriseId: E.borrower, provider: 'tax-bureau-announcements', kind: 'tax_arrears',
    amount: 68_240.55, taxType: 'VAT',
  },
  invoice_summary: {
    eventId: 'eu-20260605-001120', schemaVersion: 1, eventTime: '2026-06-05T00:00:00.000Z',
    enterpriseId: E.borrower, provider: 'golden-tax', kind: 'invoice_summary',
    month: '2026-05', salesAmount: 1_284_650.2, purchaseAmount: 903_118.75, invoiceCount: 187, customerCount: 23,
  },
  bureau_score_change: {
    eventId: 'eu-20260801-001205', schemaVersion: 1, eventTime: '2026-08-01T00:00:00.000Z',
    enterpriseId: E.borrower, provider: 'pbc-credit-reference', kind: 'bureau_score_change',
    previousScore: 712, newScore: 641,
  },
};

/** The raw record the dead-letter example carries: a credit code with a wrong check character. */
const BAD_TRANSACTION = `{"eventId":"txn-bad-1","enterpriseId":"${E.borrower.slice(0, 17)}0"}`;

/** One example event per topic (enterprise-updates: a registry change). */
export const EXAMPLES: { readonly [T in TopicName]: EventOf<T> } = {
  applications: {
    eventId: 'app-20260302-7f3c91', schemaVersion: 1, eventTime: '2026-03-02T01:32:10.000Z', source: 'loan-origination',
    applicationId: 'APP-2026-0302-000417',
    enterpriseId: E.borrower,
    enterpriseName: '上海明远机电设备有限公司',
    applicant: { name: P.legalRep.name, idNumber: P.legalRep.idNumber, phone: P.legalRep.phone, role: 'legal_rep' },
    declaredCompanyPhone: '13601825519',
    address: '上海市浦东新区张江路 1288 号 3 幢 402 室',
    product: 'working_capital',
    requestedAmount: 800_000,
    requestedTermMonths: 12,
    channel: 'app',
    deviceId: 'dfp-8c1e2b94a07d4f6e',
    ip: '116.228.37.91',
    identity: { faceMatchScore: 0.93, livenessPassed: true, smsVerified: true, captchaPassed: true, idDocumentValid: true },
    bureauScore: 712,
    enterprise: {
      industryCode: 'C3422', employees: 46, isNewBusiness: false, isFranchise: false, urbanRural: 'urban',
      region: 'SH', declaredAnnualRevenue: 14_500_000, registeredAddress: '上海市浦东新区张江路 1288 号 3 幢 402 室',
      yearsInBusiness: 7.5,
    },
  },
  transactions: {
    eventId: 'txn-20260610-a81f07', schemaVersion: 1, eventTime: '2026-06-10T06:41:55.000Z', source: 'core-banking',
    transactionId: 'T20260610064155000912',
    accountId: '6222021001123456789',
    enterpriseId: E.borrower,
    loanId: 'LN-2026-0305-000212',
    direction: 'out',
    amount: 260_000,
    channel: 'transfer',
    counterpartyAccount: '6217001210031234567',
    counterpartyName: P.shareholder.name,
    balanceBefore: 301_512.37,
    balanceAfter: 41_512.37,
    originalType: 'TRF-OUT',
  },
  repayments: {
    eventId: 'rp-20260705-000212-04', schemaVersion: 1, eventTime: '2026-07-05T16:00:00.000Z', source: 'loan-servicing',
    loanId: 'LN-2026-0305-000212',
    enterpriseId: E.borrower,
    kind: 'missed',
    installmentNo: 4,
    dueDate: '2026-07-05',
    amountDue: 70_415.62,
    amountPaid: 0,
    daysPastDue: 1,
    outstandingPrincipal: 536_880.4,
    product: 'working_capital',
  },
  'enterprise-updates': ENTERPRISE_UPDATE_EXAMPLES.registry_change,
  labels: {
    eventId: 'lbl-20261002-000031', schemaVersion: 1, eventTime: '2026-10-02T03:00:00.000Z', source: 'collections',
    labelId: 'LBL-2026-1002-000031',
    kind: 'default',
    loanId: 'LN-2026-0305-000212',
    applicationId: 'APP-2026-0302-000417',
    enterpriseId: E.borrower,
    occurredAt: '2026-10-03T16:00:00.000Z',
  },
  'collection-outcomes': {
    eventId: 'co-20260708-000118', schemaVersion: 1, eventTime: '2026-07-08T05:12:00.000Z', source: 'collections-desk',
    outcomeId: 'CO-2026-0708-000118',
    alertId: 'ALR-2026-0706-001942',
    loanId: 'LN-2026-0305-000212',
    enterpriseId: E.borrower,
    team: 'sme-east-early',
    agentId: 'agent-0417',
    outcome: 'promise_to_pay',
    promiseDate: '2026-07-15',
    promiseAmount: 70_415.62,
    note: 'Legal representative says the main customer pays late; promises the full installment by the 15th.',
  },
  scores: {
    eventId: 'sc-rp-20260705-000212-04', schemaVersion: 1, eventTime: '2026-07-05T16:00:00.000Z', source: 'fengkong',
    scoreId: 'score:rp-20260705-000212-04',
    inputEventId: 'rp-20260705-000212-04',
    inputTopic: 'repayments',
    entityType: 'loan',
    entityId: 'LN-2026-0305-000212',
    status: 'ok',
    riskScore: 684,
    models: [
      { model: 'ews-pd-90d', version: '2026.06.1', role: 'champion', score: 0.31, status: 'ok' },
      { model: 'ews-pd-90d', version: '2026.07.0-rc1', role: 'challenger', score: null, status: 'error', error: 'feature inflow_30d unavailable' },
    ],
    ruleHits: [
      { ruleId: 'ews.balance_drained_before_due', ruleSetVersion: 'rs-2026.06.3', reasonCode: 'BAL_DRAIN', severity: 'high', points: 120, action: 'alert', shadow: false },
    ],
    features: { days_past_due: 1, outflow_share_7d: 0.86, inflow_30d_vs_90d: 0.42, open_lawsuits: 1, bureau_score: null },
    reasons: [
      { code: 'BAL_DRAIN', description: 'Balance fell 86% in the 7 days before the due date', value: 0.86, threshold: 0.7, contribution: 120 },
    ],
  },
  decisions: {
    eventId: 'dc-app-20260302-7f3c91', schemaVersion: 1, eventTime: '2026-03-02T01:32:10.000Z', source: 'fengkong',
    decisionId: 'DEC-2026-0302-000417',
    applicationId: 'APP-2026-0302-000417',
    enterpriseId: E.borrower,
    product: 'working_capital',
    tier: 'suggest_pass',
    admissionPassed: true,
    creditScore: 688,
    probabilityOfDefault: 0.046,
    fraudScore: 0.07,
    suggestedLimit: 600_000,
    suggestedAnnualRate: 0.0585,
    ruleSetVersion: 'rs-2026.02.1',
    modelVersions: { 'pd-application': '2026.01.2', 'fraud-application': '2026.02.0' },
    reasons: [
      { code: 'REV_STABLE', description: 'Invoiced sales stable over 12 months', value: 0.08, threshold: 0.25 },
      { code: 'LIMIT_CAPPED', description: 'Limit capped at 50% of monthly invoiced sales x 6', value: 600_000 },
    ],
    final: true,
  },
  alerts: {
    eventId: 'al-rp-20260705-000212-04', schemaVersion: 1, eventTime: '2026-07-05T16:00:00.000Z', source: 'fengkong',
    alertId: 'ALR-2026-0706-001942',
    signal: 'balance_drained_before_due',
    severity: 'high',
    loanId: 'LN-2026-0305-000212',
    enterpriseId: E.borrower,
    probabilityOfDefault: 0.31,
    exposure: 536_880.4,
    daysPastDue: 1,
    sourceEventId: 'rp-20260705-000212-04',
    why: [
      { code: 'BAL_DRAIN', description: 'Balance fell 86% in the 7 days before the due date', value: 0.86, threshold: 0.7 },
      { code: 'RELATED_OUTFLOW', description: '260,000 CNY sent to a shareholder 5 days before the due date', value: 260_000 },
      { code: 'INSTALLMENT_MISSED', description: 'Installment 4 of 70,415.62 CNY not paid', value: 70_415.62 },
    ],
    raisedAt: '2026-07-05T16:00:02.418Z',
  },
  'dead-letters': {
    eventId: 'dl-transactions-3-184467', schemaVersion: 1, eventTime: '2026-06-10T06:42:01.000Z', source: 'fengkong',
    originalTopic: 'transactions',
    partition: 3,
    offset: '184467',
    stage: 'validate',
    errorClass: 'NonRetriableEventError',
    errorCode: 'fengkong:invalid-event',
    field: 'enterpriseId',
    reason: "enterpriseId: invalid unified social credit code: check character is '0', expected 'G'",
    originalBase64: Buffer.from(BAD_TRANSACTION).toString('base64'),
    originalTruncated: false,
    originalSize: Buffer.byteLength(BAD_TRANSACTION),
  },
  // The application above, approved by the credit officer after review (the decision example is its final record).
  'decision-notifications': {
    eventId: 'ntf-APP-2026-0302-000417', schemaVersion: 1, eventTime: '2026-03-02T01:32:10.000Z', source: 'fengkong-notifier',
    notificationId: 'ntf-APP-2026-0302-000417',
    applicationId: 'APP-2026-0302-000417',
    enterpriseId: E.borrower,
    outcome: 'approved',
    decidedBy: 'manual_review',
    decidedAt: '2026-03-02T01:32:10.000Z',
    product: 'working_capital',
    productName: { zh: '流动资金贷款', en: 'Working-capital loan' },
    offer: { limit: 600_000, annualRate: 0.0585 },
    message: {
      zh: '您好，贵企业的流动资金贷款申请已获批准，授信额度¥600,000，年利率5.85%。客户经理将与您联系办理后续手续。',
      en: 'Your application (Working-capital loan) has been approved with a credit limit of ¥600,000 at an annual interest rate of 5.85%. Your relationship manager will contact you about the next steps.',
    },
    reasons: [],
  },
  'alert-queue-events': {
    eventId: 'qe-1783300862418-0', schemaVersion: 1, eventTime: '2026-07-06T01:21:02.418Z', source: 'fengkong-queues',
    changeId: '1783300862418-0',
    action: 'claimed',
    alertId: 'ALR-2026-0706-001942',
    team: 'early_collection',
    state: 'claimed',
    actorId: 'agent-07',
    actorRole: 'agent',
    signal: 'balance_drained_before_due',
    severity: 'high',
    loanId: 'LN-2026-0305-000212',
    enterpriseId: E.borrower,
    assignee: 'agent-07',
    priority: 599_158.56,
    expectedLoss: 74_894.82,
    // Enqueued 16:00 UTC with early collection's 4-hour SLA, claimed the next morning: escalated (priority × 2).
    escalated: true,
    slaDeadline: '2026-07-05T20:00:02.418Z',
  },
};
