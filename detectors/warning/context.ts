/**
 * What an early-warning signal looks at: the event that arrived, the state of the loan it
 * concerns (before this event), the enterprise's feature vector, what the knowledge graph says
 * about the parties involved, and the latest default probability.
 */
import type { AccountTransaction } from '../../schemas/topics/transaction.ts';
import type { EnterpriseUpdate } from '../../schemas/topics/enterpriseUpdate.ts';
import type { RepaymentEvent } from '../../schemas/topics/repayment.ts';

/** Servicing state of a loan before the event. */
export interface LoanState {
  readonly loanId: string;
  /** Borrower's USCC. */
  readonly enterpriseId?: string;
  readonly outstandingPrincipal?: number;
  /** Days past due before this event. */
  readonly daysPastDue: number;
  /** Due date (YYYY-MM-DD) of the next unpaid installment. */
  readonly nextDueDate?: string;
  readonly nextInstallmentAmount?: number;
}

/** A party the knowledge graph relates to the borrower. */
export interface RelatedParty {
  /** USCC when the party is an enterprise. */
  readonly enterpriseId?: string;
  /** The relation in plain words, e.g. "shareholder (35%) of the borrower" (detectors/graph/explainPath.ts). */
  readonly relation: string;
  /** Hops between the borrower and the party. */
  readonly hops: number;
}

export interface WarningGraph {
  /** The counterparty of a transaction, when the graph relates it to the borrower; null when not related. */
  readonly counterparty?: RelatedParty | null;
  /** The enterprise an enterprise update is about, when it is a related party rather than the borrower. */
  readonly subject?: RelatedParty | null;
}

export type WarningInput =
  | { readonly topic: 'repayments'; readonly event: RepaymentEvent }
  | { readonly topic: 'transactions'; readonly event: AccountTransaction }
  | { readonly topic: 'enterprise-updates'; readonly event: EnterpriseUpdate };

export interface WarningContext {
  readonly input: WarningInput;
  /** The loan concerned; null when the event concerns no known loan (signals then stay quiet). */
  readonly loan: LoanState | null;
  /** Feature values by registry name. */
  readonly features?: Readonly<Record<string, number | null | undefined>>;
  readonly graph?: WarningGraph;
  /** Latest champion PD of the loan or enterprise, when scored. */
  readonly probabilityOfDefault?: number | null;
  /** Processing time (ISO-8601), passed in so signals stay pure. */
  readonly raisedAt: string;
}
