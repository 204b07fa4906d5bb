import { describe, expect, it } from 'vitest';
import { EXAMPLES, ENTERPRISE_UPDATE_EXAMPLES, EXAMPLE_ENTERPRISES } from '../../schemas/examples.ts';
import type { RepaymentEvent } from '../../schemas/topics/repayment.ts';
import type { AccountTransaction } from '../../schemas/topics/transaction.ts';
import type { EnterpriseUpdate } from '../../schemas/topics/enterpriseUpdate.ts';
import { loadWarningConfig } from './config.ts';
import type { LoanState, WarningContext, WarningGraph } from './context.ts';
import { WARNING_FEATURES } from './featureNames.ts';
import { missedPayment } from './signals/missedPayment.ts';
import { partialPayment } from './signals/partialPayment.ts';
import { dpdBucket, dpdTransition } from './signals/dpdTransition.ts';
import { inflowCollapse } from './signals/inflowCollapse.ts';
import { balanceDrainedBeforeDue } from './signals/balanceDrained.ts';
import { relatedPartyTransfer } from './signals/relatedPartyTransfer.ts';
import { newLawsuit } from './signals/newLawsuit.ts';
import { newListing } from './signals/newListing.ts';
import { relatedPartyListing } from './signals/relatedPartyListing.ts';
import { bureauScoreDrop } from './signals/bureauScoreDrop.ts';
import { highDefaultProbability } from './signals/highDefaultProbability.ts';

const c = loadWarningConfig();
const E = EXAMPLE_ENTERPRISES;
const loan: LoanState = {
  loanId: 'LN-2026-0305-000212', enterpriseId: E.borrower, outstandingPrincipal: 536_880.4, daysPastDue: 0,
  nextDueDate: '2026-06-12', nextInstallmentAmount: 70_415.62,
};
const raisedAt = '2026-07-06T00:00:00.000Z';
const rep = (over: Partial<RepaymentEvent>, state: Partial<LoanState> = {}): WarningContext => ({
  input: { topic: 'repayments', event: { ...EXAMPLES.repayments, ...over } }, loan: { ...loan, ...state }, raisedAt,
});
const txn = (over: Partial<AccountTransaction>, state: Partial<LoanState> = {}, graph?: WarningGraph): WarningContext => ({
  input: { topic: 'transactions', event: { ...EXAMPLES.transactions, ...over } }, loan: { ...loan, ...state }, raisedAt, ...(graph ? { graph } : {}),
});
const upd = (event: EnterpriseUpdate, graph?: WarningGraph): WarningContext => ({
  input: { topic: 'enterprise-updates', event }, loan, raisedAt, ...(graph ? { graph } : {}),
});
const sister = { enterpriseId: E.sister, relation: 'sister company sharing the legal representative', hops: 2 };

describe('missed_payment', () => {
  it('fires on a missed installment, naming it', () => {
    const v = missedPayment(rep({}), c);
    expect(v).toMatchObject({ signal: 'missed_payment', severity: c.missedPayment.severity, dedupDetail: 'i4' });
    expect(v?.why[0]?.description).toBe('Installment 4 of 70,415.62 CNY due 2026-07-05 was not paid');
  });
  it('does not fire on a payment or on another topic', () => {
    expect(missedPayment(rep({ kind: 'paid', amountPaid: 70_415.62 }), c)).toBeNull();
    expect(missedPayment(txn({}), c)).toBeNull();
  });
});

describe('partial_payment', () => {
  it('fires when the shortfall reaches the minimum ratio, high from the high ratio', () => {
    const due = 10_000;
    const atMin = partialPayment(rep({ kind: 'partial', amountDue: due, amountPaid: due * (1 - c.partialPayment.minShortfallRatio) }), c);
    expect(atMin).toMatchObject({ signal: 'partial_payment', severity: c.partialPayment.severity });
    const half = partialPayment(rep({ kind: 'partial', amountDue: due, amountPaid: due * (1 - c.partialPayment.highShortfallRatio) }), c);
    expect(half?.severity).toBe('high');
  });
  it('does not fire on a small shortfall, a full payment or a missing amount due', () => {
    expect(partialPayment(rep({ kind: 'partial', amountDue: 10_000, amountPaid: 9_990 }), c)).toBeNull();
    expect(partialPayment(rep({ kind: 'paid', amountDue: 10_000, amountPaid: 1 }), c)).toBeNull();
    expect(partialPayment(rep({ kind: 'partial', amountDue: undefined, amountPaid: 1 }), c)).toBeNull();
  });
});

