/**
 * Reasons on a prospect row, in English and Chinese, with the figures behind them: why an
 * enterprise is on the list (growth, forecast, clean graph, bureau, product fit, limit) or why
 * it is not (each failed eligibility check). These are for the bank's relationship managers and
 * credit staff, so they carry the numbers; customer-facing text lives in notifications/.
 */
import type { FlagKind } from '../detectors/graph/types.ts';
import type { Relation } from './graphCredit.ts';

export const PROSPECT_REASON_CODES = [
  // Why listed.
  'GROWTH', 'FORECAST', 'GRAPH_CLEAN', 'GRAPH_RISK', 'BUREAU', 'NO_BUREAU_FILE', 'PAYMENTS_ON_TIME', 'PRODUCT_FIT', 'LIMIT',
  // Why not.
  'TOO_FEW_MONTHS', 'FILING_STOPPED', 'NOT_ACTIVE', 'NOT_GROWING', 'BUREAU_LOW', 'GRAPH_RISK_HIGH', 'GUARANTEE_CIRCLE',
  'LISTED_OWNER', 'DISHONEST_DEBTOR', 'ABNORMAL_OPERATION', 'LAWSUIT_DEFENDANT', 'JUDGMENT_LOST', 'TAX_ARREARS',
  'DEFAULTED', 'FRAUD_CONFIRMED', 'MISSED_PAYMENTS', 'PAST_DUE', 'NO_PRODUCT',
] as const;
export type ProspectReasonCode = (typeof PROSPECT_REASON_CODES)[number];

export interface ProspectReason {
  readonly code: ProspectReasonCode;
  readonly en: string;
  readonly zh: string;
  readonly value?: number | string | null;
}

const reason = (code: ProspectReasonCode, en: string, zh: string, value: number | string | null = null): ProspectReason => ({ code, en, zh, value });

/** ¥1,234,000 */
export const cny = (x: number): string => `¥${Math.round(x).toLocaleString('en-US')}`;
/** 123.4万元 */
export const cnyZh = (x: number): string => `${(x / 10_000).toLocaleString('en-US', { maximumFractionDigits: x >= 1_000_000 ? 0 : 1 })}万元`;
/** Annual log-growth as a plain percentage change: 0.3 → 35%. */
export const growthPct = (g: number): string => `${((Math.exp(g) - 1) * 100).toFixed(0)}%`;

const RELATION: Record<Relation, { en: string; zh: string }> = {
  shareholder: { en: 'shareholder', zh: '股东' },
  holding: { en: 'company it holds shares in', zh: '对外投资企业' },
  officer: { en: 'officer', zh: '高管' },
  legal_rep: { en: 'legal representative', zh: '法定代表人' },
  guarantor: { en: 'guarantor', zh: '担保方' },
  guaranteed: { en: 'company it guarantees', zh: '被担保企业' },
  counterparty: { en: 'payment counterparty', zh: '交易对手' },
  account: { en: 'counterparty account', zh: '对手账户' },
  litigant: { en: 'litigation counterparty', zh: '诉讼相对方' },
  applicant: { en: 'co-applicant', zh: '共同申请人' },
  other: { en: 'related party', zh: '关联方' },
};

const FLAG: Record<FlagKind, { en: string; zh: string }> = {
  dishonest_debtor: { en: 'on the dishonest-debtor list', zh: '被列为失信被执行人' },
  abnormal_operation: { en: 'on the abnormal-operations list', zh: '被列入经营异常名录' },
  defaulted: { en: 'in default', zh: '发生违约' },
  fraud_confirmed: { en: 'confirmed fraud', zh: '确认欺诈' },
  litigation_defendant: { en: 'sued as defendant', zh: '作为被告被起诉' },
  judgment_lost: { en: 'lost a judgment', zh: '败诉' },
};

