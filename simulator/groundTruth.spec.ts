/**
 * truth.json agrees with what the events show: growth classes are visible in the invoice
 * summaries, sound enterprises have no adverse records, bust-outs drain their new loan and go
 * silent, and account takeovers are night-time transfers to accounts never paid before.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { simulate, type SimulationOutput } from './simulate.ts';
import { DAY, HOUR } from './time.ts';

let output: SimulationOutput;

beforeAll(() => {
  output = simulate({ seed: 5, days: 120, enterprises: 800 });
});

/** Least-squares slope of log monthly sales per year. */
function annualSlope(points: Array<{ month: string; sales: number }>): number {
  const xs = points.map((p) => (Number(p.month.slice(0, 4)) * 12 + Number(p.month.slice(5, 7))) / 12);
  const ys = points.map((p) => Math.log(Math.max(1, p.sales)));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * ((ys[i] as number) - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

describe('ground truth against the events', () => {
  it('shows the growth class in the invoice history', () => {
    const invoices = new Map<string, Array<{ month: string; sales: number }>>();
    for (const u of output.events['enterprise-updates']) {
      if (u.kind === 'invoice_summary') invoices.set(u.enterpriseId, [...(invoices.get(u.enterpriseId) ?? []), { month: u.month, sales: u.salesAmount }]);
    }
    const slopes: Record<string, number[]> = { growing: [], stable: [], declining: [] };
    for (const e of output.truth.enterprises) {
      const points = invoices.get(e.enterpriseId) ?? [];
      if (e.isFraud || e.distress || points.length < 12) continue;
      slopes[e.growthClass]?.push(annualSlope(points));
    }
    const [g, s, d] = [median(slopes.growing ?? []), median(slopes.stable ?? []), median(slopes.declining ?? [])];
    expect(g).toBeGreaterThan(s + 0.1);
    expect(s).toBeGreaterThan(d + 0.1);
  });

  it('gives sound enterprises no adverse record, default or fraud label, and unsound ones some', () => {
    const adverse = new Set<string>();
    for (const u of output.events['enterprise-updates']) {
      if ((u.kind === 'litigation_filed' && u.role === 'defendant') || u.kind === 'dishonest_debtor_listed' || u.kind === 'abnormal_operation_listed' || u.kind === 'tax_arrears') adverse.add(u.enterpriseId);
    }
    for (const l of output.events.labels) if (l.enterpriseId && l.kind !== 'false_positive' && l.fraudType !== 'transaction') adverse.add(l.enterpriseId);
    const sound = output.truth.enterprises.filter((e) => e.sound);
    const unsound = output.truth.enterprises.filter((e) => !e.sound);
    expect(sound.length).toBeGreaterThan(output.truth.enterprises.length / 2);
    expect(sound.filter((e) => adverse.has(e.enterpriseId))).toEqual([]);
    expect(unsound.filter((e) => adverse.has(e.enterpriseId)).length).toBeGreaterThan(unsound.length / 3);
  });

  it('drains a bust-out loan within days, then the firm goes silent and never pays', () => {
    const bustOuts = output.truth.loans.filter((l) => l.kind === 'bust_out' && Date.parse(l.openedAt) < output.options.endMs - 10 * DAY);
    expect(bustOuts.length).toBeGreaterThan(0);
    for (const loan of bustOuts) {
      const opened = Date.parse(loan.openedAt);
      const txns = output.events.transactions.filter((t) => t.accountId === loan.accountId);
      const out3d = txns.filter((t) => t.direction === 'out' && Date.parse(t.eventTime) > opened && Date.parse(t.eventTime) < opened + 3 * DAY).reduce((s, t) => s + t.amount, 0);
      expect(out3d).toBeGreaterThan(0.8 * loan.principal);
      expect(txns.filter((t) => Date.parse(t.eventTime) > opened + 4 * DAY)).toEqual([]);
      const paid = output.events.repayments.filter((r) => r.loanId === loan.loanId && r.kind === 'paid');
      expect(paid).toEqual([]);
    }
  });

  it('makes account takeovers night-time mobile transfers to new accounts', () => {
    const takeovers = new Set(output.truth.fraudTransactions.filter((t) => t.kind === 'account_takeover').map((t) => t.eventId));
    expect(takeovers.size).toBeGreaterThan(0);
    const seen = new Map<string, Set<string>>();
    for (const t of output.events.transactions) {
      const known = seen.get(t.accountId) ?? new Set<string>();
      if (takeovers.has(t.eventId)) {
        const hourCst = new Date(Date.parse(t.eventTime) + 8 * HOUR).getUTCHours();
        expect(hourCst).toBeLessThan(6);
        expect(t.channel).toBe('mobile');
        expect(t.direction).toBe('out');
        expect(known.has(t.counterpartyAccount ?? '')).toBe(false);
      } else if (t.counterpartyAccount) {
        known.add(t.counterpartyAccount);
      }
      seen.set(t.accountId, known);
    }
  });
});
