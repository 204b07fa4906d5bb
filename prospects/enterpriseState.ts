/**
 * What prospect discovery remembers about one enterprise, folded from its enterprise-updates,
 * labels and repayments: monthly invoice summaries, registry facts, bureau score, public
 * listings, lawsuits, tax arrears, default and fraud labels and payment behaviour. Plain JSON,
 * so it is stored with the enterprise's prospect row and reloaded after a restart.
 *
 * Folding is idempotent: an event applied twice (redelivery after a crash) leaves the state as
 * once — months are keyed by month, dated facts by event id, listings keep their latest times.
 */
import type { EventOf } from '../schemas/topics.ts';
import { monthIndex } from './forecast/months.ts';

/** A dated fact, keyed by the event that reported it. */
export interface DatedRef {
  readonly id: string;
  readonly at: number;
}

/** Listed / lifted times of a public listing (latest of each); active when listed after the last lifting. */
export interface Listing {
  listedAt: number | null;
  removedAt: number | null;
}

/** Sales, purchases, invoices issued and customers invoiced in one month. */
export type InvoiceMonth = readonly [sales: number, purchases: number, invoices: number, customers: number];

export interface EnterpriseState {
  readonly v: 1;
  readonly enterpriseId: string;
  name: string | null;
  industryCode: string | null;
  /** Registry status (active, suspended, revoked, deregistered) when reported. */
  registryStatus: string | null;
  /** Invoice summaries by month index (forecast/months.ts), newest `maxMonths` kept. */
  invoices: Record<string, InvoiceMonth>;
  bureau: { score: number; at: number } | null;
  /** The enterprise's own dishonest-debtor (失信被执行人) and abnormal-operations (经营异常) listings. */
  dishonest: Listing;
  abnormal: Listing;
  /** Dishonest-debtor listings of related persons named in its updates, by person token. */
  listedPersons: Record<string, Listing>;
  lawsuitsAsDefendant: DatedRef[];
  judgmentsLost: DatedRef[];
  taxArrears: DatedRef[];
  defaultedAt: number | null;
  fraudConfirmedAt: number | null;
  missedPayments: DatedRef[];
  /** Repayment events reporting days past due, with the figure. */
  pastDue: Array<DatedRef & { readonly dpd: number }>;
  /** Latest outstanding principal per loan. */
  loans: Record<string, { outstanding: number; at: number }>;
  /** Event time of the latest event folded in, ms. */
  lastEventAt: number;
}

/** How much history a state keeps. */
export interface StateLimits {
  /** Months of invoices kept. */
  readonly maxMonths: number;
  /** Dated facts kept per list (newest first). */
  readonly maxFacts: number;
}

export const DEFAULT_STATE_LIMITS: StateLimits = { maxMonths: 36, maxFacts: 20 };

export function emptyState(enterpriseId: string): EnterpriseState {
  return {
    v: 1, enterpriseId, name: null, industryCode: null, registryStatus: null, invoices: {}, bureau: null,
    dishonest: { listedAt: null, removedAt: null }, abnormal: { listedAt: null, removedAt: null }, listedPersons: {},
    lawsuitsAsDefendant: [], judgmentsLost: [], taxArrears: [], defaultedAt: null, fraudConfirmedAt: null,
    missedPayments: [], pastDue: [], loans: {}, lastEventAt: 0,
  };
}

/** True while listed: listed, and not lifted since. */
export const isListed = (l: Listing | undefined): boolean => !!l && l.listedAt !== null && (l.removedAt === null || l.removedAt < l.listedAt);

const later = (a: number | null, b: number): number => (a === null ? b : Math.max(a, b));
const earlier = (a: number | null, b: number): number => (a === null ? b : Math.min(a, b));

function remember<T extends DatedRef>(list: T[], fact: T, max: number): void {
  if (list.some((f) => f.id === fact.id)) return;
  list.push(fact);
  list.sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : 1));
  if (list.length > max) list.length = max;
}

