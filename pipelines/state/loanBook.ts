/**
 * The servicing state of live loans, kept beside the features: early-warning signals compare
 * an event with the loan's state *before* it (days-past-due transitions, balance before the due
 * date), and transactions and enterprise updates reach a borrower's loans through its
 * enterprise id. Only repayment events change a loan's state, and repayments are keyed by loan
 * id, so each loan has a single writer (one partition) — no cross-partition races.
 */
import type { RedisClientType } from 'redis';
import type { LoanState } from '../../detectors/warning/context.ts';
import type { RepaymentEvent } from '../../schemas/topics/repayment.ts';
import { ServiceUnavailableError } from '../../lib/errors.ts';

/** A loan's state with what the book needs beyond the signals' view. */
export interface StoredLoan extends LoanState {
  readonly closed?: boolean;
  readonly principal?: number;
  readonly openedAt?: string;
  /**
   * The state before each of the loan's most recent repayment events, by event id: a redelivered
   * event (crash before commit) sees the same "before" state as the first time, so its signals
   * and alerts are the same, and is not applied twice.
   */
  readonly recent?: ReadonlyArray<readonly [string, LoanSnapshot]>;
}

/** A loan state without its redelivery memory. */
export type LoanSnapshot = Omit<StoredLoan, 'recent'>;

/** How many recent events per loan are remembered for redelivery (a consumer batch holds far fewer per loan). */
export const RECENT_EVENTS_PER_LOAN = 64;

const snapshotOf = (loan: StoredLoan): LoanSnapshot => {
  const { recent: _recent, ...rest } = loan;
  return rest;
};

export interface LoanLookup {
  /** Loan ids by enterprise, for the enterprises asked. */
  readonly byEnterprise: ReadonlyMap<string, readonly string[]>;
  readonly loans: ReadonlyMap<string, StoredLoan>;
}

/** Storage of loan states: read what a batch needs in one go, write the changes in one go. */
export interface LoanStateStore {
  read(loanIds: readonly string[], enterpriseIds: readonly string[]): Promise<LoanLookup>;
  write(changed: readonly StoredLoan[]): Promise<void>;
}

/** The next state of a loan after a repayment event (pure). */
export function nextLoanState(previous: StoredLoan | undefined, e: RepaymentEvent): StoredLoan {
  const base: StoredLoan = previous ?? { loanId: e.loanId, daysPastDue: 0 };
  const enterpriseId = e.enterpriseId ?? base.enterpriseId;
  const outstanding = e.outstandingPrincipal ?? base.outstandingPrincipal;
  const common = { ...base, ...(enterpriseId ? { enterpriseId } : {}), ...(outstanding !== undefined ? { outstandingPrincipal: outstanding } : {}), daysPastDue: e.daysPastDue };
  switch (e.kind) {
    case 'loan_opened':
      return { ...common, ...(e.principal !== undefined ? { principal: e.principal, outstandingPrincipal: e.outstandingPrincipal ?? e.principal } : {}), openedAt: e.eventTime, closed: false };
    case 'installment_due':
      return { ...common, ...(e.dueDate ? { nextDueDate: e.dueDate } : {}), ...(e.amountDue !== undefined ? { nextInstallmentAmount: e.amountDue } : {}) };
    case 'paid': {
      // A payment that clears the arrears settles the installment; the next `installment_due` sets the next one.
      const { nextDueDate: _d, nextInstallmentAmount: _a, ...rest } = common;
      return e.daysPastDue === 0 ? rest : common;
    }
    case 'loan_closed':
      return { ...common, closed: true, outstandingPrincipal: 0 };
    default:
      return common;
  }
}

export interface LoanContexts {
  /** Per input (aligned), the states (before the event) of the loans it concerns. */
  readonly before: ReadonlyArray<readonly StoredLoan[]>;
}

/** One input as the loan book sees it. */
export type LoanBookInput =
  | { readonly topic: 'repayments'; readonly event: RepaymentEvent }
  | { readonly topic: 'transactions'; readonly event: { readonly loanId?: string; readonly enterpriseId?: string } }
  | { readonly topic: 'enterprise-updates'; readonly event: { readonly enterpriseId: string } }
  | { readonly topic: 'applications' | 'labels' | 'collection-outcomes'; readonly event: unknown };

export class LoanBook {
  constructor(private readonly store: LoanStateStore) {}

  /**
   * Live (not closed) loans of the given enterprises, as stored now — for signals about related
   * parties' borrowers, which read loan states but never change them.
   */
  async liveLoansOf(enterpriseIds: readonly string[]): Promise<StoredLoan[]> {
    if (enterpriseIds.length === 0) return [];
    const lookup = await this.store.read([], enterpriseIds);
    const ids = new Set(enterpriseIds.flatMap((e) => lookup.byEnterprise.get(e) ?? []));
    return [...ids].flatMap((id) => {
      const loan = lookup.loans.get(id);
      return loan && !loan.closed ? [loan] : [];
    });
  }

