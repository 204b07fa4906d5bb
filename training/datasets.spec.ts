import { describe, expect, it } from 'vitest';
import { FEATURE_REGISTRY } from '../features/registry.ts';
import type { SimulationTruth } from '../simulator/truth.ts';
import { createDatasetSpecs, featuresFor, type StreamEvent } from './datasets.ts';

/** Just the truth fields the specs read. */
function truth(partial: Partial<SimulationTruth>): SimulationTruth {
  return { applications: [], loans: [], fraudTransactions: [], ...partial } as unknown as SimulationTruth;
}

const loan = (loanId: string, firstMissedDueDate: string | null, defaultDate: string | null, closedAt: string | null = null) =>
  ({ loanId, firstMissedDueDate, defaultDate, closedAt }) as unknown as SimulationTruth['loans'][number];

const repayment = (eventId: string, loanId: string, eventTime: string, kind = 'installment_due') =>
  ({ topic: 'repayments', event: { eventId, loanId, eventTime, kind } }) as unknown as StreamEvent;

const txn = (eventId: string, eventTime: string, loanId?: string) =>
  ({ topic: 'transactions', event: { eventId, eventTime, loanId } }) as unknown as StreamEvent;

describe('featuresFor', () => {
  it('keeps registry order and only features every topic of the table carries', () => {
    const names = featuresFor(['repayments', 'transactions'], FEATURE_REGISTRY);
    const registryOrder = FEATURE_REGISTRY.features.map((f) => f.name).filter((n) => names.includes(n));
    expect(names).toEqual(registryOrder);
    expect(names.some((n) => n.startsWith('loan.'))).toBe(true);
    expect(names.some((n) => n.startsWith('enterprise.'))).toBe(true);
    // Accounts are keyed on transactions only, devices on applications only.
    expect(names.some((n) => n.startsWith('account.') || n.startsWith('device.'))).toBe(false);
  });
});

describe('pd_30d rows', () => {
  // L1 misses its 2026-03-10 installment and reaches 90 DPD on 2026-06-08; L2 misses one and cures (no default).
  const pd = () =>
    createDatasetSpecs(
      truth({ loans: [loan('L1', '2026-03-10', '2026-06-08'), loan('L2', '2026-01-05', null, '2026-02-01T00:00:00.000Z')] }),
    ).find((s) => s.name === 'pd_30d')!;

  it('labels a row 1 exactly when the arrears spell ending in default starts within 30 days', () => {
    const spec = pd();
    expect(spec.observe(repayment('e1', 'L1', '2026-02-01T00:00:00.000Z'))?.label).toBe(0); // onset 37 days ahead
    expect(spec.observe(repayment('e2', 'L1', '2026-02-08T00:00:00.000Z'))?.label).toBe(1); // onset 30 days ahead
    expect(spec.observe(repayment('e3', 'L1', '2026-05-01T00:00:00.000Z'))?.label).toBe(1); // in arrears, will not cure
    expect(spec.observe(repayment('e4', 'L2', '2026-01-20T00:00:00.000Z'))?.label).toBe(0); // in arrears, cures
  });

  it('drops rows of loans already in default or closed, and loan_closed events', () => {
    const spec = pd();
    expect(spec.observe(repayment('e1', 'L1', '2026-06-08T00:00:00.000Z'))).toBeNull();
    expect(spec.observe(repayment('e2', 'L2', '2026-02-02T00:00:00.000Z'))).toBeNull();
    expect(spec.observe(repayment('e3', 'L2', '2026-01-10T00:00:00.000Z', 'loan_closed'))).toBeNull();
  });

  it('takes one servicing-account transaction per loan per day and ignores other accounts', () => {
    const spec = pd();
    expect(spec.observe(txn('t1', '2026-02-01T08:00:00.000Z', 'L1'))?.rowId).toBe('t1');
    expect(spec.observe(txn('t2', '2026-02-01T17:00:00.000Z', 'L1'))).toBeNull();
    expect(spec.observe(txn('t3', '2026-02-02T08:00:00.000Z', 'L1'))?.rowId).toBe('t3');
    expect(spec.observe(txn('t4', '2026-02-02T09:00:00.000Z'))).toBeNull();
  });
});

describe('fraud rows', () => {
  it('labels applications and transactions from the ground truth', () => {
    const specs = createDatasetSpecs(
      truth({
        applications: [{ applicationId: 'A1', isFraud: true }, { applicationId: 'A2', isFraud: false }] as unknown as SimulationTruth['applications'],
        fraudTransactions: [{ eventId: 't9' }] as unknown as SimulationTruth['fraudTransactions'],
      }),
    );
    const app = specs.find((s) => s.name === 'application_fraud')!;
    const tx = specs.find((s) => s.name === 'transaction_fraud')!;
    const application = (applicationId: string) => ({ topic: 'applications', event: { applicationId, eventTime: '2026-01-01T00:00:00.000Z' } }) as unknown as StreamEvent;
    expect(app.observe(application('A1'))?.label).toBe(1);
    expect(app.observe(application('A2'))?.label).toBe(0);
    expect(tx.observe(txn('t9', '2026-01-01T00:00:00.000Z'))?.label).toBe(1);
    expect(tx.observe(txn('t8', '2026-01-01T00:00:00.000Z'))?.label).toBe(0);
    expect(app.observe(txn('t9', '2026-01-01T00:00:00.000Z'))).toBeNull();
  });
});
