/**
 * What a customer is told about a credit decision, in Simplified Chinese and English: a fixed
 * set of plain-words reasons, each standing for a group of internal reason codes (decision
 * reasons, detectors/decision/reasonCodes.ts, and rule reason codes, rules/default.yaml).
 *
 * Only these fixed texts ever reach a notification — never the internal description (which
 * carries scores and thresholds), the code itself or a rule id. Practice follows adverse-action
 * notices: specific principal reasons, at most four (US Regulation B, 12 CFR 1002.9(b)(2) and its
 * official comment 9(b)(2)-1), and "a score was too low" is not a reason. Anything that points to
 * fraud detection or a blacklist is worded as a verification failure, so a notification never
 * tells a fraudster which check caught them.
 */

export interface Localised {
  readonly zh: string;
  readonly en: string;
}

export const CUSTOMER_REASONS = {
  identity_not_verified: {
    zh: '我们未能核实申请人的身份信息。',
    en: 'We could not verify the applicant\u2019s identity.',
  },
  information_not_verified: {
    zh: '我们未能核实申请中提供的部分信息。',
    en: 'We could not verify some of the information in the application.',
  },
  public_records: {
    zh: '公开记录显示企业被列为失信被执行人或被列入经营异常名录。',
    en: 'Public records list the enterprise as a dishonest judgment debtor or for abnormal operations.',
  },
  lawsuits_or_tax: {
    zh: '公开记录显示企业涉及诉讼或欠缴税款。',
    en: 'Public records show lawsuits or unpaid taxes involving the enterprise.',
  },
  credit_history: {
    zh: '企业的信用记录未达到本产品的要求。',
    en: 'The enterprise\u2019s credit history does not meet the requirements of this product.',
  },
  business_age: {
    zh: '企业的经营年限未达到本产品的要求。',
    en: 'The enterprise has not been in business long enough for this product.',
  },
  existing_debt: {
    zh: '企业现有借款较多。',
    en: 'The enterprise already has substantial borrowing.',
  },
  revenue: {
    zh: '企业的经营收入不足以支持申请的金额。',
    en: 'The enterprise\u2019s business income does not support the amount applied for.',
  },
  guarantees: {
    zh: '企业的对外担保关系风险较高。',
    en: 'The enterprise\u2019s guarantees to and from other companies carry too much risk.',
  },
  overall: {
    zh: '综合评估结果未达到本产品的准入要求。',
    en: 'Our overall assessment of the application did not meet the requirements of this product.',
  },
  limit_revenue: {
    zh: '额度依据企业近一年的开票收入核定。',
    en: 'The limit is based on the enterprise\u2019s invoiced sales over the past year.',
  },
  limit_product_maximum: {
    zh: '额度为本产品的最高额度。',
    en: 'The limit is the maximum for this product.',
  },
  limit_existing_loans: {
    zh: '额度已考虑企业在我行的现有借款。',
    en: 'The limit takes the enterprise\u2019s existing loans with us into account.',
  },
  limit_requested: {
    zh: '额度与申请金额一致。',
    en: 'The limit is the amount applied for.',
  },
} as const satisfies Record<string, Localised>;

export type CustomerReason = keyof typeof CUSTOMER_REASONS;

/**
 * Internal reason code → customer reason. Codes not listed fall back to `overall` for a decline
 * and to nothing for an approval, so a new internal code can never leak through.
 */
export const CUSTOMER_REASON_OF: Readonly<Record<string, CustomerReason>> = {
  // Identity verification (admission, rules).
  ID_LIVENESS_FAILED: 'identity_not_verified',
  FACE_MATCH_LOW: 'identity_not_verified',
  ID_DOCUMENT_INVALID: 'identity_not_verified',
  SMS_NOT_VERIFIED: 'identity_not_verified',
  CONTACT_NOT_VERIFIED: 'identity_not_verified',
  // Lists, fraud models and fraud-pattern rules: a verification failure, nothing more.
  LIST_HIT: 'information_not_verified',
  LIST_HIT_BLACK: 'information_not_verified',
  LIST_HIT_GREY: 'information_not_verified',
  FRAUD_SCORE_REJECT: 'information_not_verified',
  FRAUD_SCORE_HIGH: 'information_not_verified',
  FRAUD_MODEL_HIGH: 'information_not_verified',
  FRAUD_MODEL_UNAVAILABLE: 'overall',
  DEVICE_SHARED_24H: 'information_not_verified',
  IP_BURST_1H: 'information_not_verified',
  APPLICANT_MANY_ENTERPRISES: 'information_not_verified',
  GRAPH_SHARED_PHONE: 'information_not_verified',
  GRAPH_NEAR_FLAGGED: 'information_not_verified',
  PHONE_MISMATCH: 'information_not_verified',
  // Public records the customer can look up themselves.
  DISHONEST_DEBTOR: 'public_records',
  ABNORMAL_OPERATION: 'public_records',
  // Credit history.
  BUREAU_SCORE_BELOW_FLOOR: 'credit_history',
  NO_BUREAU_FILE: 'credit_history',
  // Listed with every scored decision, whatever the bureau said: not a reason by itself.
  BUREAU_SCORE: 'overall',
  // Business age.
  ENTERPRISE_TOO_YOUNG: 'business_age',
  NEW_BUSINESS_LARGE_AMOUNT: 'business_age',
  // Debt and revenue.
  LOAN_STACKING: 'existing_debt',
  LIMIT_EXISTING_EXPOSURE: 'existing_debt',
  LIMIT_ENTERPRISE_EXPOSURE: 'existing_debt',
  AMOUNT_HIGH_FOR_REVENUE: 'revenue',
  NEW_LAWSUIT: 'lawsuits_or_tax',
  NEW_LISTING: 'public_records',
  RELATED_PERSON_LISTED: 'public_records',
  LIMIT_NO_REVENUE: 'revenue',
  GUARANTEE_CIRCLE: 'guarantees',
  // The score itself is never a reason to give: the overall assessment stands for it.
  CREDIT_SCORE_BAND: 'overall',
  DEFAULT_PROBABILITY: 'overall',
  PD_MODEL_UNAVAILABLE: 'overall',
  NO_CREDIT_SCORE: 'overall',
  RULE_REVIEW: 'overall',
};

