/**
 * What an agent sees beside an alert: the loan's recent repayments, the borrower's recent
 * transactions, its graph links (shareholders, officers, guarantees, litigation counterparties)
 * and third-party events. Read from the `events` table (pseudonymised input events), so nothing
 * personal is shown raw: people appear as their `pii_…` tokens, which still tell two people apart.
 */
import type { ClickHouseClient } from '../pipelines/clickhouse/types.ts';
import type { AccountTransaction } from '../schemas/topics/transaction.ts';
import type { EnterpriseUpdate } from '../schemas/topics/enterpriseUpdate.ts';
import type { RepaymentEvent } from '../schemas/topics/repayment.ts';

export interface RepaymentLine {
  readonly eventTime: string;
  readonly kind: RepaymentEvent['kind'];
  readonly installmentNo?: number;
  readonly dueDate?: string;
  readonly amountDue?: number;
  readonly amountPaid?: number;
  readonly daysPastDue: number;
  readonly outstandingPrincipal?: number;
}

export interface TransactionLine {
  readonly eventTime: string;
  readonly direction: 'in' | 'out';
  readonly amount: number;
  readonly channel: string;
  readonly balanceAfter: number;
  readonly counterpartyEnterpriseId?: string;
}

export interface GraphLink {
  /** shareholder | officer | guarantor_of | guaranteed_by | litigation */
  readonly relation: string;
  /** USCC of an enterprise, or the pseudonym of a person. */
  readonly party: string;
  readonly partyType: 'enterprise' | 'person';
  /** Share %, officer role, amount or case type. */
  readonly detail: string;
  readonly since: string;
  /** False once the link ended (exit, removal, release). */
  readonly active: boolean;
}

export interface ThirdPartyEvent {
  readonly eventTime: string;
  readonly kind: EnterpriseUpdate['kind'];
  readonly provider?: string;
  /** The event's own figures (amount, case, score…), flat. */
  readonly facts: Readonly<Record<string, string | number>>;
}

export interface AlertContext {
  readonly repayments: readonly RepaymentLine[];
  readonly transactions: readonly TransactionLine[];
  readonly graphLinks: readonly GraphLink[];
  readonly thirdPartyEvents: readonly ThirdPartyEvent[];
}

/** Source of an alert's context. */
export interface AlertContextSource {
  contextFor(subject: { readonly loanId?: string; readonly enterpriseId?: string }): Promise<AlertContext>;
}

export const EMPTY_CONTEXT: AlertContext = { repayments: [], transactions: [], graphLinks: [], thirdPartyEvents: [] };

const LINK_KINDS = new Set(['equity_change', 'officer_change', 'guarantee', 'litigation_filed']);

/** Graph links of an enterprise from its updates, oldest first; a later update of the same link replaces it. */
export function linksFromUpdates(updates: readonly EnterpriseUpdate[]): GraphLink[] {
  const links = new Map<string, GraphLink>();
  const sorted = [...updates].sort((a, b) => a.eventTime.localeCompare(b.eventTime));
  for (const u of sorted) {
    switch (u.kind) {
      case 'equity_change': {
        const party = u.shareholder.type === 'enterprise' ? u.shareholder.enterpriseId : u.shareholder.person?.idNumber;
        if (!party) break;
        links.set(`sh|${party}`, { relation: 'shareholder', party, partyType: u.shareholder.type, detail: `${u.sharePct}%`, since: u.eventTime, active: u.sharePct > 0 });
        break;
      }
      case 'officer_change':
        links.set(`of|${u.officer.idNumber}|${u.role}`, { relation: 'officer', party: u.officer.idNumber, partyType: 'person', detail: u.role, since: u.eventTime, active: u.action === 'appointed' });
        break;
      case 'guarantee':
        links.set(`gu|${u.guaranteeId}`, {
          relation: u.role === 'guarantor' ? 'guarantor_of' : 'guaranteed_by', party: u.counterpartyEnterpriseId, partyType: 'enterprise',
          detail: `${u.amount}`, since: u.eventTime, active: u.action === 'created',
        });
        break;
      case 'litigation_filed':
        if (u.counterpartyEnterpriseId) links.set(`li|${u.caseId}`, { relation: 'litigation', party: u.counterpartyEnterpriseId, partyType: 'enterprise', detail: `${u.role} ${u.caseType}`, since: u.eventTime, active: true });
        break;
      default:
        break;
    }
  }
  return [...links.values()];
}

/** The flat figures of a third-party event, without envelope fields or nested people. */
function factsOf(u: EnterpriseUpdate): Record<string, string | number> {
  const skip = new Set(['eventId', 'schemaVersion', 'eventTime', 'source', 'enterpriseId', 'kind', 'provider']);
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(u)) {
    if (skip.has(k)) continue;
    if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  }
  return out;
}

/** Context from the ClickHouse `events` table. */
export class ClickHouseContextSource implements AlertContextSource {
  constructor(
    readonly clickhouse: ClickHouseClient,
    readonly limits: { readonly repayments?: number; readonly transactions?: number; readonly updates?: number } = {},
  ) {}

  async #payloads<T>(topic: string, key: string, limit: number): Promise<T[]> {
    const rows = await this.clickhouse.query<{ payload: string }>(
      `SELECT any(payload) AS payload, max(event_time) AS t FROM events
       WHERE topic = {topic:String} AND entity_key = {key:String}
       GROUP BY event_id ORDER BY t DESC LIMIT {limit:UInt32}`,
      { topic, key, limit },
    );
    return rows.map((r) => JSON.parse(r.payload) as T);
  }

  async contextFor(subject: { readonly loanId?: string; readonly enterpriseId?: string }): Promise<AlertContext> {
    const [repayments, transactions, updates] = await Promise.all([
      subject.loanId ? this.#payloads<RepaymentEvent>('repayments', subject.loanId, this.limits.repayments ?? 20) : [],
      subject.enterpriseId ? this.#payloads<AccountTransaction>('transactions', subject.enterpriseId, this.limits.transactions ?? 20) : [],
      subject.enterpriseId ? this.#payloads<EnterpriseUpdate>('enterprise-updates', subject.enterpriseId, this.limits.updates ?? 200) : [],
    ]);
    return {
      repayments: repayments.map((r) => ({
        eventTime: r.eventTime, kind: r.kind, daysPastDue: r.daysPastDue,
        ...(r.installmentNo !== undefined ? { installmentNo: r.installmentNo } : {}),
        ...(r.dueDate !== undefined ? { dueDate: r.dueDate } : {}),
        ...(r.amountDue !== undefined ? { amountDue: r.amountDue } : {}),
        ...(r.amountPaid !== undefined ? { amountPaid: r.amountPaid } : {}),
        ...(r.outstandingPrincipal !== undefined ? { outstandingPrincipal: r.outstandingPrincipal } : {}),
      })),
      transactions: transactions.map((t) => ({
        eventTime: t.eventTime, direction: t.direction, amount: t.amount, channel: t.channel, balanceAfter: t.balanceAfter,
        ...(t.counterpartyEnterpriseId !== undefined ? { counterpartyEnterpriseId: t.counterpartyEnterpriseId } : {}),
      })),
      graphLinks: linksFromUpdates(updates.filter((u) => LINK_KINDS.has(u.kind))),
      thirdPartyEvents: updates
        .filter((u) => !LINK_KINDS.has(u.kind) || u.kind === 'litigation_filed')
        .slice(0, 30)
        .map((u) => ({ eventTime: u.eventTime, kind: u.kind, ...(u.provider !== undefined ? { provider: u.provider } : {}), facts: factsOf(u) })),
    };
  }
}
