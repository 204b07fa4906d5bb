/**
 * Defaults are preceded by warning signals more often than healthy loans are, and some healthy
 * loans show them too. Signals are computed from the emitted events alone (SignalObserver);
 * truth only says which loans defaulted.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { OBSERVED_SIGNAL_NAMES, SignalObserver, signalCount, type ObservedSignals } from './observedSignals.ts';
import { simulate, type SimulationOutput } from './simulate.ts';
import { DAY } from './time.ts';

/** Days of window needed before a due date for the observer's baselines. */
const HISTORY_DAYS = 70;

let output: SimulationOutput;
let defaulted: ObservedSignals[];
let healthy: ObservedSignals[];

const share = (xs: ObservedSignals[], test: (s: ObservedSignals) => boolean): number => xs.filter(test).length / xs.length;
const mean = (xs: ObservedSignals[]): number => xs.reduce((n, s) => n + signalCount(s), 0) / xs.length;

beforeAll(() => {
  output = simulate({ seed: 3, days: 150, enterprises: 1500 });
  const observer = new SignalObserver(output.events);
  const { startMs, endMs } = output.options;
  const enterprises = new Map(output.truth.enterprises.map((e) => [e.enterpriseId, e]));
  const dueDates = new Map<string, string[]>();
  for (const r of output.events.repayments) {
    if (r.kind === 'installment_due' && r.dueDate) dueDates.set(r.loanId, [...(dueDates.get(r.loanId) ?? []), r.dueDate]);
  }
  defaulted = [];
  healthy = [];
  for (const loan of output.truth.loans) {
    const e = enterprises.get(loan.enterpriseId);
    if (!e || loan.kind !== 'regular' || e.isFraud) continue;
    if (loan.willDefault && loan.firstMissedDueDate) {
      const due = Date.parse(loan.firstMissedDueDate);
      if (due >= startMs + HISTORY_DAYS * DAY && due < endMs) defaulted.push(observer.observe(loan.loanId, loan.firstMissedDueDate));
    } else if (!loan.willDefault && e.distress === null) {
      const due = (dueDates.get(loan.loanId) ?? []).find((d) => Date.parse(d) >= startMs + HISTORY_DAYS * DAY);
      if (due) healthy.push(observer.observe(loan.loanId, due));
    }
  }
});

describe('pre-default signals in the emitted events', () => {
  it('has enough loans of both kinds to compare', () => {
    expect(defaulted.length).toBeGreaterThanOrEqual(15);
    expect(healthy.length).toBeGreaterThanOrEqual(300);
  });

  it('shows more signals before defaults than before healthy due dates', () => {
    expect(mean(defaulted)).toBeGreaterThan(2 * mean(healthy));
    expect(share(defaulted, (s) => signalCount(s) >= 2)).toBeGreaterThan(3 * share(healthy, (s) => signalCount(s) >= 2));
    // Each kind of signal is at least as common before a default (none is pure noise).
    for (const name of OBSERVED_SIGNAL_NAMES) {
      expect(share(defaulted, (s) => s[name]), name).toBeGreaterThanOrEqual(share(healthy, (s) => s[name]));
    }
    expect(share(defaulted, (s) => s.balanceDrain)).toBeGreaterThan(3 * share(healthy, (s) => s.balanceDrain));
  });

  it('shows some signals on healthy loans too, and leaves some defaults without warning', () => {
    expect(share(healthy, (s) => signalCount(s) >= 1)).toBeGreaterThan(0.05);
    for (const name of OBSERVED_SIGNAL_NAMES) expect(share(healthy, (s) => s[name]), name).toBeGreaterThan(0);
    expect(share(defaulted, (s) => signalCount(s) >= 2)).toBeLessThan(1);
  });
});