describe('dpd_transition', () => {
  const buckets = c.dpdTransition.buckets;
  it('places days past due in buckets', () => {
    expect(dpdBucket(0, buckets)).toBe(-1);
    buckets.forEach((b, i) => {
      expect(dpdBucket(b.from, buckets)).toBe(i);
      expect(dpdBucket(b.from - 1, buckets)).toBe(i - 1);
    });
  });
  it('fires when a higher bucket is entered, with that bucket’s severity', () => {
    for (const [i, b] of buckets.entries()) {
      const before = i === 0 ? 0 : (buckets[i - 1]?.from as number);
      const v = dpdTransition(rep({ kind: 'dpd_update', daysPastDue: b.from }, { daysPastDue: before }), c);
      expect(v).toMatchObject({ signal: 'dpd_transition', severity: b.severity, dedupDetail: `dpd${b.from}` });
    }
    // Jumping two buckets raises the higher one.
    expect(dpdTransition(rep({ kind: 'dpd_update', daysPastDue: 95 }, { daysPastDue: 10 }), c)?.severity).toBe('critical');
  });
  it('does not fire within a bucket or when days past due fall', () => {
    expect(dpdTransition(rep({ kind: 'dpd_update', daysPastDue: 45 }, { daysPastDue: 31 }), c)).toBeNull();
    expect(dpdTransition(rep({ kind: 'paid', daysPastDue: 0 }, { daysPastDue: 40 }), c)).toBeNull();
    expect(dpdTransition(rep({ kind: 'dpd_update', daysPastDue: 0 }, { daysPastDue: 0 }), c)).toBeNull();
  });
});

describe('inflow_collapse', () => {
  const withFeatures = (f: Record<string, number | null>): WarningContext => ({ ...txn({}), features: f });
  const p = c.inflowCollapse;
  it('fires when the 7-day inflow falls to the ratio of the baseline, high at the severe ratio', () => {
    const baseline = p.minWeeklyBaseline * 10;
    const at = inflowCollapse(withFeatures({ [WARNING_FEATURES.inflowTrend]: p.ratio, [WARNING_FEATURES.inflow7d]: baseline * p.ratio }), c);
    expect(at).toMatchObject({ signal: 'inflow_collapse', severity: p.severity });
    expect(at?.why[0]?.description).toContain(`${(p.ratio * 100).toFixed(0)}% of the usual`);
    const severe = inflowCollapse(withFeatures({ [WARNING_FEATURES.inflowTrend]: 0, [WARNING_FEATURES.inflow7d]: 0, [WARNING_FEATURES.inflow30d]: baseline * 4 }), c);
    expect(severe?.severity).toBe('high');
  });
  it('does not fire above the ratio, on a small baseline or without a trend', () => {
    expect(inflowCollapse(withFeatures({ [WARNING_FEATURES.inflowTrend]: p.ratio + 0.01, [WARNING_FEATURES.inflow7d]: 1e6 }), c)).toBeNull();
    expect(inflowCollapse(withFeatures({ [WARNING_FEATURES.inflowTrend]: 0.1, [WARNING_FEATURES.inflow7d]: (p.minWeeklyBaseline / 2) * 0.1 }), c)).toBeNull();
    expect(inflowCollapse(withFeatures({ [WARNING_FEATURES.inflowTrend]: null, [WARNING_FEATURES.inflow7d]: 0 }), c)).toBeNull();
    expect(inflowCollapse(txn({}), c)).toBeNull();
  });
});

describe('balance_drained_before_due', () => {
  const p = c.balanceDrainedBeforeDue;
  const installment = 70_000;
  const state = { nextDueDate: '2026-06-12', nextInstallmentAmount: installment };
  const drain = { direction: 'out' as const, eventTime: '2026-06-10T06:41:55.000Z', amount: 100_000, balanceBefore: 100_000 + installment * p.maxBalanceToInstallment, balanceAfter: installment * p.maxBalanceToInstallment };
  it('fires when an outflow within the window leaves at most the floor', () => {
    const v = balanceDrainedBeforeDue(txn(drain, state), c);
    expect(v).toMatchObject({ signal: 'balance_drained_before_due', severity: p.severity, dedupDetail: '2026-06-12' });
    expect(v?.why[0]?.description).toContain('2 day(s) before an installment of 70,000.00 CNY');
    // The example: 260,000 out leaving 41,512.37 two days before the due date.
    expect(balanceDrainedBeforeDue(txn({}, { nextInstallmentAmount: 250_000 }), c)?.signal).toBe('balance_drained_before_due');
  });
  it('does not fire outside the window, above the floor, on an inflow, or on an account already empty', () => {
    expect(balanceDrainedBeforeDue(txn({ ...drain, eventTime: '2026-06-01T00:00:00.000Z' }, state), c)).toBeNull();
    expect(balanceDrainedBeforeDue(txn({ ...drain, eventTime: '2026-06-14T00:00:00.000Z' }, state), c)).toBeNull();
    expect(balanceDrainedBeforeDue(txn({ ...drain, balanceAfter: installment * p.maxBalanceToInstallment + 1 }, state), c)).toBeNull();
    expect(balanceDrainedBeforeDue(txn({ ...drain, direction: 'in' }, state), c)).toBeNull();
    expect(balanceDrainedBeforeDue(txn({ ...drain, balanceBefore: 100, balanceAfter: 50, amount: 50 }, state), c)).toBeNull();
    expect(balanceDrainedBeforeDue(txn(drain, { nextDueDate: undefined }), c)).toBeNull();
  });
});

