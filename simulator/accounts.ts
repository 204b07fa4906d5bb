/**
 * Posts every account's transactions day by day with a running balance: customer receipts
 * (Poisson counts, log-normal amounts, scaled by the activity model), supplier payments (slowed
 * when cash is short), payroll on the 10th, tax on the 15th, card spend, month-end sweeps to or
 * from the firm's account at another bank, plus everything other stages scheduled (loan
 * disbursements and debits, drains, related-party transfers, fraud). Outflows never exceed the
 * balance; a loan debit the plan says is paid is funded by the legal representative if needed.
 */
import { recordSignal } from './signals.ts';
import { activity, type SalesModel } from './sales.ts';
import { atCst, DAY, dayFloor, HOUR, MINUTE, weekdayCst } from './time.ts';
import type { Account, Counterparty, ScheduledTxn, World } from './world.ts';

const round2 = (x: number): number => Math.round(x * 100) / 100;
const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** Receipts settled by a card acquirer rather than paid by named customers. */
const ACQUIRED_INDUSTRIES = new Set(['F52', 'H62']);
/** Share of potential monthly sales kept as an operating balance. */
const TARGET_BALANCE_SHARE = 0.6;

const ORIGINAL_TYPES: Record<string, string> = {
  'in:transfer': 'CR_TRF', 'in:mobile': 'MB_CR', 'in:merchant_payment': 'POS_SETTLE', 'in:loan_disbursement': 'LOAN_DISB', 'in:cash': 'CASH_DEP',
  'out:transfer': 'DR_TRF', 'out:mobile': 'MB_TRF', 'out:cash': 'CASH_WDL', 'out:payroll': 'PAYROLL', 'out:tax': 'TAX_PAY',
  'out:card': 'CARD_PUR', 'out:loan_repayment': 'LOAN_REPAY',
};

type Channel = 'transfer' | 'cash' | 'mobile' | 'loan_disbursement' | 'loan_repayment' | 'card' | 'payroll' | 'tax' | 'merchant_payment';

interface Item extends Omit<ScheduledTxn, 'channel'> {
  readonly channel: Channel;
}

export class AccountStage {
  constructor(readonly world: World, readonly sales: SalesModel) {}

  run(onProgress?: (done: number, total: number) => void): void {
    const accounts = this.world.accounts;
    accounts.forEach((a, i) => {
      this.#simulate(a);
      if (onProgress && (i % 50 === 0 || i === accounts.length - 1)) onProgress(i + 1, accounts.length);
    });
  }

  #simulate(a: Account): void {
    const { startMs, endMs } = this.world.options;
    const e = a.enterprise;
    const rng = this.world.rng.derive('txn', a.index);
    const from = Math.max(startMs, a.openedMs);
    const scheduled = a.scheduled.filter((s) => s.ms >= from && s.ms < endMs).sort((x, y) => x.ms - y.ms);
    const regular = a.kind === 'own' && e.fate !== 'shell';
    const state = { balance: 0, seq: 0 };
    const target = (ms: number): number => TARGET_BALANCE_SHARE * this.sales.potential(e, ms);
    const own: Counterparty = { name: e.name, account: e.settlementAccount, enterpriseId: e.id };

    if (a.openedMs < startMs) state.balance = round2(regular ? target(startMs) * rng.range(0.6, 1.4) : 0);
    else if (regular) this.#post(a, state, { ms: a.openedMs + MINUTE, direction: 'in', channel: 'transfer', amount: round2(target(a.openedMs) * rng.range(0.2, 0.6)), counterparty: own });

