/**
 * inflow_collapse: incoming money over the last 7 days fell to `ratio` or less of the weekly
 * average of the 83 days before (the registry's `enterprise.inflow_trend_7d_90d`). Enterprises
 * whose weekly baseline is below `minWeeklyBaseline` are skipped: a ratio of two small numbers
 * says nothing.
 */
import { money, type Verdict } from '../alert.ts';
import type { WarningConfig } from '../config.ts';
import type { WarningContext } from '../context.ts';
import { WARNING_FEATURES } from '../featureNames.ts';
import { pct } from './shared.ts';

/**
 * Weekly baseline inflow: recent ÷ trend when both are positive; otherwise (inflows stopped
 * entirely) the 30-day inflow scaled to a week, which understates the baseline slightly since
 * it includes the empty last week.
 */
function weeklyBaseline(recent: number, trend: number, inflow30d: number | null | undefined): number | null {
  if (trend > 0 && recent > 0) return recent / trend;
  return inflow30d === undefined || inflow30d === null ? null : (inflow30d * 7) / 30;
}

export function inflowCollapse(ctx: WarningContext, c: WarningConfig): Verdict | null {
  const f = ctx.features ?? {};
  const trend = f[WARNING_FEATURES.inflowTrend];
  const recent = f[WARNING_FEATURES.inflow7d] ?? 0;
  if (trend === undefined || trend === null) return null;
  const p = c.inflowCollapse;
  if (trend > p.ratio) return null;
  const baseline = weeklyBaseline(recent, trend, f[WARNING_FEATURES.inflow30d]);
  if (baseline === null || baseline < p.minWeeklyBaseline || baseline <= 0) return null;
  return {
    signal: 'inflow_collapse',
    severity: trend <= p.severeRatio ? 'high' : p.severity,
    why: [{
      code: 'INFLOW_COLLAPSE',
      description: `Inflows of the last 7 days were ${money(recent)} CNY, ${pct(trend)} of the usual ${money(baseline)} CNY a week`,
      value: Number(trend.toFixed(4)),
      threshold: p.ratio,
    }],
    cooldownHours: p.cooldownHours,
  };
}
