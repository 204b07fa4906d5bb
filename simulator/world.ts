/**
 * The simulated world: people, enterprises, accounts, applications and loans, with the hidden
 * facts (fates, plans) that drive the events. Generators fill it in stages; `truth.ts` reads it.
 */
import type { Emitter } from './emitter.ts';
import type { Uniques } from './identity.ts';
import type { ResolvedOptions, SignalProbabilities } from './params.ts';
import type { Rng } from './rng.ts';
import type { City, Industry } from './vocab.ts';

export type GrowthClass = 'growing' | 'stable' | 'declining';
export type SignalName = keyof SignalProbabilities;
export const SIGNAL_NAMES: readonly SignalName[] = ['inflowDecline', 'balanceDrain', 'relatedTransfer', 'lawsuit', 'listing', 'bureauDrop', 'taxArrears'];

export interface Person {
  readonly index: number;
  readonly idNumber: string;
  readonly name: string;
  readonly phone: string;
  readonly male: boolean;
  readonly city: City;
  homeAddress: string;
  homeIp: string;
  deviceId: string;
  readonly personalAccount: string;
  spouse: Person | null;
  /** Enterprises this person is legal representative, shareholder or officer of. */
  readonly roles: Enterprise[];
}

export interface Shareholding {
  readonly person: Person | null;
  readonly enterprise: Enterprise | null;
  readonly pct: number;
}

export interface Officer {
  readonly person: Person;
  readonly role: 'director' | 'supervisor' | 'manager';
}

/** Someone the enterprise trades with: another enterprise of the population or an outside firm. */
export interface Counterparty {
  readonly name: string;
  readonly account: string;
  readonly enterpriseId: string | null;
}

/** Financial distress: the enterprise weakens from `onsetMs` and stops paying from `missFromMs`. */
export interface Distress {
  readonly onsetMs: number;
  readonly missFromMs: number;
  /** 'default' reaches 90 days past due; 'cure' pays the arrears at `cureMs`. */
  readonly outcome: 'default' | 'cure';
  readonly cureMs: number | null;
  /** Activity falls to this share of normal by the first missed due date (1 when inflow decline is not a signal). */
  readonly inflowFloor: number;
  readonly signals: ReadonlySet<SignalName>;
}

/** Signals shown by a healthy enterprise as noise (so detectors meet false alarms). */
export interface Noise {
  readonly signals: ReadonlySet<SignalName>;
  /** Temporary activity dip [from, to) down to `floor` (inflowDecline noise). */
  readonly dip: { readonly fromMs: number; readonly toMs: number; readonly floor: number } | null;
}

export type Fate = 'healthy' | 'distress' | 'bust_out' | 'shell';

export interface Enterprise {
  readonly index: number;
  readonly id: string;
  name: string;
  readonly city: City;
  readonly industry: Industry;
  address: string;
  phone: string;
  readonly capital: number;
  readonly yearsInBusiness: number;
  readonly employees: number;
  /** The business centre it is registered in, if shared with other firms. */
  readonly sharedOffice: string | null;
  legalRep: Person;
  readonly shareholders: Shareholding[];
  readonly officers: Officer[];
  /** Enterprises sharing a legal representative, shareholder or officer, or linked by holding. */
  readonly related: Set<Enterprise>;
  readonly officeIp: string;
  readonly officeDevice: string;
  readonly growthClass: GrowthClass;
  /** Annual log-growth of sales. */
  readonly growth: number;
  /** Monthly sales at the start before seasonality, CNY. */
  readonly baseSales: number;
  /** Month-to-month log-noise of sales. */
  readonly noiseSd: number;
  /** Latent credit quality, standard normal (higher is better). */
  readonly quality: number;
  /** Bureau score before the start, null when the bureau has no file. */
  readonly initialBureau: number | null;
  /** Bureau score changes (time, new score), in time order. */
  readonly bureauChanges: Array<{ ms: number; score: number }>;
  readonly settlementAccount: string;
  customers: Counterparty[];
  suppliers: Counterparty[];
  fate: Fate;
  distress: Distress | null;
  noise: Noise | null;
  ringId: number | null;
  circleId: number | null;
  /** When a bust-out enterprise cashes out and disappears. */
  vanishMs: number | null;
  account: Account | null;
  readonly loans: Loan[];
  /** Adverse enterprise-updates emitted about it (kind, time): makes `sound` false. */
  readonly adverse: Array<{ kind: string; ms: number }>;
  /** Signals actually emitted (for truth), by name. */
  readonly emittedSignals: Map<SignalName, number[]>;
}

export interface Account {
  readonly index: number;
  readonly number: string;
  readonly enterprise: Enterprise;
  readonly openedMs: number;
  /** 'own' is the enterprise's operating account; 'fraud' is opened by an impersonator. */
  readonly kind: 'own' | 'fraud';
  /** Transactions on it are planned from these extra sources, added by loans and fraud stages. */
  readonly scheduled: ScheduledTxn[];
}