describe('related_party_transfer', () => {
  const p = c.relatedPartyTransfer;
  const shareholder = { relation: 'shareholder (35%) of the borrower', hops: 1 };
  it('fires on a large transfer to a related party, critical at the share of exposure', () => {
    const v = relatedPartyTransfer(txn({ amount: p.minAmount }, { outstandingPrincipal: p.minAmount * 100 }, { counterparty: shareholder }), c);
    expect(v).toMatchObject({ signal: 'related_party_transfer', severity: p.severity });
    expect(v?.why[0]?.description).toContain('shareholder (35%) of the borrower (1 hop in the graph)');
    const big = relatedPartyTransfer(txn({ amount: 200_000 }, { outstandingPrincipal: 200_000 / p.criticalShareOfExposure }, { counterparty: shareholder }), c);
    expect(big?.severity).toBe('critical');
  });
  it('does not fire for an unrelated or distant party, a small amount or an inflow', () => {
    expect(relatedPartyTransfer(txn({}, {}, { counterparty: null }), c)).toBeNull();
    expect(relatedPartyTransfer(txn({}), c)).toBeNull();
    expect(relatedPartyTransfer(txn({}, {}, { counterparty: { ...shareholder, hops: p.maxHops + 1 } }), c)).toBeNull();
    expect(relatedPartyTransfer(txn({ amount: p.minAmount - 1 }, {}, { counterparty: shareholder }), c)).toBeNull();
    expect(relatedPartyTransfer(txn({ direction: 'in' }, {}, { counterparty: shareholder }), c)).toBeNull();
  });
});

describe('new_lawsuit', () => {
  const suit = ENTERPRISE_UPDATE_EXAMPLES.litigation_filed;
  it('fires when the borrower is sued, high for a loan dispute, once per case', () => {
    expect(newLawsuit(upd(suit), c)).toMatchObject({ signal: 'new_lawsuit', severity: c.newLawsuit.severity, dedupDetail: suit.caseId });
    expect(newLawsuit(upd({ ...suit, caseType: 'loan_dispute' }), c)?.severity).toBe(c.newLawsuit.loanDisputeSeverity);
  });
  it('fires for a related party within reach', () => {
    const v = newLawsuit(upd({ ...suit, enterpriseId: E.sister }, { subject: { ...sister, hops: 1 } }), c);
    expect(v).toMatchObject({ severity: c.newLawsuit.relatedPartySeverity });
    expect(v?.why[0]?.code).toBe('RELATED_PARTY_LAWSUIT');
  });
  it('does not fire as plaintiff, for an unrelated or distant enterprise, or below the claim minimum', () => {
    expect(newLawsuit(upd({ ...suit, role: 'plaintiff' }), c)).toBeNull();
    expect(newLawsuit(upd({ ...suit, enterpriseId: E.customer }), c)).toBeNull();
    expect(newLawsuit(upd({ ...suit, enterpriseId: E.sister }, { subject: { ...sister, hops: c.newLawsuit.maxHops + 1 } }), c)).toBeNull();
    expect(newLawsuit(upd(suit), { ...c, newLawsuit: { ...c.newLawsuit, minClaimAmount: suit.claimAmount + 1 } })).toBeNull();
  });
});

describe('new_listing', () => {
  it('fires for the borrower on each list with its severity', () => {
    expect(newListing(upd(ENTERPRISE_UPDATE_EXAMPLES.abnormal_operation_listed), c)).toMatchObject({ signal: 'new_listing', severity: c.newListing.abnormalOperationSeverity });
    expect(newListing(upd(ENTERPRISE_UPDATE_EXAMPLES.tax_arrears), c)).toMatchObject({ severity: c.newListing.taxArrearsSeverity });
    const { subject: _person, ...enterpriseListing } = { ...ENTERPRISE_UPDATE_EXAMPLES.dishonest_debtor_listed, enterpriseId: E.borrower };
    expect(newListing(upd(enterpriseListing), c)).toMatchObject({ severity: c.newListing.dishonestDebtorSeverity });
  });
  it('does not fire for a listed person, a related enterprise, or a removal', () => {
    expect(newListing(upd({ ...ENTERPRISE_UPDATE_EXAMPLES.dishonest_debtor_listed, enterpriseId: E.borrower }), c)).toBeNull();
    expect(newListing(upd(ENTERPRISE_UPDATE_EXAMPLES.abnormal_operation_listed, { subject: sister }), c)).toBeNull();
    expect(newListing(upd(ENTERPRISE_UPDATE_EXAMPLES.abnormal_operation_removed), c)).toBeNull();
  });
});

