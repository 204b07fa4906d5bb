/**
 * One entity's feature state held in process — the embedded twin of lua/applyEntityEvent-3.lua.
 * The two follow the same algorithm step by step (same bucket arithmetic, same order of
 * additions and subtractions, same pruning points), so the conformance suite can hold them to
 * the same values. Differences by design: distinct counts are exact here (Sets) where Redis uses
 * HyperLogLog (~0.81% error), and wall-clock expiry is a sweep by the store instead of key TTLs.
 *
 * Algorithm (per event at time t, for this entity):
 * 1. late if t < watermark − allowed lateness (not applied, read anchored at the watermark);
 *    duplicate if the event id is remembered (not applied, read anchored at t); else applied.
 * 2. When the watermark moves into a new bucket of a granularity, each window slides: the
 *    values of buckets leaving it are subtracted and of buckets entering it (windows with a lag)
 *    added, in ascending bucket order; a window's count of non-empty buckets makes an emptied
 *    window exactly empty (no floating-point residue). min/max windows are refolded when a
 *    bucket holding their series leaves. Buckets older than `keep` are dropped.
 *    Distinct counts are recounted when a bucket holding their series leaves the window.
 * 3. The event's values go into its buckets, into every running window aggregate whose window
 *    covers its bucket, into all-time aggregates, last values and cures.
 * 4. Slots are read anchored at t: the running aggregates when t is in the watermark's bucket,
 *    else a fold over the window ending at t's bucket (out-of-order events).
 */
import { bucketOf } from './bucketOf.ts';
import type { EntityRead, EntityStatus } from './entityRead.ts';
import { isLate } from './isLate.ts';
import type { EntityPlan, SeriesOp, WindowPlan } from './plan.ts';
import type { EntityStats } from './types.ts';

/** Dedup entries older than watermark − horizon are dropped whenever the watermark enters a new day. */
export const DEDUP_PRUNE_MS = 86_400_000;

export interface EntityLimits {
  readonly allowedLatenessMs: number;
  readonly dedupHorizonMs: number;
}

function combine(op: SeriesOp, acc: number | undefined, v: number): number {
  if (acc === undefined) return v;
  if (op === 'min') return v < acc ? v : acc;
  if (op === 'max') return v > acc ? v : acc;
  return acc + v;
}

const isAgg = (op: SeriesOp): boolean => op === 'sum' || op === 'min' || op === 'max';

export class EmbeddedEntity {
  wm: number | undefined;
  first: number | undefined;
  /** Wall-clock ms of the last applied event, for idle expiry. */
  touchedAt = 0;
  /** Per granularity: the buckets holding data of any series. */
  readonly #index: Set<number>[];
  /** `${g}:${b}` → series → aggregate (for distinct series: 1, presence). */
  readonly #buckets = new Map<string, Map<number, number>>();
  /** `${s}:${w}` → running aggregate / number of non-empty buckets in the window. */
  readonly #totals = new Map<string, number>();
  readonly #counts = new Map<string, number>();
  readonly #alls = new Map<number, number>();
  readonly #last = new Map<number, number>();
  readonly #lastT = new Map<number, number>();
  readonly #cures = new Map<number, number>();
  /** `${s}:${g}:${b}` → distinct values of series s in that bucket; `${s}:a` all time. */
  readonly #sets = new Map<string, Set<string>>();
  readonly #distinctCache = new Map<string, number>();
  readonly #dedup = new Map<string, number>();

  constructor(readonly plan: EntityPlan) {
    this.#index = plan.grans.map(() => new Set<number>());
  }

  stats(): EntityStats {
    return {
      watermark: this.wm ?? null,
      buckets: this.#index.reduce((n, s) => n + s.size, 0),
      dedupEntries: this.#dedup.size,
    };
  }

  #sorted(gi: number, lo: number, hi: number): number[] {
    return [...(this.#index[gi] as Set<number>)].filter((b) => b > lo && b <= hi).sort((x, y) => x - y);
  }

  #bucketValue(gi: number, b: number, s: number): number | undefined {
    return this.#buckets.get(`${gi}:${b}`)?.get(s);
  }