/** A transaction decided by another stage (loan, drain, fraud) that the account simulation must post. */
export interface ScheduledTxn {
  readonly ms: number;
  readonly direction: 'in' | 'out';
  readonly channel: 'transfer' | 'cash' | 'mobile' | 'loan_disbursement' | 'loan_repayment' | 'card';
  /** Fixed amount, or a share of the balance at posting time. */
  readonly amount: number | { readonly balanceShare: number };
  readonly counterparty: Counterparty | null;
  readonly loanId?: string;
  /** Top up from the legal representative first if the balance is short (loan debits that the plan says are paid). */
  readonly ensureFunds?: boolean;
  /** What this transaction is for truth and labels. */
  readonly tag?: 'ato' | 'night_legit' | 'bust_out' | 'cash_out' | 'drain' | 'related' | 'repay' | 'disburse';
  /** The counterparty is a related party (shareholder, officer or their enterprise). */
  readonly related?: boolean;
  readonly fraudCaseId?: number;
}

export type FraudType = 'ring' | 'identity' | 'bust_out';

export interface Application {
  readonly index: number;
  readonly id: string;
  readonly enterprise: Enterprise;
  readonly ms: number;
  readonly fraudType: FraudType | null;
  readonly ringId: number | null;
  readonly applicant: Person;
  readonly requestedAmount: number;
  readonly termMonths: number;
  readonly product: 'working_capital' | 'invoice_financing' | 'term_loan';
  /** Who brought the application: the branch of a branch application, the partner of an API one, else the bank's own online channel. */
  readonly originatorId: string;
  approved: boolean;
  loan: Loan | null;
  eventId: string | null;
  /** Identity checks failed although legitimate (a false-positive candidate). */
  legitFailedChecks: boolean;
  /** Linkable identifiers as declared on the application. */
  readonly identifiers: { readonly phone: string; readonly deviceId: string; readonly ip: string; readonly address: string; readonly companyPhone: string };
}

export type LoanKind = 'regular' | 'bust_out' | 'ring' | 'identity';

export interface Loan {
  readonly index: number;
  readonly id: string;
  readonly enterprise: Enterprise;
  readonly application: Application | null;
  readonly kind: LoanKind;
  readonly openedMs: number;
  readonly principal: number;
  readonly termMonths: number;
  readonly annualRate: number;
  readonly product: string;
  readonly installment: number;
  /** Due instants of installments 1..term. */
  readonly dueMs: readonly number[];
  readonly backBook: boolean;
  readonly account: Account;
  /** Filled by the repayment plan. */
  firstMissedNo: number | null;
  firstMissedDueMs: number | null;
  defaultMs: number | null;
  curedMs: number | null;
  closedMs: number | null;
}

export interface Ring {
  readonly id: number;
  readonly members: Person[];
  readonly shells: Enterprise[];
  readonly phones: string[];
  readonly companyPhone: string;
  readonly devices: string[];
  readonly ips: string[];
  readonly addresses: string[];
  readonly muleAccounts: Counterparty[];
  readonly burstMs: number;
  readonly applications: Application[];
}

/** Fraudulent transactions: account takeover (labelled one by one), bust-out and fraud-loan cash-outs (truth only). */
export interface FraudTxn {
  readonly eventId: string;
  readonly ms: number;
  readonly enterprise: Enterprise;
  readonly kind: 'account_takeover' | 'bust_out' | 'cash_out';
  /** Takeover case (one per attacked account), null for the others. */
  readonly caseId: number | null;
}

/** Legitimate look-alikes of fraud that an investigator later clears (false_positive labels). */
export interface LookAlike {
  readonly ms: number;
  readonly enterprise: Enterprise;
  readonly refEventId?: string;
  readonly applicationId?: string;
}

export interface World {
  readonly options: ResolvedOptions;
  readonly rng: Rng;
  readonly uniques: Uniques;
  readonly emitter: Emitter;
  readonly persons: Person[];
  readonly enterprises: Enterprise[];
  readonly accounts: Account[];
  readonly applications: Application[];
  readonly loans: Loan[];
  readonly rings: Ring[];
  readonly circles: Enterprise[][];
  readonly guaranteePairs: Array<[Enterprise, Enterprise]>;
  readonly fraudTxns: FraudTxn[];
  readonly lookAlikes: LookAlike[];
  /** Shared infrastructure that makes legitimate applicants look linked. */
  readonly shared: {
    readonly publicIps: string[];
    readonly branches: Array<{ device: string; ip: string; city: City }>;
    readonly partner: { device: string; ip: string };
    readonly offices: string[];
  };
}
