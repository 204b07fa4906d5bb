/**
 * Alerts from rule hits: an acting hit of a rule with action `alert` raises the rule's signal,
 * with the rule's description as the reason. Shadow hits never raise alerts.
 */
import type { CompiledRuleSet, RuleHitRecord } from '../rules/ruleSet.ts';
import { actingHits } from '../rules/hits.ts';
import { buildAlert, type WarningAlert } from './alert.ts';
import type { WarningConfig } from './config.ts';
import type { WarningContext } from './context.ts';
import type { AlertSeverity } from './types.ts';

/** Rule severities map onto alert severities; `info` is the lowest alert level. */
const toAlertSeverity = (s: string): AlertSeverity => (s === 'info' ? 'low' : (s as AlertSeverity));

/** How long a rule alert for the same loan and rule is a duplicate. */
export const RULE_ALERT_COOLDOWN_HOURS = 24;

export function alertsFromRuleHits(hits: readonly RuleHitRecord[], ruleSet: CompiledRuleSet, ctx: WarningContext, config: WarningConfig): WarningAlert[] {
  const alerts: WarningAlert[] = [];
  for (const hit of actingHits(hits)) {
    if (hit.action !== 'alert') continue;
    const rule = ruleSet.rule(hit.ruleId);
    if (!rule?.signal) continue;
    alerts.push(
      buildAlert(
        ctx,
        {
          signal: rule.signal,
          severity: toAlertSeverity(hit.severity),
          why: [{ code: hit.reasonCode, description: rule.description, value: hit.ruleId }],
          cooldownHours: RULE_ALERT_COOLDOWN_HOURS,
          dedupDetail: `rule:${hit.ruleId}`,
          idDetail: `rule.${hit.ruleId}`,
        },
        config.maxWhy,
      ),
    );
  }
  return alerts;
}
