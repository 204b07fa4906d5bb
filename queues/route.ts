/**
 * Routing: which team's queue an alert goes to (first matching rule of config/routing.yaml, else
 * the default team), with its priority, SLA, the key of its one open alert and its cooldown.
 * Pure: the store applies the result atomically.
 */
import type { Alert } from '../schemas/topics/outputs.ts';
import type { RoutingConfig } from './config.ts';
import { expectedLossOf, priorityOf } from './priority.ts';

/** What an alert is about, for routing and for its open-alert key. */
export type AlertSubject = 'loan' | 'application' | 'enterprise';

export const subjectOf = (alert: Pick<Alert, 'loanId' | 'applicationId'>): AlertSubject =>
  alert.loanId !== undefined ? 'loan' : alert.applicationId !== undefined ? 'application' : 'enterprise';

/**
 * `<subject>|<signal>`: at most one open alert per loan (or application, or enterprise) and
 * signal. Enterprise subjects are written `ent:<id>` as detectors/warning does in its dedup keys.
 */
export function openKeyOf(alert: Pick<Alert, 'loanId' | 'applicationId' | 'enterpriseId' | 'alertId' | 'signal'>): string {
  const subject = alert.loanId ?? (alert.applicationId !== undefined ? `app:${alert.applicationId}` : alert.enterpriseId !== undefined ? `ent:${alert.enterpriseId}` : `alert:${alert.alertId}`);
  return `${subject}|${alert.signal}`;
}

/** An alert as it arrives, with the detector's dedup key and cooldown when it gave them. */
export interface IncomingAlert {
  readonly alert: Alert;
  /** Detector's key of "the same occurrence" (e.g. `<loan>|missed_payment|i4`); default: the open key. */
  readonly dedupKey?: string;
  readonly cooldownSeconds?: number;
}

export interface RoutedAlert {
  readonly team: string;
  /** Name of the rule that matched; null for the default team. */
  readonly rule: string | null;
  readonly expectedLoss: number;
  readonly priority: number;
  readonly openKey: string;
  readonly dedupKey: string;
  readonly cooldownSeconds: number;
  readonly slaSeconds: number;
}

type Condition = RoutingConfig['rules'][number]['when'];

function matches(when: Condition, alert: Alert): boolean {
  if (when.signals && !when.signals.includes(alert.signal)) return false;
  if (when.severities && !when.severities.includes(alert.severity)) return false;
  if (when.subject && when.subject !== subjectOf(alert)) return false;
  // Days-past-due bands only match alerts that carry days past due: "unknown" is not "0".
  if (when.minDaysPastDue !== undefined && (alert.daysPastDue === undefined || alert.daysPastDue < when.minDaysPastDue)) return false;
  if (when.maxDaysPastDue !== undefined && (alert.daysPastDue === undefined || alert.daysPastDue > when.maxDaysPastDue)) return false;
  return true;
}

/** Team of the first matching rule, else the default team. */
export function teamFor(alert: Alert, config: RoutingConfig): { team: string; rule: string | null } {
  for (const r of config.rules) if (matches(r.when, alert)) return { team: r.team, rule: r.name };
  return { team: config.defaultTeam, rule: null };
}

export function routeAlert(incoming: IncomingAlert, config: RoutingConfig): RoutedAlert {
  const { alert } = incoming;
  const { team, rule } = teamFor(alert, config);
  const openKey = openKeyOf(alert);
  const cooldownSeconds = incoming.cooldownSeconds ?? Math.round((config.cooldownHours[alert.signal] ?? 0) * 3600);
  const teamConfig = config.teams[team];
  if (!teamConfig) throw new RangeError(`routing chose unknown team ${team}`);
  return {
    team,
    rule,
    expectedLoss: expectedLossOf(alert, config),
    priority: priorityOf(alert, config),
    openKey,
    dedupKey: incoming.dedupKey ?? openKey,
    cooldownSeconds,
    slaSeconds: Math.round(teamConfig.slaMinutes * 60),
  };
}
