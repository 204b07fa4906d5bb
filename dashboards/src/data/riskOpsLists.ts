/**
 * What risk operations put on the black and grey lists as the simulated days pass, so the
 * pipeline's list rules (rules/default.yaml `app.blacklist_hit`, `app.greylist_hit`,
 * `pl.counterparty_blacklisted`) meet lists kept the way a bank keeps them — lists are
 * operators' data, not something the scorer derives:
 *   - an enterprise newly listed as a dishonest debtor (失信被执行人) is blacklisted; one sued or
 *     listed for abnormal operation is greylisted (new credit goes to review);
 *   - once fraud is confirmed on an application, its device and applicant phone are
 *     blacklisted; on a transaction, its counterparty account (the mule) is.
 * Values are pseudonymised as the pipeline stores them, since lists are looked up after
 * ingestion (schemas/pseudonym.ts).
 */
import type { ListEntryInput } from '../../../features/types.ts';
import type { Pseudonymiser } from '../../../schemas/pseudonym.ts';
import type { EventOf } from '../../../schemas/topics.ts';
import type { TimedEvent } from '../../../simulator/index.ts';

const SOURCE = 'risk-ops';

/** Remembers applications and transactions, so a later fraud label can name their identifiers. */
export class RiskOpsLists {
  readonly #pseudonymiser: Pseudonymiser;
  readonly #applications = new Map<string, EventOf<'applications'>>();
  readonly #transactions = new Map<string, EventOf<'transactions'>>();

  constructor(pseudonymiser: Pseudonymiser) {
    this.#pseudonymiser = pseudonymiser;
  }

  /** The list entries risk ops adds after seeing these events (a day's worth, in time order). */
  entriesFor(events: readonly TimedEvent[]): ListEntryInput[] {
    const out: ListEntryInput[] = [];
    for (const { topic, event } of events) {
      if (topic === 'applications') {
        const app = event as EventOf<'applications'>;
        this.#applications.set(app.applicationId, app);
      } else if (topic === 'transactions') {
        this.#transactions.set(event.eventId, event as EventOf<'transactions'>);
      } else if (topic === 'enterprise-updates') {
        const u = event as EventOf<'enterprise-updates'>;
        const entry = (list: ListEntryInput['list'], reason: string): ListEntryInput => ({ kind: 'enterprise', value: u.enterpriseId, list, reason, source: SOURCE, addedAt: u.eventTime });
        if (u.kind === 'dishonest_debtor_listed') out.push(entry('black', 'listed as a dishonest debtor'));
        if (u.kind === 'litigation_filed') out.push(entry('grey', 'new lawsuit'));
        if (u.kind === 'abnormal_operation_listed') out.push(entry('grey', 'listed for abnormal operation'));
      } else if (topic === 'labels') {
        const label = event as EventOf<'labels'>;
        if (label.kind !== 'fraud_confirmed') continue;
        const at = label.eventTime;
        const app = label.applicationId ? this.#applications.get(label.applicationId) : undefined;
        if (app) {
          const p = this.#pseudonymiser.pseudonymise('applications', app);
          out.push({ kind: 'device', value: p.deviceId, list: 'black', reason: `fraud confirmed on ${app.applicationId}`, source: SOURCE, addedAt: at });
          out.push({ kind: 'phone', value: p.applicant.phone, list: 'black', reason: `fraud confirmed on ${app.applicationId}`, source: SOURCE, addedAt: at });
        }
        const txn = label.refEventId ? this.#transactions.get(label.refEventId) : undefined;
        if (txn?.counterpartyAccount) {
          const p = this.#pseudonymiser.pseudonymise('transactions', txn);
          if (p.counterpartyAccount) out.push({ kind: 'account', value: p.counterpartyAccount, list: 'black', reason: `fraud confirmed on transaction ${txn.transactionId}`, source: SOURCE, addedAt: at });
        }
      }
    }
    return out;
  }
}