  /** Applies one event (series/values aligned) and reads the entity's slots as of it. */
  apply(t: number, eventId: string, series: readonly number[], values: readonly (number | string)[], limits: EntityLimits): EntityRead {
    const plan = this.plan;
    const wm = this.wm;
    let status: EntityStatus;
    if (wm !== undefined && isLate(t, wm, limits.allowedLatenessMs)) status = 'l';
    else if (this.#dedup.has(eventId)) status = 'd';
    else status = 'a';

    // Times of last values before this event, for time-since slots.
    const lastTimeBefore = new Map(this.#lastT);
    const advanced = plan.grans.map(() => false);
    const stale = new Set<string>();
    const dirty = new Set<number>();

    if (status === 'a') {
      this.#dedup.set(eventId, t);
      const newWm = wm === undefined ? t : Math.max(wm, t);
      plan.grans.forEach((g, gi) => {
        const b1 = bucketOf(newWm, g.ms);
        if (wm !== undefined && b1 <= bucketOf(wm, g.ms)) return;
        advanced[gi] = true;
        if (wm !== undefined) this.#slide(gi, bucketOf(wm, g.ms), b1, stale);
      });
      if (wm === undefined || bucketOf(newWm, DEDUP_PRUNE_MS) > bucketOf(wm, DEDUP_PRUNE_MS)) {
        const floor = newWm - limits.dedupHorizonMs;
        for (const [id, at] of this.#dedup) if (at < floor) this.#dedup.delete(id);
      }
      this.wm = newWm;
      this.first = this.first === undefined ? t : Math.min(this.first, t);
      series.forEach((s, i) => this.#update(s, values[i] as number | string, t, newWm, dirty));
    }

    // Cached distinct counts (anchored at the watermark) follow new values and leaving buckets.
    plan.series.forEach((sp, s) => {
      if (sp.op !== 'distinct') return;
      for (const w of sp.windows) {
        const win = plan.windows[w] as WindowPlan;
        const key = `${s}:${w}`;
        if (!dirty.has(s) && !stale.has(key) && this.#distinctCache.has(key)) continue;
        const top = bucketOf(this.wm as number, (plan.grans[win.gran] as { ms: number }).ms);
        this.#distinctCache.set(key, this.#distinctCount(s, win.gran, top - win.n, top));
      }
    });

    const anchor = status === 'l' ? (this.wm as number) : t;
    const out: (number | null)[] = plan.slots.map((slot) => {
      switch (slot.k) {
        case 'w': return this.#readWindow(slot.s, slot.w, anchor);
        case 'a': return this.#alls.get(slot.s) ?? null;
        case 'l': return this.#last.get(slot.s) ?? null;
        case 'm': return lastTimeBefore.get(slot.s) ?? null;
        case 'c': return this.#cures.get(slot.s) ?? null;
        case 'd': return this.#readDistinct(slot.s, slot.w, anchor);
        case 'D': return this.#sets.get(`${slot.s}:a`)?.size ?? 0;
      }
      return null;
    });
    return { status, wm: this.wm as number, first: this.first as number, values: out };
  }

  /** The watermark's bucket at granularity gi moves from b0 to b1: slide every window, prune. */
  #slide(gi: number, b0: number, b1: number, stale: Set<string>): void {
    const plan = this.plan;
    plan.series.forEach((sp, s) => {
      sp.windows.forEach((w) => {
        const win = plan.windows[w] as WindowPlan;
        if (win.gran !== gi) return;
        const leaving = this.#sorted(gi, b0 - win.lag - win.n, Math.min(b0 - win.lag, b1 - win.lag - win.n));
        const entering = this.#sorted(gi, Math.max(b0 - win.lag, b1 - win.lag - win.n), b1 - win.lag);
        const key = `${s}:${w}`;
        if (sp.op === 'distinct') {
          if (leaving.some((b) => this.#bucketValue(gi, b, s) !== undefined)) stale.add(key);
          return;
        }
        if (!isAgg(sp.op)) return;
        if (sp.op === 'sum') {
          let total = this.#totals.get(key);
          let count = this.#counts.get(key) ?? 0;
          for (const b of leaving) {
            const v = this.#bucketValue(gi, b, s);
            if (v === undefined) continue;
            total = (total as number) - v;
            count--;
          }
          for (const b of entering) {
            const v = this.#bucketValue(gi, b, s);
            if (v === undefined) continue;
            total = total === undefined ? v : total + v;
            count++;
          }
          if (count <= 0 || total === undefined) {
            this.#totals.delete(key);
            this.#counts.delete(key);
          } else {
            this.#totals.set(key, total);
            this.#counts.set(key, count);
          }
          return;
        }
        // min / max cannot subtract: refold when a bucket of this series leaves.
        let total = this.#totals.get(key);
        if (leaving.some((b) => this.#bucketValue(gi, b, s) !== undefined)) {
          total = undefined;
          for (const b of this.#sorted(gi, b1 - win.lag - win.n, b1 - win.lag)) {
            const v = this.#bucketValue(gi, b, s);
            if (v !== undefined) total = combine(sp.op, total, v);
          }
        } else {
          for (const b of entering) {
            const v = this.#bucketValue(gi, b, s);
            if (v !== undefined) total = combine(sp.op, total, v);
          }
        }
        if (total === undefined) this.#totals.delete(key);
        else this.#totals.set(key, total);
      });
    });
    const oldest = b1 - (plan.grans[gi] as { keep: number }).keep;
    const index = this.#index[gi] as Set<number>;
    for (const b of [...index]) {
      if (b > oldest) continue;
      index.delete(b);
      this.#buckets.delete(`${gi}:${b}`);
      plan.series.forEach((sp, s) => {
        if (sp.op === 'distinct' && sp.grans.includes(gi)) this.#sets.delete(`${s}:${gi}:${b}`);
      });
    }
  }

  #update(s: number, raw: number | string, t: number, newWm: number, dirty: Set<number>): void {
    const plan = this.plan;
    const sp = plan.series[s];
    if (!sp) return;
    switch (sp.op) {
      case 'sum':
      case 'min':
      case 'max': {
        const v = raw as number;
        const fresh = new Set<number>();
        for (const gi of sp.grans) {
          const b = bucketOf(t, (plan.grans[gi] as { ms: number }).ms);
          const key = `${gi}:${b}`;
          let bucket = this.#buckets.get(key);
          if (!bucket) this.#buckets.set(key, (bucket = new Map()));
          const cur = bucket.get(s);
          if (cur === undefined) fresh.add(gi);
          bucket.set(s, combine(sp.op, cur, v));
          (this.#index[gi] as Set<number>).add(b);
        }
        for (const w of sp.windows) {
          const win = plan.windows[w] as WindowPlan;
          const ms = (plan.grans[win.gran] as { ms: number }).ms;
          const top = bucketOf(newWm, ms) - win.lag;
          const b = bucketOf(t, ms);
          if (b <= top - win.n || b > top) continue;
          const key = `${s}:${w}`;
          this.#totals.set(key, combine(sp.op, this.#totals.get(key), v));
          if (sp.op === 'sum' && fresh.has(win.gran)) this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
        }
        if (sp.all) this.#alls.set(s, combine(sp.op, this.#alls.get(s), v));
        return;
      }
      case 'last': {
        const lt = this.#lastT.get(s);
        if (lt === undefined || t >= lt) {
          this.#last.set(s, raw as number);
          this.#lastT.set(s, t);
        }
        return;
      }
      case 'cures': {
        const lt = this.#lastT.get(s);
        if (lt === undefined || t >= lt) {
          const prev = this.#last.get(s);
          if (prev !== undefined && prev > 0 && raw === 0) this.#cures.set(s, (this.#cures.get(s) ?? 0) + 1);
          this.#last.set(s, raw as number);
          this.#lastT.set(s, t);
        }
        return;
      }
      case 'distinct': {
        const v = String(raw);
        for (const gi of sp.grans) {
          const b = bucketOf(t, (plan.grans[gi] as { ms: number }).ms);
          const key = `${s}:${gi}:${b}`;
          let set = this.#sets.get(key);
          if (!set) this.#sets.set(key, (set = new Set()));
          if (!set.has(v)) {
            set.add(v);
            dirty.add(s);
          }
          const bk = `${gi}:${b}`;
          let bucket = this.#buckets.get(bk);
          if (!bucket) this.#buckets.set(bk, (bucket = new Map()));
          bucket.set(s, 1);
          (this.#index[gi] as Set<number>).add(b);
        }
        if (sp.all) {
          const key = `${s}:a`;
          let set = this.#sets.get(key);
          if (!set) this.#sets.set(key, (set = new Set()));
          set.add(v);
        }
        return;
      }
    }
  }

  #readWindow(s: number, w: number, anchor: number): number | null {
    const plan = this.plan;
    const win = plan.windows[w] as WindowPlan;
    const ms = (plan.grans[win.gran] as { ms: number }).ms;
    const bA = bucketOf(anchor, ms);
    if (bA === bucketOf(this.wm as number, ms)) return this.#totals.get(`${s}:${w}`) ?? null;
    const op = (plan.series[s] as { op: SeriesOp }).op;
    let acc: number | undefined;
    for (const b of this.#sorted(win.gran, bA - win.lag - win.n, bA - win.lag)) {
      const v = this.#bucketValue(win.gran, b, s);
      if (v !== undefined) acc = combine(op, acc, v);
    }
    return acc ?? null;
  }

  #distinctCount(s: number, gi: number, lo: number, hi: number): number {
    const union = new Set<string>();
    for (const b of this.#index[gi] as Set<number>) {
      if (b <= lo || b > hi) continue;
      const set = this.#sets.get(`${s}:${gi}:${b}`);
      if (set) for (const v of set) union.add(v);
    }
    return union.size;
  }

  #readDistinct(s: number, w: number, anchor: number): number {
    const plan = this.plan;
    const win = plan.windows[w] as WindowPlan;
    const ms = (plan.grans[win.gran] as { ms: number }).ms;
    const bA = bucketOf(anchor, ms);
    if (bA !== bucketOf(this.wm as number, ms)) return this.#distinctCount(s, win.gran, bA - win.n, bA);
    return this.#distinctCache.get(`${s}:${w}`) ?? 0;
  }
}
