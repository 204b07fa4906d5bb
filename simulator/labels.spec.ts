/**
 * Labels arrive after the facts they describe, with realistic delays: defaults only after 90 days
 * past due, fraud confirmed weeks later, takeover complaints days later; false positives point
 * at genuine events. A short run labels few of the defaults its truth knows about.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { simulate, type SimulationOutput } from './simulate.ts';
import { DAY } from './time.ts';

let output: SimulationOutput;
const timeOf = new Map<string, number>();

beforeAll(() => {
  output = simulate({ seed: 8, days: 150, enterprises: 1000 });
  for (const t of output.events.transactions) timeOf.set(t.eventId, Date.parse(t.eventTime));
  for (const a of output.events.applications) timeOf.set(a.applicationId, Date.parse(a.eventTime));
  for (const r of output.events.repayments) if (r.kind === 'loan_opened') timeOf.set(r.loanId, Date.parse(r.eventTime));
});

const labelsOf = (kind: string, fraudType?: string) =>
  output.events.labels.filter((l) => l.kind === kind && (fraudType === undefined || l.fraudType === fraudType));

describe('outcome labels', () => {
  it('has every kind of label in a long run', () => {
    for (const [kind, type] of [['default'], ['false_positive'], ['fraud_confirmed', 'ring'], ['fraud_confirmed', 'transaction'], ['fraud_confirmed', 'bust_out']] as const) {
      expect(labelsOf(kind, type).length, `${kind} ${type ?? ''}`).toBeGreaterThan(0);
    }
  });

  it('arrives after the fact and after every event it refers to', () => {
    const problems: string[] = [];
    for (const l of output.events.labels) {
      const at = Date.parse(l.eventTime);
      if (at <= Date.parse(l.occurredAt)) problems.push(`${l.labelId}: not after occurredAt`);
      for (const ref of [l.refEventId, l.applicationId, l.loanId]) {
        const t = ref ? timeOf.get(ref) : undefined;
        if (t !== undefined && at <= t) problems.push(`${l.labelId}: before ${ref}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('labels a default only after the loan reached 90 days past due', () => {
    const byLoan = new Map<string, Array<{ at: number; dpd: number }>>();
    for (const r of output.events.repayments) {
      if (r.daysPastDue > 0) byLoan.set(r.loanId, [...(byLoan.get(r.loanId) ?? []), { at: Date.parse(r.eventTime), dpd: r.daysPastDue }]);
    }
    const defaults = labelsOf('default');
    expect(defaults.length).toBeGreaterThanOrEqual(10);
    for (const l of defaults) {
      const labelAt = Date.parse(l.eventTime);
      const before = (byLoan.get(l.loanId ?? '') ?? []).filter((x) => x.at < labelAt);
      // Some servicing event before the label already shows 90+ days past due ...
      expect(Math.max(0, ...before.map((x) => x.dpd)), `${l.loanId} reached 90 days past due`).toBeGreaterThanOrEqual(90);
      // ... and every one agrees on the day it crossed 90 (occurredAt).
      for (const x of before) expect(Math.abs(x.at - (x.dpd - 90) * DAY - Date.parse(l.occurredAt))).toBeLessThan(DAY);
    }
  });

  it('confirms application and bust-out fraud weeks later, and takeovers days later', () => {
    const delays = (labels: typeof output.events.labels) => labels.map((l) => (Date.parse(l.eventTime) - Date.parse(l.occurredAt)) / DAY).sort((a, b) => a - b);
    const slow = delays([...labelsOf('fraud_confirmed', 'ring'), ...labelsOf('fraud_confirmed', 'bust_out'), ...labelsOf('fraud_confirmed', 'identity')]);
    expect(slow[0]).toBeGreaterThanOrEqual(7);
    expect(slow[Math.floor(slow.length / 2)]).toBeGreaterThanOrEqual(21);
    const takeovers = delays(labelsOf('fraud_confirmed', 'transaction'));
    expect(takeovers[0]).toBeGreaterThanOrEqual(1);
    // Every transaction label points at a takeover transaction of the truth.
    const ato = new Set(output.truth.fraudTransactions.filter((t) => t.kind === 'account_takeover').map((t) => t.eventId));
    for (const l of labelsOf('fraud_confirmed', 'transaction')) expect(ato.has(l.refEventId ?? '')).toBe(true);
  });

  it('marks as false positives only genuine events', () => {
    const fraudApps = new Set(output.truth.applications.filter((a) => a.isFraud).map((a) => a.applicationId));
    const fraudTxns = new Set(output.truth.fraudTransactions.map((t) => t.eventId));
    for (const l of labelsOf('false_positive')) {
      expect(l.refEventId ?? l.applicationId).toBeDefined();
      if (l.applicationId) expect(fraudApps.has(l.applicationId)).toBe(false);
      if (l.refEventId) expect(fraudTxns.has(l.refEventId)).toBe(false);
    }
  });

  it('labels few of the known defaults when the run is short', () => {
    const short = simulate({ seed: 8, days: 3, enterprises: 1000 });
    const known = short.truth.loans.filter((l) => l.willDefault).length;
    const labelled = short.events.labels.filter((l) => l.kind === 'default').length;
    expect(known).toBeGreaterThan(10);
    expect(labelled).toBeLessThanOrEqual(known * 0.2);
  });
});