    if (!regular) {
      for (const s of scheduled) this.#post(a, state, s);
      return;
    }
    let next = 0;
    const taxOffice: Counterparty = { name: `国家税务总局${e.city.cityName}税务局`, account: `9${e.city.division}000000000001`, enterpriseId: null };
    for (let day = dayFloor(from); day < endMs; day += DAY) {
      const items: Item[] = [];
      const noon = day + 4 * HOUR;
      const vanished = e.vanishMs !== null && day >= e.vanishMs;
      if (!vanished) {
        const pot = this.sales.potential(e, day);
        const act = activity(e, noon);
        const t = target(day);
        const wd = weekdayCst(noon);
        const wf = wd === 0 ? 0.3 : wd === 6 ? 0.6 : 1.12;
        const ticket = e.industry.ticket;
        // Customer receipts: fewer customers pay when activity falls.
        const lamIn = clamp(pot / ticket / 26, 0.3, 1.8);
        const meanIn = (pot * 0.95) / 30.4 / lamIn;
        const acquired = ACQUIRED_INDUSTRIES.has(e.industry.code);
        for (let k = rng.poisson(lamIn * wf * act); k > 0; k--) {
          const cp = e.customers[Math.floor(e.customers.length * rng.float() ** 2)] ?? null;
          items.push({
            ms: atCst(day, rng.range(8.5, 19.5)), direction: 'in', channel: acquired && rng.chance(0.6) ? 'merchant_payment' : rng.chance(0.1) ? 'mobile' : 'transfer',
            amount: round2(meanIn * rng.lognormal(0.9, 0.5)), counterparty: cp,
          });
        }
        // Supplier payments: slowed (not stopped) when cash runs short; distress does not reduce them.
        const pr = e.industry.purchaseRatio;
        const lamOut = clamp((pot * pr) / (ticket * 1.5) / 26, 0.2, 1.0);
        const meanOut = (pot * pr) / 30.4 / lamOut;
        const bf = Math.sqrt(clamp(state.balance / Math.max(1, t), 0.3, 1.5));
        for (let k = rng.poisson(lamOut * wf * bf); k > 0; k--) {
          const cp = e.suppliers[Math.floor(e.suppliers.length * rng.float() ** 2)] ?? null;
          items.push({ ms: atCst(day, rng.range(8.5, 19)), direction: 'out', channel: 'transfer', amount: round2(meanOut * rng.lognormal(0.9, 0.5) * bf), counterparty: cp });
        }
        const dom = new Date(noon).getUTCDate();
        if (dom === 10) items.push({ ms: atCst(day, 10), direction: 'out', channel: 'payroll', amount: round2(e.employees * 7000 * rng.lognormal(1, 0.05)), counterparty: null });
        if (dom === 15) items.push({ ms: atCst(day, 11), direction: 'out', channel: 'tax', amount: round2(0.03 * pot * act), counterparty: taxOffice });
        if (wd !== 0 && rng.chance(0.15)) items.push({ ms: atCst(day, rng.range(9, 21)), direction: 'out', channel: 'card', amount: round2(rng.range(200, 5000)), counterparty: null });
        if (dom === 28) {
          const stressed = e.distress !== null && noon >= e.distress.onsetMs && (e.distress.cureMs === null || noon < e.distress.cureMs);
          // Month-end treasury: excess cash swept to the firm's other bank, a shortfall refilled from it.
          if (state.balance > 1.8 * t) items.push({ ms: atCst(day, 16.5), direction: 'out', channel: 'transfer', amount: round2(state.balance - t), counterparty: own });
          else if (state.balance < 0.3 * t && !stressed) items.push({ ms: atCst(day, 16.5), direction: 'in', channel: 'transfer', amount: round2(0.6 * t), counterparty: own });
        }
      }
      while (next < scheduled.length && (scheduled[next] as ScheduledTxn).ms < day + DAY) items.push(scheduled[next++] as ScheduledTxn);
      if (items.length === 0) continue;
      items.sort((x, y) => x.ms - y.ms);
      for (const item of items) {
        if (item.ms >= from) this.#post(a, state, item);
      }
    }
  }

  /** Posts one transaction (capping outflows at the balance) and records what it means for truth. */
  #post(a: Account, state: { balance: number; seq: number }, item: Item): void {
    const e = a.enterprise;
    const world = this.world;
    let amount = typeof item.amount === 'number' ? item.amount : round2(state.balance * item.amount.balanceShare);
    if (item.direction === 'out') {
      if (item.ensureFunds && state.balance < amount) {
        // The owner puts money in so the installment is collected.
        const topUp = round2(amount - state.balance + amount * 0.1 * ((state.seq % 7) + 1));
        this.#emit(a, state, { ms: item.ms - 1000, direction: 'in', channel: 'transfer', amount: topUp, counterparty: { name: e.legalRep.name, account: e.legalRep.personalAccount, enterpriseId: null } }, topUp);
      } else if (amount > state.balance) {
        amount = round2(state.balance * 0.6);
      }
    }
    if (amount < 1) return;
    const eventId = this.#emit(a, state, item, amount);
    if (eventId === null) return;
    switch (item.tag) {
      case 'ato':
        world.fraudTxns.push({ eventId, ms: item.ms, enterprise: e, kind: 'account_takeover', caseId: item.fraudCaseId ?? null });
        break;
      case 'bust_out':
      case 'cash_out':
        world.fraudTxns.push({ eventId, ms: item.ms, enterprise: e, kind: item.tag, caseId: null });
        break;
      case 'night_legit':
        world.lookAlikes.push({ ms: item.ms, enterprise: e, refEventId: eventId });
        break;
      case 'drain':
        recordSignal(e, 'balanceDrain', item.ms);
        break;
      default:
        break;
    }
    if (item.related) recordSignal(e, 'relatedTransfer', item.ms);
  }

  #emit(a: Account, state: { balance: number; seq: number }, item: Item, amount: number): string | null {
    const before = state.balance;
    const after = round2(item.direction === 'in' ? before + amount : before - amount);
    const cp = item.counterparty;
    const id = this.world.emitter.emit('transactions', item.ms, {
      transactionId: `${this.world.emitter.runId}-T${a.index + 1}-${state.seq + 1}`,
      accountId: a.number,
      enterpriseId: a.enterprise.id,
      ...(item.loanId ? { loanId: item.loanId } : {}),
      direction: item.direction,
      amount,
      channel: item.channel,
      ...(cp ? { counterpartyAccount: cp.account, counterpartyName: cp.name } : {}),
      ...(cp?.enterpriseId ? { counterpartyEnterpriseId: cp.enterpriseId } : {}),
      balanceBefore: before,
      balanceAfter: after,
      originalType: ORIGINAL_TYPES[`${item.direction}:${item.channel}`] ?? 'OTHER',
    });
    if (id !== null) {
      state.balance = after;
      state.seq++;
    }
    return id;
  }
}