/**
 * Model reasons carry the feature that moved the score most as their code (detectors/models/
 * reasons.ts); the feature's family says what it is about.
 */
const FEATURE_FAMILIES: ReadonlyArray<readonly [RegExp, CustomerReason]> = [
  [/^(applicant|device|ip|phone|address|counterparty)\.|^graph\.|shared|linked/, 'information_not_verified'],
  [/dishonest|abnormal|listing/, 'public_records'],
  [/lawsuit|judgment|tax_arrears/, 'lawsuits_or_tax'],
  [/missed|partial|dpd|bureau|cure/, 'credit_history'],
  [/outstanding|loans_opened|app_amount|exposure|guarantee/, 'existing_debt'],
  [/invoice|sales|inflow|revenue|balance/, 'revenue'],
  [/years|registry/, 'business_age'],
];

/** The customer reason of any internal code: exact decision or rule codes first, then feature families; else `overall`. */
export function customerReasonOf(code: string): CustomerReason {
  const exact = CUSTOMER_REASON_OF[code];
  if (exact) return exact;
  for (const [pattern, reason] of FEATURE_FAMILIES) if (pattern.test(code)) return reason;
  return 'overall';
}

/** How the approved limit was set, for an approval notice. */
export const LIMIT_REASON_OF: Readonly<Record<string, CustomerReason>> = {
  LIMIT_REVENUE: 'limit_revenue',
  LIMIT_DECLARED_REVENUE: 'limit_revenue',
  LIMIT_PRODUCT_CAP: 'limit_product_maximum',
  LIMIT_ENTERPRISE_EXPOSURE: 'limit_existing_loans',
  LIMIT_EXISTING_EXPOSURE: 'limit_existing_loans',
  LIMIT_REQUESTED: 'limit_requested',
};

/** Principal reasons of a decline, in the decision's order, deduplicated, at most `max`. */
export function declineReasons(codes: readonly string[], max = 4): CustomerReason[] {
  const out: CustomerReason[] = [];
  for (const code of codes) {
    // Limit and pricing codes explain an amount, not a decline.
    if (code in LIMIT_REASON_OF && !(code in CUSTOMER_REASON_OF)) continue;
    if (code === 'RATE_BAND') continue;
    const r = customerReasonOf(code);
    if (!out.includes(r)) out.push(r);
  }
  // "Overall" says least; it goes last, and only when nothing more specific is given.
  const specific = out.filter((r) => r !== 'overall');
  const ordered = specific.length > 0 ? specific : out.length > 0 ? out : ['overall' as const];
  return ordered.slice(0, max);
}

/** How the limit of an approval was set (at most one reason). */
export function approvalReasons(codes: readonly string[]): CustomerReason[] {
  for (const code of codes) {
    const r = LIMIT_REASON_OF[code];
    if (r) return [r];
  }
  return [];
}

export const PRODUCT_NAMES: Readonly<Record<string, Localised>> = {
  working_capital: { zh: '流动资金贷款', en: 'Working-capital loan' },
  invoice_financing: { zh: '发票融资', en: 'Invoice financing' },
  term_loan: { zh: '经营性固定资产贷款', en: 'Term loan' },
};

/** Headline messages. `{product}`, `{limit}` and `{rate}` are filled in by the builder. */
export const MESSAGES = {
  approved: {
    zh: '您好，贵企业的{product}申请已获批准，授信额度{limit}，年利率{rate}。客户经理将与您联系办理后续手续。',
    en: 'Your application ({product}) has been approved with a credit limit of {limit} at an annual interest rate of {rate}. Your relationship manager will contact you about the next steps.',
  },
  declined: {
    zh: '您好，很遗憾，贵企业的{product}申请未能获得批准。如需了解详情或补充材料，请联系您的客户经理。',
    en: 'We are sorry that your application ({product}) has not been approved. Please contact your relationship manager for details or to provide more information.',
  },
} as const satisfies Record<string, Localised>;
