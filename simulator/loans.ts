/**
 * Loans: the back-book present at go-live, new loans from approved applications, and each loan's
 * repayment plan — installments due monthly (annuity), paid / paid late / partial / missed by the
 * borrower's fate, days-past-due updates at 30-day steps, cure or default at 90 days past due.
 * Payments also become debits on the borrower's account, so transactions and repayments agree.
 */
import { openAccount } from './openAccount.ts';
import { addMonths, atCst, dateOf, DAY, dayFloor, HOUR, MINUTE } from './time.ts';
import type { Account, Application, Enterprise, Loan, LoanKind, World } from './world.ts';

/** Days past due at which a `dpd_update` is emitted (90 is the default definition). */
export const DPD_STEPS = [30, 60, 90, 120, 150, 180, 270, 360] as const;
/** Days past due that make a loan defaulted (Basel / CBIRC five-category "substandard" threshold). */
export const DEFAULT_DPD = 90;

const round2 = (x: number): number => Math.round(x * 100) / 100;

export function termOptions(product: string): ReadonlyArray<readonly [number, number]> {
  return product === 'term_loan' ? [[12, 2], [24, 4], [36, 3]] : product === 'invoice_financing' ? [[3, 3], [6, 5], [12, 2]] : [[6, 2], [12, 5], [24, 2]];
}

/**
 * Principal for a monthly-sales-sized request: longer terms borrow more, so the installment stays
 * around 5-17% of monthly sales (serviceable from the operating balance).
 */
export function loanSize(salesShare: number, termMonths: number): number {
  return Math.max(50_000, Math.round((salesShare * Math.max(1, termMonths / 8)) / 10_000) * 10_000);
}

export interface NewLoan {
  enterprise: Enterprise;
  application: Application | null;
  kind: LoanKind;
  openedMs: number;
  principal: number;
  termMonths: number;
  product: string;
  backBook: boolean;
  account: Account;
}

/** Creates a loan with its annuity schedule (rate priced on latent quality). */
export function createLoan(world: World, spec: NewLoan): Loan {
  const rng = world.rng.derive('loan', world.loans.length);
  const annualRate = Math.round(Math.min(0.24, 0.035 + 0.02 * Math.max(0, -spec.enterprise.quality) + rng.range(0, 0.02)) * 10_000) / 10_000;
  const r = annualRate / 12;
  const installment = round2((spec.principal * r) / (1 - Math.pow(1 + r, -spec.termMonths)));
  const day0 = dayFloor(spec.openedMs);
  const loan: Loan = {
    index: world.loans.length,
    id: `${world.emitter.runId}-L${world.loans.length + 1}`,
    enterprise: spec.enterprise,
    application: spec.application,
    kind: spec.kind,
    openedMs: spec.openedMs,
    principal: spec.principal,
    termMonths: spec.termMonths,
    annualRate,
    product: spec.product,
    installment,
    dueMs: Array.from({ length: spec.termMonths }, (_, k) => addMonths(day0, k + 1)),
    backBook: spec.backBook,
    account: spec.account,
    firstMissedNo: null,
    firstMissedDueMs: null,
    defaultMs: null,
    curedMs: null,
    closedMs: null,
  };
  world.loans.push(loan);
  spec.enterprise.loans.push(loan);
  if (spec.application) spec.application.loan = loan;
  return loan;
}

/** Loans already on the book at the start (opened before it), plus accounts of depositors. */
export function createBackBook(world: World): void {
  const { params, startMs } = world.options;
  const rng = world.rng.derive('back-book');
  for (const e of world.enterprises) {
    if (e.fate === 'shell') continue;
    const r = rng.derive(e.index);
    const borrower = e.fate === 'bust_out' || r.chance(params.backBookShare);
    if (!borrower) {
      if (r.chance(params.depositorShare)) openAccount(world, e, startMs - Math.round(e.yearsInBusiness * 180) * DAY);
      continue;
    }
    const product = r.weighted(e.industry.products);
    const termMonths = r.weighted(termOptions(product));
    // Opened early enough to be seasoned, late enough that installments remain after the start.
    const openedMs = atCst(startMs - r.int(10, Math.max(11, (termMonths - 1) * 30)) * DAY, r.range(9.5, 16.5));
    const account = openAccount(world, e, Math.min(openedMs, startMs - Math.round(e.yearsInBusiness * 180) * DAY));
    createLoan(world, {
      enterprise: e, application: null, kind: 'regular', openedMs, backBook: true, account, product, termMonths,
      principal: loanSize(e.baseSales * r.range(0.3, 1), termMonths),
    });
  }
}

