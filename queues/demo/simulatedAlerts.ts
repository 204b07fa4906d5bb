/**
 * Alerts from the simulator without the scoring pipeline: replays a simulated loan book in event
 * time, keeps each loan's servicing state (outstanding principal, days past due, next
 * installment) and runs the early-warning signals (detectors/warning) on every repayment and on
 * every third-party update about a borrower. Used by `fengkong queues serve --demo`, the
 * browser test and the queue benchmark, where a queue needs real-looking alerts on its own.
 *
 * It also returns the pseudonymised input events, so the `events` table can give the console
 * each loan's repayments, transactions and third-party events. A loan without a default
 * probability gets none (the queue then uses its severity's fallback), as a loan the models have
 * not scored would.
 */
import { loadWarningConfig, type WarningConfig } from '../../detectors/warning/config.ts';
import type { LoanState } from '../../detectors/warning/context.ts';
import { evaluateWarnings } from '../../detectors/warning/evaluate.ts';
import { eventRow, type StoredInputEvent } from '../../pipelines/clickhouse/rows.ts';
import type { ClickHouseRow } from '../../pipelines/clickhouse/types.ts';
import { Pseudonymiser } from '../../schemas/pseudonym.ts';
import { TOPICS } from '../../schemas/topics.ts';
import type { RepaymentEvent } from '../../schemas/topics/repayment.ts';
import type { EnterpriseUpdate } from '../../schemas/topics/enterpriseUpdate.ts';
import type { AccountTransaction } from '../../schemas/topics/transaction.ts';
import type { SimulationOptions } from '../../simulator/params.ts';
import { eventsInTimeOrder, simulate } from '../../simulator/simulate.ts';
import type { IncomingAlert } from '../route.ts';

export interface SimulatedAlerts {
  /** Alerts in the order they were raised, with the detector's dedup key and cooldown. */
  readonly alerts: IncomingAlert[];
  /** `events` rows of the loans' and borrowers' input events (pseudonymised). */
  readonly eventRows: ClickHouseRow[];
}

export interface SimulatedAlertOptions extends Pick<SimulationOptions, 'seed' | 'days' | 'enterprises' | 'start'> {
  /** Stop after this many alerts. */
  readonly maxAlerts?: number;
  readonly warningConfig?: WarningConfig;
  /** Pseudonymisation key (development key by default: these are simulated people). */
  readonly piiKey?: string;
  /** When each alert is raised (default: now). */
  readonly raisedAt?: () => string;
}

/** Servicing state after a repayment event. */
function nextState(before: LoanState | undefined, e: RepaymentEvent): LoanState {
  const s: { -readonly [K in keyof LoanState]: LoanState[K] } = { ...(before ?? { loanId: e.loanId, daysPastDue: 0 }) };
  if (e.enterpriseId !== undefined) s.enterpriseId = e.enterpriseId;
  if (e.outstandingPrincipal !== undefined) s.outstandingPrincipal = e.outstandingPrincipal;
  else if (e.kind === 'loan_opened' && e.principal !== undefined) s.outstandingPrincipal = e.principal;
  s.daysPastDue = e.daysPastDue;
  if (e.kind === 'installment_due') {
    if (e.dueDate !== undefined) s.nextDueDate = e.dueDate;
    if (e.amountDue !== undefined) s.nextInstallmentAmount = e.amountDue;
  }
  return s;
}

export function simulatedAlerts(options: SimulatedAlertOptions): SimulatedAlerts {
  const config = options.warningConfig ?? loadWarningConfig();
  const pseudonymiser = new Pseudonymiser(options.piiKey ?? 'fengkong-embedded-development-key');
  const raisedAt = options.raisedAt ?? (() => new Date().toISOString());
  const sim = simulate({ seed: options.seed, days: options.days, ...(options.enterprises !== undefined ? { enterprises: options.enterprises } : {}), ...(options.start !== undefined ? { start: options.start } : {}) });
  const loans = new Map<string, LoanState>();
  const loanOfEnterprise = new Map<string, string>();
  const alerts: IncomingAlert[] = [];
  const stored: StoredInputEvent[] = [];
  const max = options.maxAlerts ?? Infinity;

  for (const { topic, event } of eventsInTimeOrder(sim)) {
    if (alerts.length >= max) break;
    if (topic === 'repayments') {
      const e = event as RepaymentEvent;
      const before = loans.get(e.loanId) ?? null;
      for (const w of evaluateWarnings({ input: { topic, event: e }, loan: before, raisedAt: raisedAt() }, config)) {
        alerts.push({ alert: w.alert, dedupKey: w.dedupKey, cooldownSeconds: w.cooldownSeconds });
      }
      const after = nextState(before ?? undefined, e);
      loans.set(e.loanId, after);
      if (after.enterpriseId) loanOfEnterprise.set(after.enterpriseId, e.loanId);
      stored.push({ topic, partition: -1, offset: '-1', key: TOPICS.repayments.key(e), event: e });
    } else if (topic === 'enterprise-updates') {
      const raw = event as EnterpriseUpdate;
      const loanId = loanOfEnterprise.get(raw.enterpriseId);
      if (!loanId) continue;
      const e = pseudonymiser.pseudonymise('enterprise-updates', raw);
      for (const w of evaluateWarnings({ input: { topic, event: e }, loan: loans.get(loanId) ?? null, raisedAt: raisedAt() }, config)) {
        alerts.push({ alert: w.alert, dedupKey: w.dedupKey, cooldownSeconds: w.cooldownSeconds });
      }
      stored.push({ topic, partition: -1, offset: '-1', key: TOPICS['enterprise-updates'].key(e), event: e });
    } else if (topic === 'transactions') {
      const raw = event as AccountTransaction;
      if (!raw.enterpriseId || !loanOfEnterprise.has(raw.enterpriseId)) continue;
      const e = pseudonymiser.pseudonymise('transactions', raw);
      stored.push({ topic, partition: -1, offset: '-1', key: TOPICS.transactions.key(e), event: e });
    }
  }
  // Keep the events of the loans and enterprises that raised alerts (the console's context).
  const loansAlerted = new Set(alerts.map((a) => a.alert.loanId).filter(Boolean));
  const enterprisesAlerted = new Set(alerts.map((a) => a.alert.enterpriseId).filter(Boolean));
  const eventRows = stored.filter((s) => loansAlerted.has(s.key) || enterprisesAlerted.has(s.key)).map(eventRow);
  return { alerts, eventRows };
}
