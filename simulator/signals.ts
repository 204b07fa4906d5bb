/**
 * Early-warning signals, for distressed enterprises (weeks before they stop paying, with varying
 * lead times) and as noise for healthy ones: lawsuits, dishonest-debtor and abnormal-operation
 * listings (of the enterprise or a shareholder), tax arrears, balance drained before a due date
 * and transfers to related parties. Inflow decline comes from the activity model (sales.ts) and
 * bureau drops from bureau.ts.
 */
import type { Rng } from './rng.ts';
import type { SalesModel } from './sales.ts';
import { atCst, DAY, dayFloor } from './time.ts';
import { ABNORMAL_REASONS, TAX_TYPES } from './vocab.ts';
import type { Counterparty, Enterprise, Person, SignalName, World } from './world.ts';
import { companyName, corporateAccount } from './identity.ts';

/** Notes that a warning signal was actually emitted for an enterprise (for truth). */
export function recordSignal(e: Enterprise, name: SignalName, ms: number): void {
  const list = e.emittedSignals.get(name) ?? [];
  list.push(ms);
  e.emittedSignals.set(name, list);
}

/** A related party to move money to: an enterprise sharing a person, else a shareholder or officer. */
export function relatedCounterparty(rng: Rng, e: Enterprise): Counterparty {
  const firms = [...e.related].filter((r) => r.fate !== 'shell');
  if (firms.length > 0 && rng.chance(0.75)) {
    const r = rng.pick(firms);
    return { name: r.name, account: r.account?.number ?? r.settlementAccount, enterpriseId: r.id };
  }
  const people: Person[] = [e.legalRep, ...e.shareholders.flatMap((h) => (h.person ? [h.person] : [])), ...e.officers.map((o) => o.person)];
  const p = rng.pick(people);
  return { name: p.name, account: p.personalAccount, enterpriseId: null };
}

const caseNo = (rng: Rng, e: Enterprise, ms: number, kind: 'MC' | 'ZX'): string =>
  `${new Date(ms).getUTCFullYear()}-${e.city.province}${e.city.division.slice(2)}-${kind}-${rng.digits(5)}`;

export class SignalStage {
  constructor(readonly world: World, readonly sales: SalesModel) {}

  run(): void {
    for (const e of this.world.enterprises) {
      const rng = this.world.rng.derive('signals', e.index);
      if (e.distress) this.#distress(rng, e);
      else if (e.noise) this.#noise(rng, e);
      if (e.fate !== 'shell' && rng.chance(0.03 * Math.min(1, this.world.options.days / 90))) this.#plaintiffSuit(rng, e);
    }
  }