  /** Applies a batch in order; returns, per input, the states of its loans before it. */
  async applyBatch(inputs: readonly LoanBookInput[]): Promise<LoanContexts> {
    const loanIds = new Set<string>();
    const enterpriseIds = new Set<string>();
    for (const input of inputs) {
      if (input.topic === 'repayments') loanIds.add(input.event.loanId);
      else if (input.topic === 'transactions') {
        if (input.event.loanId) loanIds.add(input.event.loanId);
        else if (input.event.enterpriseId) enterpriseIds.add(input.event.enterpriseId);
      } else if (input.topic === 'enterprise-updates') enterpriseIds.add(input.event.enterpriseId);
    }
    if (loanIds.size === 0 && enterpriseIds.size === 0) return { before: inputs.map(() => []) };
    const lookup = await this.store.read([...loanIds], [...enterpriseIds]);
    const loans = new Map(lookup.loans);
    const byEnterprise = new Map<string, Set<string>>();
    for (const [ent, ids] of lookup.byEnterprise) byEnterprise.set(ent, new Set(ids));
    const changed = new Map<string, StoredLoan>();
    const live = (id: string): StoredLoan[] => {
      const loan = loans.get(id);
      return loan && !loan.closed ? [snapshotOf(loan)] : [];
    };
    const before = inputs.map((input): StoredLoan[] => {
      if (input.topic === 'repayments') {
        const stored = loans.get(input.event.loanId);
        const seen = stored?.recent?.find(([id]) => id === input.event.eventId);
        if (seen) return [seen[1]];
        const previous = stored ? snapshotOf(stored) : undefined;
        const recent = [...(stored?.recent ?? []), [input.event.eventId, previous ?? { loanId: input.event.loanId, daysPastDue: 0 }] as const].slice(-RECENT_EVENTS_PER_LOAN);
        const next: StoredLoan = { ...nextLoanState(previous, input.event), recent };
        loans.set(next.loanId, next);
        changed.set(next.loanId, next);
        if (next.enterpriseId && !next.closed) {
          const set = byEnterprise.get(next.enterpriseId) ?? new Set<string>();
          set.add(next.loanId);
          byEnterprise.set(next.enterpriseId, set);
        }
        return previous ? [previous] : [];
      }
      if (input.topic === 'transactions') {
        if (input.event.loanId) return live(input.event.loanId);
        const ids = input.event.enterpriseId ? byEnterprise.get(input.event.enterpriseId) : undefined;
        return ids ? [...ids].flatMap(live) : [];
      }
      if (input.topic === 'enterprise-updates') {
        const ids = byEnterprise.get(input.event.enterpriseId);
        return ids ? [...ids].flatMap(live) : [];
      }
      return [];
    });
    if (changed.size > 0) await this.store.write([...changed.values()]);
    return { before };
  }
}

/** In-process loan states, for embedded mode and tests. */
export class MemoryLoanStateStore implements LoanStateStore {
  readonly #loans = new Map<string, StoredLoan>();
  readonly #byEnterprise = new Map<string, Set<string>>();

  async read(loanIds: readonly string[], enterpriseIds: readonly string[]): Promise<LoanLookup> {
    const byEnterprise = new Map<string, string[]>();
    const wanted = new Set(loanIds);
    for (const ent of enterpriseIds) {
      const ids = [...(this.#byEnterprise.get(ent) ?? [])];
      byEnterprise.set(ent, ids);
      for (const id of ids) wanted.add(id);
    }
    const loans = new Map<string, StoredLoan>();
    for (const id of wanted) {
      const loan = this.#loans.get(id);
      if (loan) loans.set(id, loan);
    }
    return { byEnterprise, loans };
  }

  async write(changed: readonly StoredLoan[]): Promise<void> {
    for (const loan of changed) {
      this.#loans.set(loan.loanId, loan);
      if (!loan.enterpriseId) continue;
      const set = this.#byEnterprise.get(loan.enterpriseId) ?? new Set<string>();
      if (loan.closed) set.delete(loan.loanId);
      else set.add(loan.loanId);
      this.#byEnterprise.set(loan.enterpriseId, set);
    }
  }
}

/** Key shapes of the loan book; hash tags keep one loan's (or enterprise's) keys in one Cluster slot. */
export const loanKeys = {
  state: (loanId: string) => `fk:{loan:${loanId}}:state`,
  enterpriseLoans: (enterpriseId: string) => `fk:{ent:${enterpriseId}}:loans`,
};

/** Loan states in Redis: one JSON string per loan, one set of live loan ids per enterprise; two round trips per batch read. */
export class RedisLoanStateStore implements LoanStateStore {
  constructor(private readonly client: RedisClientType) {}

  async read(loanIds: readonly string[], enterpriseIds: readonly string[]): Promise<LoanLookup> {
    try {
      const sets = enterpriseIds.length === 0 ? [] : await Promise.all(enterpriseIds.map((e) => this.client.sMembers(loanKeys.enterpriseLoans(e))));
      const byEnterprise = new Map<string, string[]>();
      const wanted = new Set(loanIds);
      enterpriseIds.forEach((e, i) => {
        const ids = sets[i] ?? [];
        byEnterprise.set(e, ids);
        for (const id of ids) wanted.add(id);
      });
      const ids = [...wanted];
      const values = ids.length === 0 ? [] : await Promise.all(ids.map((id) => this.client.get(loanKeys.state(id))));
      const loans = new Map<string, StoredLoan>();
      ids.forEach((id, i) => {
        const raw = values[i];
        if (raw) loans.set(id, JSON.parse(raw) as StoredLoan);
      });
      return { byEnterprise, loans };
    } catch (cause) {
      throw new ServiceUnavailableError('redis', `reading loan states: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
  }

  async write(changed: readonly StoredLoan[]): Promise<void> {
    try {
      // node-redis auto-pipelines commands issued in the same tick: one round trip.
      await Promise.all(changed.flatMap((loan) => {
        const ops: Array<Promise<unknown>> = [this.client.set(loanKeys.state(loan.loanId), JSON.stringify(loan))];
        if (loan.enterpriseId) {
          ops.push(loan.closed
            ? this.client.sRem(loanKeys.enterpriseLoans(loan.enterpriseId), loan.loanId)
            : this.client.sAdd(loanKeys.enterpriseLoans(loan.enterpriseId), loan.loanId));
        }
        return ops;
      }));
    } catch (cause) {
      throw new ServiceUnavailableError('redis', `writing loan states: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
  }
}
