/**
 * Priority of an alert in its queue: expected loss weighted by severity.
 *
 *   expected loss (CNY) = PD × EAD × LGD        (Basel II, BCBS 2006 §§ 272–287)
 *   priority            = severity weight × max(expected loss, minimum expected loss)
 *
 * PD is the alert's probability of default (or the configured fallback for its severity), EAD
 * the outstanding exposure, LGD from config. The floor keeps alerts without an exposure (an
 * enterprise-only alert, a fraud alert before disbursement) ordered by severity instead of all
 * tied at zero.
 */
import type { Alert } from '../schemas/topics/outputs.ts';
import type { RoutingConfig } from './config.ts';

type PriorityInput = Pick<Alert, 'severity' | 'probabilityOfDefault' | 'exposure'>;

/** Expected loss in CNY (0 when the exposure is unknown), rounded to the fen. */
export function expectedLossOf(alert: PriorityInput, config: Pick<RoutingConfig, 'lossGivenDefault' | 'fallbackProbabilityOfDefault'>): number {
  const pd = alert.probabilityOfDefault ?? config.fallbackProbabilityOfDefault[alert.severity];
  const exposure = alert.exposure ?? 0;
  return Math.round(pd * exposure * config.lossGivenDefault * 100) / 100;
}

/** Queue priority: higher is worked first. */
export function priorityOf(
  alert: PriorityInput,
  config: Pick<RoutingConfig, 'lossGivenDefault' | 'fallbackProbabilityOfDefault' | 'severityWeight' | 'minimumExpectedLoss'>,
): number {
  const el = expectedLossOf(alert, config);
  return Math.round(config.severityWeight[alert.severity] * Math.max(el, config.minimumExpectedLoss) * 100) / 100;
}