type InstallmentFate = { kind: 'paid' } | { kind: 'late'; days: number } | { kind: 'partial'; share: number } | { kind: 'missed' };

/** What happens to installment k (1-based) due at dueMs, from the borrower's hidden fate. */
function installmentFate(world: World, loan: Loan, k: number, dueMs: number): InstallmentFate {
  const e = loan.enterprise;
  const rng = world.rng.derive('installment', loan.index, k);
  if (loan.kind !== 'regular') return { kind: 'missed' };
  if (e.vanishMs !== null && dueMs >= e.vanishMs) return { kind: 'missed' };
  const d = e.distress;
  if (d && dueMs >= d.missFromMs && (d.cureMs === null || dueMs < d.cureMs)) {
    const first = loan.firstMissedNo === null;
    return first && rng.chance(0.3) ? { kind: 'partial', share: rng.range(0.2, 0.6) } : { kind: 'missed' };
  }
  if (rng.chance(world.options.params.latePaymentShare)) return { kind: 'late', days: rng.int(1, 20) };
  return { kind: 'paid' };
}

/**
 * Emits the loan's servicing events and schedules its account movements. Runs over the whole
 * schedule so truth knows defaults beyond the window; the emitter keeps what falls inside it.
 */
export function planRepayments(world: World, loan: Loan): void {
  const { emitter } = world;
  const e = loan.enterprise;
  const base = { loanId: loan.id, enterpriseId: e.id };
  const jitter = (loan.index % 600) * 1000;
  const r = loan.annualRate / 12;
  // Outstanding principal after j installments have been paid (annuity amortisation).
  const outstandingAfter: number[] = [loan.principal];
  for (let j = 1; j <= loan.termMonths; j++) {
    const prev = outstandingAfter[j - 1] ?? 0;
    outstandingAfter.push(Math.max(0, round2(prev - (loan.installment - prev * r))));
  }
  let paidCount = 0;
  const outstanding = (): number => outstandingAfter[paidCount] ?? 0;

  emitter.emit('repayments', loan.openedMs, {
    ...base, kind: 'loan_opened', daysPastDue: 0, principal: loan.principal, outstandingPrincipal: loan.principal,
    termMonths: loan.termMonths, annualRate: loan.annualRate, product: loan.product,
    ...(loan.application ? { applicationId: loan.application.id } : {}),
  }, { history: loan.backBook });
  loan.account.scheduled.push({
    ms: loan.openedMs + 5 * MINUTE, direction: 'in', channel: 'loan_disbursement', amount: loan.principal, counterparty: null, loanId: loan.id, tag: 'disburse',
  });

  const debit = (ms: number, amount: number): void => {
    loan.account.scheduled.push({ ms, direction: 'out', channel: 'loan_repayment', amount, counterparty: null, loanId: loan.id, ensureFunds: true, tag: 'repay' });
  };

  // Arrears: unpaid installments (number, due, amount still owed), oldest first.
  const arrears: Array<{ no: number; dueMs: number; owed: number }> = [];
  const dpdAt = (ms: number): number => (arrears[0] ? Math.max(0, Math.floor((ms - (arrears[0].dueMs)) / DAY)) : 0);
  let snapshotDone = false;
  /** Called before anything at or after the start is emitted: a back-book loan already in arrears reports its days past due at go-live. */
  const snapshotAtStart = (): void => {
    if (snapshotDone) return;
    snapshotDone = true;
    if (!loan.backBook || arrears.length === 0) return;
    const ms = world.options.startMs + HOUR + jitter;
    emitter.emit('repayments', ms, { ...base, kind: 'dpd_update', daysPastDue: dpdAt(ms), outstandingPrincipal: outstanding() });
  };
  const reach = (ms: number): void => {
    if (ms >= world.options.startMs) snapshotAtStart();
  };
  const emitDpdSteps = (fromMs: number, untilMs: number): void => {
    const oldest = arrears[0];
    if (!oldest) return;
    for (const step of DPD_STEPS) {
      const ms = oldest.dueMs + step * DAY + HOUR + 45 * MINUTE + jitter;
      if (ms <= fromMs || ms >= untilMs) continue;
      reach(ms);
      emitter.emit('repayments', ms, { ...base, kind: 'dpd_update', daysPastDue: step, outstandingPrincipal: outstanding() });
      if (step === DEFAULT_DPD && loan.defaultMs === null) loan.defaultMs = oldest.dueMs + DEFAULT_DPD * DAY;
    }
  };

  const cureMs = e.distress?.cureMs ?? null;
  let lastMs = loan.openedMs;
  for (let k = 1; k <= loan.termMonths; k++) {
    const dueMs = loan.dueMs[k - 1] as number;
    // A cure between the previous and this due date pays every arrear at once.
    if (cureMs !== null && arrears.length > 0 && cureMs < dueMs) lastMs = cure(cureMs, lastMs);
    emitDpdSteps(lastMs, dueMs);
    reach(dueMs);
    const dueAt = dueMs + HOUR + jitter;
    const dueDate = dateOf(dueMs);
    emitter.emit('repayments', dueAt, {
      ...base, kind: 'installment_due', installmentNo: k, dueDate, amountDue: loan.installment, daysPastDue: dpdAt(dueAt), outstandingPrincipal: outstanding(),
    });
    const fate = installmentFate(world, loan, k, dueMs);
    const payAt = dueMs + 2 * HOUR + jitter * 3;
    if (fate.kind === 'paid' && arrears.length === 0) {
      paidCount++;
      debit(payAt - 1000, loan.installment);
      emitter.emit('repayments', payAt, {
        ...base, kind: 'paid', installmentNo: k, dueDate, amountPaid: loan.installment, daysPastDue: 0, outstandingPrincipal: outstanding(),
      });
      lastMs = payAt;
    } else if (fate.kind === 'late' && arrears.length === 0) {
      const missAt = dueMs + DAY + HOUR + 30 * MINUTE + jitter;
      emitter.emit('repayments', missAt, { ...base, kind: 'missed', installmentNo: k, dueDate, amountDue: loan.installment, amountPaid: 0, daysPastDue: 1, outstandingPrincipal: outstanding() });
      const lateAt = dueMs + fate.days * DAY + 3 * HOUR + jitter;
      paidCount++;
      debit(lateAt - 1000, loan.installment);
      emitter.emit('repayments', lateAt, {
        ...base, kind: 'paid', installmentNo: k, dueDate, amountPaid: loan.installment, daysPastDue: 0, outstandingPrincipal: outstanding(),
      });
      lastMs = lateAt;
    } else {
      let owed = loan.installment;
      if (fate.kind === 'partial') {
        const paid = round2(loan.installment * fate.share);
        owed = round2(loan.installment - paid);
        debit(payAt - 1000, paid);
        emitter.emit('repayments', payAt, {
          ...base, kind: 'partial', installmentNo: k, dueDate, amountDue: loan.installment, amountPaid: paid, daysPastDue: dpdAt(payAt), outstandingPrincipal: outstanding(),
        });
      }
      arrears.push({ no: k, dueMs, owed });
      if (loan.firstMissedNo === null) {
        loan.firstMissedNo = k;
        loan.firstMissedDueMs = dueMs;
      }
      if (fate.kind !== 'partial') {
        const missAt = dueMs + DAY + HOUR + 30 * MINUTE + jitter;
        emitter.emit('repayments', missAt, {
          ...base, kind: 'missed', installmentNo: k, dueDate, amountDue: loan.installment, amountPaid: 0, daysPastDue: dpdAt(missAt), outstandingPrincipal: outstanding(),
        });
      }
      lastMs = fate.kind === 'partial' ? payAt : dueMs + DAY + HOUR + 30 * MINUTE + jitter;
    }
  }
  // After the last due date: a pending cure, then days-past-due steps up to a year, or closure.
  if (cureMs !== null && arrears.length > 0) lastMs = cure(cureMs, lastMs);
  if (arrears.length > 0) emitDpdSteps(lastMs, lastMs + 400 * DAY);
  else {
    reach(lastMs + MINUTE);
    loan.closedMs = lastMs + MINUTE;
    emitter.emit('repayments', loan.closedMs, { ...base, kind: 'loan_closed', daysPastDue: 0, outstandingPrincipal: 0 });
  }
  snapshotAtStart();

  /** Pays every arrear at once, at the first business hour after `ms` that follows the last event. */
  function cure(ms: number, after: number): number {
    const at = Math.max(atCst(dayFloor(ms), 11) + jitter, after + HOUR);
    emitDpdSteps(after, at);
    reach(at);
    const amount = round2(arrears.reduce((s, a) => s + a.owed, 0));
    const last = arrears[arrears.length - 1];
    paidCount += arrears.length;
    arrears.length = 0;
    loan.curedMs = at;
    debit(at - 1000, amount);
    emitter.emit('repayments', at, {
      ...base, kind: 'paid', installmentNo: last?.no ?? 0, amountPaid: amount, daysPastDue: 0, outstandingPrincipal: outstanding(),
    });
    emitter.emit('repayments', at + MINUTE, { ...base, kind: 'dpd_update', daysPastDue: 0, outstandingPrincipal: outstanding() });
    return at + MINUTE;
  }
}
