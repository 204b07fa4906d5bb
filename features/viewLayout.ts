/**
 * Layout of an entity's packed view in Redis: one hash field holding, at fixed 1-based
 * positions, every number a feature read needs (watermark, first time, running window
 * aggregates and their non-empty bucket counts, all-time aggregates, last values and times,
 * cures, cached distinct counts). The
 * Lua function updates the few positions an event touches and returns the view; Node maps read
 * slots to positions with this same layout, so the work per feature happens in Node, not in Lua.
 */
import type { EntityPlan } from './plan.ts';

export interface SeriesPositions {
  /** Running aggregate per window, aligned with the series' windows (sum/min/max). */
  readonly tp: readonly number[];
  /** Number of non-empty buckets per window (sum only: an emptied window is exactly empty). */
  readonly tc: readonly number[];
  /** All-time aggregate (0 = none). */
  readonly ap: number;
  /** Last value, and its event time (last/cures). */
  readonly lp: number;
  readonly mp: number;
  /** Cures count. */
  readonly cp: number;
  /** Cached distinct count per window, aligned with the series' windows. */
  readonly dp: readonly number[];
  /** Cached all-time distinct count (0 = none). */
  readonly Dp: number;
}

export interface ViewLayout {
  /** Number of positions. */
  readonly size: number;
  readonly series: readonly SeriesPositions[];
  /** View position of each read slot, aligned with the plan's slots. */
  readonly slotPos: readonly number[];
}

/** Position of the watermark and of the first event time. */
export const WM_POS = 1;
export const FIRST_POS = 2;

const isAgg = (op: string): boolean => op === 'sum' || op === 'min' || op === 'max';

export function viewLayout(plan: EntityPlan): ViewLayout {
  let n = FIRST_POS;
  const series: SeriesPositions[] = plan.series.map((sp) => {
    const tp: number[] = [];
    const tc: number[] = [];
    const dp: number[] = [];
    let ap = 0;
    let lp = 0;
    let mp = 0;
    let cp = 0;
    let Dp = 0;
    if (isAgg(sp.op)) {
      for (let k = 0; k < sp.windows.length; k++) {
        tp.push(++n);
        if (sp.op === 'sum') tc.push(++n);
      }
      if (sp.all) ap = ++n;
    } else if (sp.op === 'last' || sp.op === 'cures') {
      lp = ++n;
      mp = ++n;
      if (sp.op === 'cures') cp = ++n;
    } else if (sp.op === 'distinct') {
      for (let k = 0; k < sp.windows.length; k++) dp.push(++n);
      if (sp.all) Dp = ++n;
    }
    return { tp, tc, ap, lp, mp, cp, dp, Dp };
  });
  const slotPos = plan.slots.map((sl) => {
    const p = series[sl.s] as SeriesPositions;
    const windows = (plan.series[sl.s] as EntityPlan['series'][number]).windows;
    switch (sl.k) {
      case 'w': return p.tp[windows.indexOf(sl.w)] as number;
      case 'd': return p.dp[windows.indexOf(sl.w)] as number;
      case 'a': return p.ap;
      case 'l': return p.lp;
      case 'm': return p.mp;
      case 'c': return p.cp;
      case 'D': return p.Dp;
    }
    return 0;
  });
  return { size: n, series, slotPos };
}