describe('related_party_listing', () => {
  const personListed = { ...ENTERPRISE_UPDATE_EXAMPLES.dishonest_debtor_listed, enterpriseId: E.borrower };
  it('fires when a person tied to the borrower is listed', () => {
    const v = relatedPartyListing(upd(personListed), c);
    expect(v).toMatchObject({ signal: 'related_party_listing', severity: c.relatedPartyListing.severity });
    expect(v?.why[0]?.code).toBe('RELATED_PERSON_LISTED');
  });
  it('fires when a related enterprise within reach is listed', () => {
    const v = relatedPartyListing(upd(ENTERPRISE_UPDATE_EXAMPLES.dishonest_debtor_listed, { subject: sister }), c);
    expect(v).toMatchObject({ signal: 'related_party_listing', dedupDetail: E.sister });
    expect(v?.why[0]?.description).toContain('sister company sharing the legal representative');
  });
  it('does not fire for the borrower itself, a distant or unknown party, or other update kinds', () => {
    const { subject: _p, ...enterpriseListing } = personListed;
    expect(relatedPartyListing(upd(enterpriseListing), c)).toBeNull();
    expect(relatedPartyListing(upd(ENTERPRISE_UPDATE_EXAMPLES.dishonest_debtor_listed, { subject: { ...sister, hops: c.relatedPartyListing.maxHops + 1 } }), c)).toBeNull();
    expect(relatedPartyListing(upd(ENTERPRISE_UPDATE_EXAMPLES.dishonest_debtor_listed), c)).toBeNull();
    expect(relatedPartyListing(upd(ENTERPRISE_UPDATE_EXAMPLES.litigation_filed, { subject: sister }), c)).toBeNull();
  });
});

describe('bureau_score_drop', () => {
  const change = ENTERPRISE_UPDATE_EXAMPLES.bureau_score_change; // 712 → 641
  const p = c.bureauScoreDrop;
  it('fires at the minimum drop, high at the severe drop', () => {
    expect(bureauScoreDrop(upd({ ...change, previousScore: 700, newScore: 700 - p.minDrop }), c)).toMatchObject({ signal: 'bureau_score_drop', severity: p.severity });
    expect(bureauScoreDrop(upd({ ...change, previousScore: 700, newScore: 700 - p.severeDrop }), c)?.severity).toBe('high');
    expect(bureauScoreDrop(upd(change), c)?.why[0]?.description).toBe('Bureau score fell 71 points, from 712 to 641');
  });
  it('does not fire on a small drop, a rise, an unknown previous score or a related enterprise', () => {
    expect(bureauScoreDrop(upd({ ...change, previousScore: 700, newScore: 700 - p.minDrop + 1 }), c)).toBeNull();
    expect(bureauScoreDrop(upd({ ...change, previousScore: 600, newScore: 700 }), c)).toBeNull();
    const { previousScore: _prev, ...noPrevious } = change;
    expect(bureauScoreDrop(upd(noPrevious), c)).toBeNull();
    expect(bureauScoreDrop(upd(change, { subject: sister }), c)).toBeNull();
  });
});

describe('high_default_probability', () => {
  const p = c.highDefaultProbability;
  it('fires at the threshold, critical from criticalAt', () => {
    expect(highDefaultProbability({ ...rep({}), probabilityOfDefault: p.threshold }, c)).toMatchObject({ signal: 'high_default_probability', severity: p.severity });
    expect(highDefaultProbability({ ...rep({}), probabilityOfDefault: p.criticalAt }, c)?.severity).toBe('critical');
  });
  it('does not fire below the threshold, without a PD or without a loan', () => {
    expect(highDefaultProbability({ ...rep({}), probabilityOfDefault: p.threshold - 0.001 }, c)).toBeNull();
    expect(highDefaultProbability({ ...rep({}), probabilityOfDefault: null }, c)).toBeNull();
    expect(highDefaultProbability({ ...rep({}), loan: null, probabilityOfDefault: 0.9 }, c)).toBeNull();
  });
});
