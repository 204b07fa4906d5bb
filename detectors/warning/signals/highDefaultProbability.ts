/** high_default_probability: the latest PD of a loan is at or above the threshold. */
import type { Verdict } from '../alert.ts';
import type { WarningConfig } from '../config.ts';
import type { WarningContext } from '../context.ts';
import { pct } from './shared.ts';

export function highDefaultProbability(ctx: WarningContext, c: WarningConfig): Verdict | null {
  const pd = ctx.probabilityOfDefault;
  const p = c.highDefaultProbability;
  if (!ctx.loan || pd === undefined || pd === null || pd < p.threshold) return null;
  return {
    signal: 'high_default_probability',
    severity: pd >= p.criticalAt ? 'critical' : p.severity,
    why: [{ code: 'HIGH_DEFAULT_PROBABILITY', description: `Probability of default is ${pct(pd, 1)}, at or above the ${pct(p.threshold, 1)} alert level`, value: Number(pd.toFixed(6)), threshold: p.threshold }],
    cooldownHours: p.cooldownHours,
  };
}