  #adverse(e: Enterprise, kind: string, ms: number, id: string | null, signal: SignalName | null): void {
    if (id === null) return;
    e.adverse.push({ kind, ms });
    if (signal) recordSignal(e, signal, ms);
  }

  #inWindowBusiness(rng: Rng): number {
    const { startMs, endMs } = this.world.options;
    return atCst(startMs + Math.floor(rng.range(0, (endMs - startMs) / DAY)) * DAY, rng.range(9, 18));
  }

  #distress(rng: Rng, e: Enterprise): void {
    const d = e.distress;
    if (!d) return;
    const lead = d.missFromMs - d.onsetMs;
    const at = (a: number, b: number): number => atCst(dayFloor(d.onsetMs + rng.range(a, b) * lead), rng.range(9, 18));
    if (d.signals.has('lawsuit')) this.#lawsuit(rng, e, at(0.2, 1.3), true);
    if (d.signals.has('listing')) this.#listing(rng, e, at(0.4, 1.6), true);
    if (d.signals.has('taxArrears')) this.#taxArrears(rng, e, at(0.3, 1.2));
    const account = e.account;
    if (!account) return;
    if (d.signals.has('balanceDrain')) {
      const targets = new Set<number>();
      for (const loan of e.loans) {
        const dues = loan.dueMs.filter((m) => m >= d.missFromMs && (d.cureMs === null || m < d.cureMs)).slice(0, rng.int(1, 2));
        for (const m of dues) targets.add(m);
      }
      if (targets.size === 0) targets.add(dayFloor(d.missFromMs));
      for (const due of targets) {
        const kind = rng.weighted([['related', 0.4], ['cash', 0.3], ['other', 0.3]] as const);
        const counterparty = kind === 'related' ? relatedCounterparty(rng, e) : kind === 'cash' ? null : this.#stranger(rng, e);
        account.scheduled.push({
          ms: atCst(due - rng.int(1, 6) * DAY, rng.range(14, 18)), direction: 'out', channel: kind === 'cash' ? 'cash' : 'transfer',
          amount: { balanceShare: rng.range(0.85, 0.97) }, counterparty, tag: 'drain', related: kind === 'related',
        });
      }
    }
    if (d.signals.has('relatedTransfer')) {
      const n = Math.max(1, rng.poisson((lead / DAY / 7) * 1.2));
      const span = lead + 20 * DAY;
      for (let i = 0; i < n; i++) {
        account.scheduled.push({
          ms: atCst(dayFloor(d.onsetMs + rng.range(0, span)), rng.range(9.5, 17.5)), direction: 'out', channel: 'transfer',
          amount: { balanceShare: rng.range(0.08, 0.3) }, counterparty: relatedCounterparty(rng, e), tag: 'related', related: true,
        });
      }
    }
  }

  #noise(rng: Rng, e: Enterprise): void {
    const s = e.noise?.signals;
    if (!s) return;
    if (s.has('lawsuit')) this.#lawsuit(rng, e, this.#inWindowBusiness(rng), false);
    if (s.has('listing')) this.#listing(rng, e, this.#inWindowBusiness(rng), false);
    if (s.has('taxArrears')) this.#taxArrears(rng, e, this.#inWindowBusiness(rng));
    const account = e.account;
    if (!account) return;
    if (s.has('balanceDrain')) {
      // A big supplier payment just before a due date; the owner tops the account up in time.
      const dues = e.loans.flatMap((l) => l.dueMs).filter((m) => this.world.emitter.inWindow(m - 6 * DAY));
      const due = dues.length > 0 ? rng.pick(dues) : dayFloor(this.#inWindowBusiness(rng)) + 6 * DAY;
      account.scheduled.push({
        ms: atCst(due - rng.int(1, 5) * DAY, rng.range(10, 17)), direction: 'out', channel: 'transfer',
        amount: { balanceShare: rng.range(0.8, 0.92) }, counterparty: rng.pick(e.suppliers), tag: 'drain',
      });
    }
    if (s.has('relatedTransfer')) {
      for (let i = rng.int(1, 2); i > 0; i--) {
        account.scheduled.push({
          ms: this.#inWindowBusiness(rng), direction: 'out', channel: 'transfer',
          amount: { balanceShare: rng.range(0.05, 0.2) }, counterparty: relatedCounterparty(rng, e), tag: 'related', related: true,
        });
      }
    }
  }

  #stranger(rng: Rng, e: Enterprise): Counterparty {
    return { name: companyName(rng, e.city, e.industry), account: corporateAccount(rng), enterpriseId: null };
  }

  #lawsuit(rng: Rng, e: Enterprise, ms: number, distress: boolean): void {
    const { emitter } = this.world;
    const caseId = caseNo(rng, e, ms, 'MC');
    const monthly = this.sales.potential(e, ms);
    const claimAmount = Math.round(monthly * (distress ? rng.range(0.3, 2) : rng.range(0.02, 0.3)));
    const plaintiff = e.suppliers.find((s) => s.enterpriseId !== null);
    const caseType = distress
      ? rng.weighted([['loan_dispute', 0.4], ['contract_dispute', 0.5], ['labour_dispute', 0.1]] as const)
      : rng.weighted([['contract_dispute', 0.5], ['labour_dispute', 0.4], ['other', 0.1]] as const);
    const id = emitter.emit('enterprise-updates', ms, {
      enterpriseId: e.id, provider: 'sim-court', kind: 'litigation_filed', caseId, role: 'defendant', caseType, claimAmount,
      ...(plaintiff?.enterpriseId && rng.chance(0.6) ? { counterpartyEnterpriseId: plaintiff.enterpriseId } : {}),
    });
    this.#adverse(e, 'litigation_filed', ms, id, 'lawsuit');
    if (id !== null && rng.chance(0.4)) {
      const outcome = distress
        ? rng.weighted([['lost', 0.7], ['settled', 0.3]] as const)
        : rng.weighted([['won', 0.3], ['settled', 0.4], ['dismissed', 0.2], ['lost', 0.1]] as const);
      const judgedMs = atCst(dayFloor(ms) + rng.int(45, 120) * DAY, rng.range(9, 17));
      emitter.emit('enterprise-updates', judgedMs, {
        enterpriseId: e.id, provider: 'sim-court', kind: 'litigation_judged', caseId, outcome,
        judgmentAmount: outcome === 'lost' ? Math.round(claimAmount * rng.range(0.6, 1)) : outcome === 'settled' ? Math.round(claimAmount * rng.range(0.2, 0.6)) : 0,
      });
    }
  }

  #plaintiffSuit(rng: Rng, e: Enterprise): void {
    const ms = this.#inWindowBusiness(rng);
    const debtor = e.customers.find((c) => c.enterpriseId !== null);
    this.world.emitter.emit('enterprise-updates', ms, {
      enterpriseId: e.id, provider: 'sim-court', kind: 'litigation_filed', caseId: caseNo(rng, e, ms, 'MC'), role: 'plaintiff',
      caseType: 'contract_dispute', claimAmount: Math.round(this.sales.potential(e, ms) * rng.range(0.05, 0.5)),
      ...(debtor?.enterpriseId ? { counterpartyEnterpriseId: debtor.enterpriseId } : {}),
    });
  }

  #listing(rng: Rng, e: Enterprise, ms: number, distress: boolean): void {
    const { emitter } = this.world;
    const kind = distress
      ? rng.weighted([['dishonest_enterprise', 0.35], ['dishonest_shareholder', 0.35], ['abnormal', 0.3]] as const)
      : rng.weighted([['abnormal', 0.7], ['dishonest_shareholder', 0.3]] as const);
    if (kind === 'abnormal') {
      const reason = distress && rng.chance(0.6) ? ABNORMAL_REASONS.unreachable : ABNORMAL_REASONS.annualReport;
      const id = emitter.emit('enterprise-updates', ms, { enterpriseId: e.id, provider: 'sim-registry', kind: 'abnormal_operation_listed', reason });
      this.#adverse(e, 'abnormal_operation_listed', ms, id, 'listing');
      if (id !== null && !distress) {
        emitter.emit('enterprise-updates', atCst(dayFloor(ms) + rng.int(10, 40) * DAY, rng.range(9, 17)), {
          enterpriseId: e.id, provider: 'sim-registry', kind: 'abnormal_operation_removed', reason,
        });
      }
      return;
    }
    const holders = e.shareholders.flatMap((h) => (h.person ? [h.person] : []));
    const subject = kind === 'dishonest_shareholder' ? rng.pick(holders.length > 0 ? holders : [e.legalRep]) : null;
    const body = {
      enterpriseId: e.id, provider: 'sim-court', caseId: caseNo(rng, e, ms, 'ZX'),
      amount: Math.round(this.sales.potential(e, ms) * (distress ? rng.range(0.2, 1.5) : rng.range(0.01, 0.1))),
      ...(subject ? { subject: { idNumber: subject.idNumber, name: subject.name } } : {}),
    };
    const id = emitter.emit('enterprise-updates', ms, { ...body, kind: 'dishonest_debtor_listed' });
    this.#adverse(e, 'dishonest_debtor_listed', ms, id, 'listing');
    if (id !== null && !distress && rng.chance(0.3)) {
      emitter.emit('enterprise-updates', atCst(dayFloor(ms) + rng.int(20, 60) * DAY, rng.range(9, 17)), { ...body, kind: 'dishonest_debtor_removed' });
    }
  }

  #taxArrears(rng: Rng, e: Enterprise, ms: number): void {
    const id = this.world.emitter.emit('enterprise-updates', ms, {
      enterpriseId: e.id, provider: 'sim-tax', kind: 'tax_arrears',
      amount: Math.round(this.sales.potential(e, ms) * rng.range(0.03, 0.3)), taxType: rng.pick(TAX_TYPES),
    });
    this.#adverse(e, 'tax_arrears', ms, id, 'taxArrears');
  }
}