export const prospectReasons = {
  growth: (g: number, se: number, months: number) => reason('GROWTH',
    `Invoiced sales growing ${growthPct(g)} a year (±${(se * 100).toFixed(0)} pts), from ${months} months of VAT invoices`,
    `开票销售额年化增长${growthPct(g)}（±${(se * 100).toFixed(0)}个百分点），依据${months}个月增值税发票`, Number(g.toFixed(4))),
  forecast: (from: string, to: string, median: number, lower: number, upper: number, level: number) => reason('FORECAST',
    `Next quarter (${from} to ${to}) forecast ${cny(median)}, ${Math.round(level * 100)}% band ${cny(lower)} to ${cny(upper)}`,
    `预测下季度（${from}至${to}）开票销售额${cnyZh(median)}，${Math.round(level * 100)}%区间${cnyZh(lower)}至${cnyZh(upper)}`, Math.round(median)),
  graphClean: (hops: number) => reason('GRAPH_CLEAN',
    `No lawsuits, listings or defaults among shareholders, officers, guarantors or counterparties within ${hops} hops`,
    `股东、高管、担保方及交易对手${hops}层关联内无诉讼、失信、经营异常或违约记录`, 0),
  graphRisk: (risk: number, relation: Relation, hops: number, flags: readonly FlagKind[]) => reason('GRAPH_RISK',
    `Related-party risk ${risk.toFixed(2)}: a ${RELATION[relation].en} ${hops} hop${hops === 1 ? '' : 's'} away ${flags.map((f) => FLAG[f].en).join(', ')}`,
    `关联风险${risk.toFixed(2)}：${hops}层关联的${RELATION[relation].zh}${flags.map((f) => FLAG[f].zh).join('、')}`, Number(risk.toFixed(4))),
  bureau: (score: number) => reason('BUREAU', `Credit bureau score ${score}`, `企业征信评分${score}`, score),
  noBureauFile: () => reason('NO_BUREAU_FILE', 'No credit bureau file (thin file)', '无企业征信记录（白户）'),
  paymentsOnTime: (days: number) => reason('PAYMENTS_ON_TIME', `Installments paid on time over the last ${days} days`, `近${days}天贷款按期还款`),
  productFit: (product: { en: string; zh: string }, en: string, zh: string) => reason('PRODUCT_FIT', `${product.en}: ${en}`, `${product.zh}：${zh}`),
  limit: (limit: number, en: string, zh: string) => reason('LIMIT', `Indicative limit ${cny(limit)}: ${en}`, `参考额度${cnyZh(limit)}：${zh}`, limit),

  tooFewMonths: (months: number, min: number) => reason('TOO_FEW_MONTHS',
    `Only ${months} months of invoices (${min} needed to tell growth from seasonality)`, `仅有${months}个月发票数据（需${min}个月以区分增长与季节性）`, months),
  filingStopped: (last: string, newest: string) => reason('FILING_STOPPED',
    `No invoice summary since ${last} while others have filed ${newest}`, `自${last}起无发票汇总（其他企业已申报至${newest}）`, last),
  notActive: (status: string) => reason('NOT_ACTIVE', `Registry status is ${status}`, `工商登记状态为${status}`, status),
  notGrowing: (conservative: number, min: number) => reason('NOT_GROWING',
    `Conservative growth ${growthPct(conservative)} a year is below ${growthPct(min)}`, `保守估计年增长${growthPct(conservative)}，低于${growthPct(min)}`, Number(conservative.toFixed(4))),
  bureauLow: (score: number, min: number) => reason('BUREAU_LOW', `Credit bureau score ${score} is below ${min}`, `企业征信评分${score}低于${min}`, score),
  graphRiskHigh: (risk: number, max: number) => reason('GRAPH_RISK_HIGH',
    `Related-party risk ${risk.toFixed(2)} is above ${max}`, `关联风险${risk.toFixed(2)}高于${max}`, Number(risk.toFixed(4))),
  guaranteeCircle: (length: number) => reason('GUARANTEE_CIRCLE',
    `Member of a guarantee circle of ${length} enterprises (a default cascades round it)`, `处于${length}家企业组成的担保圈中（一家违约将连锁传导）`, length),
  listedOwner: (count: number) => reason('LISTED_OWNER',
    `${count === 1 ? 'A shareholder or the legal representative is' : `${count} shareholders or legal representatives are`} on the dishonest-debtor list`,
    `${count === 1 ? '' : `${count}名`}股东或法定代表人被列为失信被执行人`, count),
  dishonestDebtor: () => reason('DISHONEST_DEBTOR', 'The enterprise is on the dishonest-debtor list', '企业被列为失信被执行人'),
  abnormalOperation: () => reason('ABNORMAL_OPERATION', 'The enterprise is on the abnormal-operations list', '企业被列入经营异常名录'),
  lawsuitDefendant: (count: number, days: number) => reason('LAWSUIT_DEFENDANT',
    `Sued as defendant ${count} time${count === 1 ? '' : 's'} in the last ${days} days`, `近${days}天作为被告被起诉${count}次`, count),
  judgmentLost: (count: number, days: number) => reason('JUDGMENT_LOST', `Lost ${count} judgment${count === 1 ? '' : 's'} in the last ${days} days`, `近${days}天败诉${count}次`, count),
  taxArrears: (count: number, days: number) => reason('TAX_ARREARS', `Tax arrears announced in the last ${days} days`, `近${days}天被公告欠税`, count),
  defaulted: () => reason('DEFAULTED', 'A loan of the enterprise is in default', '企业贷款已违约'),
  fraudConfirmed: () => reason('FRAUD_CONFIRMED', 'Fraud confirmed on the enterprise', '企业已确认存在欺诈'),
  missedPayments: (count: number, days: number) => reason('MISSED_PAYMENTS',
    `${count} missed installment${count === 1 ? '' : 's'} in the last ${days} days`, `近${days}天逾期未还${count}期`, count),
  pastDue: (dpd: number, max: number) => reason('PAST_DUE', `${dpd} days past due (more than ${max})`, `逾期${dpd}天（超过${max}天）`, dpd),
  noProduct: (exposure: number) => reason('NO_PRODUCT',
    exposure > 0 ? `No product headroom: existing loans of ${cny(exposure)} use up the indicative limits` : 'No product rule fits the enterprise',
    exposure > 0 ? `现有贷款${cnyZh(exposure)}已占满参考额度` : '无匹配的产品规则', Math.round(exposure)),
} as const;