/** Folds one enterprise-update into the state (pseudonymised event). */
export function applyEnterpriseUpdate(s: EnterpriseState, u: EventOf<'enterprise-updates'>, limits: StateLimits = DEFAULT_STATE_LIMITS): void {
  const at = Date.parse(u.eventTime);
  s.lastEventAt = Math.max(s.lastEventAt, at);
  const ref = { id: u.eventId, at };
  switch (u.kind) {
    case 'registry_change':
      if (u.registeredName) s.name = u.registeredName;
      if (u.industryCode) s.industryCode = u.industryCode;
      if (u.status) s.registryStatus = u.status;
      return;
    case 'invoice_summary': {
      const m = monthIndex(u.month);
      s.invoices[String(m)] = [u.salesAmount, u.purchaseAmount, u.invoiceCount, u.customerCount];
      const months = Object.keys(s.invoices).map(Number).sort((a, b) => b - a);
      for (const old of months.slice(limits.maxMonths)) delete s.invoices[String(old)];
      return;
    }
    case 'bureau_score_change':
      if (!s.bureau || s.bureau.at <= at) s.bureau = { score: u.newScore, at };
      return;
    case 'litigation_filed':
      if (u.role === 'defendant') remember(s.lawsuitsAsDefendant, ref, limits.maxFacts);
      return;
    case 'litigation_judged':
      if (u.outcome === 'lost') remember(s.judgmentsLost, ref, limits.maxFacts);
      return;
    case 'tax_arrears':
      remember(s.taxArrears, ref, limits.maxFacts);
      return;
    case 'dishonest_debtor_listed':
    case 'dishonest_debtor_removed': {
      // With a subject the listing names a related person (a shareholder, the legal representative), not the firm.
      let listing: Listing;
      if (u.subject) {
        listing = s.listedPersons[u.subject.idNumber] ??= { listedAt: null, removedAt: null };
      } else {
        listing = s.dishonest;
      }
      if (u.kind === 'dishonest_debtor_listed') listing.listedAt = later(listing.listedAt, at);
      else listing.removedAt = later(listing.removedAt, at);
      return;
    }
    case 'abnormal_operation_listed':
      s.abnormal.listedAt = later(s.abnormal.listedAt, at);
      return;
    case 'abnormal_operation_removed':
      s.abnormal.removedAt = later(s.abnormal.removedAt, at);
      return;
    case 'equity_change':
    case 'officer_change':
    case 'guarantee':
      // Relationships live in the knowledge graph (detectors/graph), which graph credit reads.
      return;
  }
}

/**
 * Fraud types that make the enterprise itself the fraudster. Transaction fraud (account
 * takeover) and identity fraud (impersonation) labels name the enterprise as the victim.
 */
export const OWN_FRAUD_TYPES: ReadonlySet<string> = new Set(['application', 'ring', 'bust_out']);

/** Folds a label naming the enterprise (directly or through one of its loans). */
export function applyLabel(s: EnterpriseState, l: EventOf<'labels'>): void {
  s.lastEventAt = Math.max(s.lastEventAt, Date.parse(l.eventTime));
  const at = Date.parse(l.occurredAt);
  if (l.kind === 'default') s.defaultedAt = earlier(s.defaultedAt, at);
  // Without a fraud type the label is taken at its word (the enterprise committed it).
  else if (l.kind === 'fraud_confirmed' && (l.fraudType === undefined || OWN_FRAUD_TYPES.has(l.fraudType))) s.fraudConfirmedAt = earlier(s.fraudConfirmedAt, at);
}

/** Folds a loan-servicing event of one of the enterprise's loans. */
export function applyRepayment(s: EnterpriseState, r: EventOf<'repayments'>, limits: StateLimits = DEFAULT_STATE_LIMITS): void {
  const at = Date.parse(r.eventTime);
  s.lastEventAt = Math.max(s.lastEventAt, at);
  if (r.kind === 'missed') remember(s.missedPayments, { id: r.eventId, at }, limits.maxFacts);
  if (r.daysPastDue > 0) remember(s.pastDue, { id: r.eventId, at, dpd: r.daysPastDue }, limits.maxFacts);
  const outstanding = r.kind === 'loan_closed' ? 0 : r.outstandingPrincipal;
  if (outstanding !== undefined) {
    const current = s.loans[r.loanId];
    if (!current || current.at <= at) s.loans[r.loanId] = { outstanding, at };
  }
}

/** Outstanding principal across the enterprise's loans, CNY. */
export const existingExposure = (s: EnterpriseState): number => Object.values(s.loans).reduce((sum, l) => sum + l.outstanding, 0);

/** Invoice months as [month index, summary], oldest first. */
export function invoiceMonths(s: EnterpriseState): Array<[number, InvoiceMonth]> {
  return Object.entries(s.invoices).map(([m, v]) => [Number(m), v] as [number, InvoiceMonth]).sort((a, b) => a[0] - b[0]);
}
