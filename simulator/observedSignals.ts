/**
 * Early-warning signals as a monitor would see them in the emitted events alone (no truth):
 * used to check that the simulator's defaults are preceded by signals more often than healthy
 * loans are, and that healthy loans show some too. Also handy for reporting signal prevalence.
 */
import type { SimulatedEvents } from './simulate.ts';
import { DAY } from './time.ts';

export interface ObservedSignals {
  /** Daily customer receipts in the 2 weeks before the due date fell below 60% of their level 4-10 weeks before it. */
  readonly inflowDecline: boolean;
  /** The balance just before the due date was below the installment. */
  readonly balanceDrain: boolean;
  /** An outflow in the 6 weeks before went to a shareholder, officer or an enterprise sharing one. */
  readonly relatedTransfer: boolean;
  /** A lawsuit as defendant, a listing (of the firm or a shareholder) or tax arrears within [-60, +30] days. */
  readonly adverseRecord: boolean;
  /** The bureau score fell by 30+ points within [-60, +30] days. */
  readonly bureauDrop: boolean;
}

export const OBSERVED_SIGNAL_NAMES: ReadonlyArray<keyof ObservedSignals> = ['inflowDecline', 'balanceDrain', 'relatedTransfer', 'adverseRecord', 'bureauDrop'];

type Txn = SimulatedEvents['transactions'][number];
type Update = SimulatedEvents['enterprise-updates'][number];

const ADVERSE_KINDS = new Set(['litigation_filed', 'dishonest_debtor_listed', 'abnormal_operation_listed', 'tax_arrears']);
const RECEIPT_CHANNELS = new Set(['transfer', 'mobile', 'merchant_payment']);

/** Indexes a simulation's events once, then answers per-loan signal questions. */
export class SignalObserver {
  readonly #txnsByEnterprise = new Map<string, Txn[]>();
  readonly #updatesByEnterprise = new Map<string, Update[]>();
  /** Person id numbers and names linked to each enterprise (legal rep, shareholders, officers). */
  readonly #people = new Map<string, { ids: Set<string>; names: Set<string> }>();
  readonly #enterprisesOfPerson = new Map<string, Set<string>>();
  readonly #holdings = new Map<string, Set<string>>();
  readonly #installments = new Map<string, Map<string, number>>();
  readonly #loanEnterprise = new Map<string, string>();

  constructor(events: SimulatedEvents) {
    for (const t of events.transactions) {
      if (!t.enterpriseId) continue;
      const list = this.#txnsByEnterprise.get(t.enterpriseId) ?? [];
      list.push(t);
      this.#txnsByEnterprise.set(t.enterpriseId, list);
    }
    for (const u of events['enterprise-updates']) {
      const list = this.#updatesByEnterprise.get(u.enterpriseId) ?? [];
      list.push(u);
      this.#updatesByEnterprise.set(u.enterpriseId, list);
      const person =
        u.kind === 'registry_change' ? u.legalRepresentative
          : u.kind === 'equity_change' ? u.shareholder.person
            : u.kind === 'officer_change' ? u.officer
              : undefined;
      if (person) {
        const p = this.#people.get(u.enterpriseId) ?? { ids: new Set(), names: new Set() };
        p.ids.add(person.idNumber);
        if (person.name) p.names.add(person.name);
        this.#people.set(u.enterpriseId, p);
        const firms = this.#enterprisesOfPerson.get(person.idNumber) ?? new Set();
        firms.add(u.enterpriseId);
        this.#enterprisesOfPerson.set(person.idNumber, firms);
      }
      if (u.kind === 'equity_change' && u.shareholder.enterpriseId) {
        for (const [a, b] of [[u.enterpriseId, u.shareholder.enterpriseId], [u.shareholder.enterpriseId, u.enterpriseId]] as const) {
          const set = this.#holdings.get(a) ?? new Set();
          set.add(b);
          this.#holdings.set(a, set);
        }
      }
    }
    for (const r of events.repayments) {
      if (r.enterpriseId) this.#loanEnterprise.set(r.loanId, r.enterpriseId);
      if (r.kind === 'installment_due' && r.dueDate && r.amountDue !== undefined) {
        const m = this.#installments.get(r.loanId) ?? new Map<string, number>();
        m.set(r.dueDate, r.amountDue);
        this.#installments.set(r.loanId, m);
      }
    }
  }

  /** Enterprises sharing a person with, or holding / held by, the given one. */
  related(enterpriseId: string): Set<string> {
    const out = new Set<string>(this.#holdings.get(enterpriseId) ?? []);
    for (const id of this.#people.get(enterpriseId)?.ids ?? []) {
      for (const firm of this.#enterprisesOfPerson.get(id) ?? []) if (firm !== enterpriseId) out.add(firm);
    }
    return out;
  }

  /** Signals around a loan's due date `dueDate` (YYYY-MM-DD), from the events alone. */
  observe(loanId: string, dueDate: string): ObservedSignals {
    const enterpriseId = this.#loanEnterprise.get(loanId);
    if (!enterpriseId) throw new RangeError(`no repayment events for loan ${loanId}`);
    const ref = Date.parse(`${dueDate}T00:00:00.000Z`);
    const txns = this.#txnsByEnterprise.get(enterpriseId) ?? [];
    const people = this.#people.get(enterpriseId) ?? { ids: new Set<string>(), names: new Set<string>() };
    const related = this.related(enterpriseId);
    const isInsider = (t: Txn): boolean =>
      (t.counterpartyEnterpriseId !== undefined && (t.counterpartyEnterpriseId === enterpriseId || related.has(t.counterpartyEnterpriseId))) ||
      (t.counterpartyName !== undefined && people.names.has(t.counterpartyName));

    let recent = 0;
    let earlier = 0;
    let lastBalance: number | null = null;
    let relatedTransfer = false;
    for (const t of txns) {
      const ms = Date.parse(t.eventTime);
      if (ms >= ref) break;
      lastBalance = t.balanceAfter;
      if (ms < ref - 70 * DAY) continue;
      if (t.direction === 'in' && RECEIPT_CHANNELS.has(t.channel) && !isInsider(t)) {
        if (ms >= ref - 14 * DAY) recent += t.amount / 14;
        else if (ms < ref - 28 * DAY) earlier += t.amount / 42;
      }
      if (ms < ref - 42 * DAY) continue;
      if (t.direction === 'out' && t.counterpartyEnterpriseId !== enterpriseId && isInsider(t)) relatedTransfer = true;
    }
    const installment = this.#installments.get(loanId)?.get(dueDate);
    let adverseRecord = false;
    let bureauDrop = false;
    for (const u of this.#updatesByEnterprise.get(enterpriseId) ?? []) {
      const ms = Date.parse(u.eventTime);
      if (ms < ref - 60 * DAY || ms >= ref + 30 * DAY) continue;
      if (ADVERSE_KINDS.has(u.kind) && !(u.kind === 'litigation_filed' && u.role === 'plaintiff')) adverseRecord = true;
      if (u.kind === 'bureau_score_change' && u.previousScore !== undefined && u.newScore <= u.previousScore - 30) bureauDrop = true;
    }
    return {
      inflowDecline: earlier > 0 && recent < 0.6 * earlier,
      balanceDrain: lastBalance !== null && installment !== undefined && lastBalance < installment,
      relatedTransfer,
      adverseRecord,
      bureauDrop,
    };
  }
}

/** Number of signals present. */
export const signalCount = (s: ObservedSignals): number => OBSERVED_SIGNAL_NAMES.reduce((n, k) => n + (s[k] ? 1 : 0), 0);
