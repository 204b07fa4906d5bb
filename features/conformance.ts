/**
 * The one conformance suite every FeatureStore implementation must pass (embedded and Redis run
 * it from their own spec files). Expected values come from the documented window semantics —
 * worked out by hand in comments for crafted sequences, and from a brute-force reference model
 * for random ones — never from running a store.
 *
 * Window semantics under test: a window of n buckets of size g, at anchor time A, covers the
 * events whose bucket floor(t / g) lies in (floor(A / g) − n, floor(A / g)]. The anchor is the
 * event's own time (the watermark, for late events). Late = more than the allowed lateness behind
 * the entity's watermark: counted, not applied. Duplicate = event id seen before: not applied,
 * same vector as the first time.
 */
import { describe, expect, it } from 'vitest';
import type { FeatureStoreOptions } from './storeOptions.ts';
import { app, DAY, HOUR, label, MIN, pick, rep, T0, tok, txn, uscc } from './testFixtures.ts';
import type { FeatureInput, FeatureStore, FeatureVector } from './types.ts';

export interface ConformanceTarget {
  /** A fresh, empty store (its own key space) with the given options. */
  readonly makeStore: (options?: FeatureStoreOptions) => Promise<FeatureStore>;
  /** Distinct counts are exact (embedded) or HyperLogLog estimates (Redis, 0.81% standard error). */
  readonly exactDistinct: boolean;
}

/** HyperLogLog with 16384 registers: standard error 1.04 / sqrt(16384) ≈ 0.81%. */
export const HLL_STANDARD_ERROR = 0.0081;

/** Allowed gap between an estimate and the exact count: three standard errors, rounded up. */
export const distinctTolerance = (exact: number, isExact: boolean): number => (isExact ? 0 : Math.ceil(3 * HLL_STANDARD_ERROR * exact));

async function withStore<T>(target: ConformanceTarget, options: FeatureStoreOptions | undefined, fn: (store: FeatureStore) => Promise<T>): Promise<T> {
  const store = await target.makeStore(options);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Applies events one batch each (so stored vectors are visible to later batches) and returns every result. */
async function applyEach(store: FeatureStore, events: readonly FeatureInput[]): Promise<{ vectors: FeatureVector[]; outcomes: string[] }> {
  const vectors: FeatureVector[] = [];
  const outcomes: string[] = [];
  for (const e of events) {
    const r = await store.applyBatch([e]);
    vectors.push(r.vectors[0] as FeatureVector);
    outcomes.push(r.outcomes[0] as string);
  }
  return { vectors, outcomes };
}

// ── brute-force reference for the account entity of the default registry ──────────────────
interface RefTxn { id: string; t: number; dir: 'in' | 'out'; amount: number; balance: number }

/** The documented semantics, computed the slow obvious way over every applied event. */
class AccountReference {
  readonly applied: RefTxn[] = [];
  readonly firstVector = new Map<string, FeatureVector>();
  wm: number | undefined;
  lastT: number | undefined;
  lastBalance: number | undefined;

  constructor(readonly latenessMs: number) {}

  static window(events: readonly RefTxn[], anchor: number, bucketMs: number, n: number): RefTxn[] {
    const b = Math.floor(anchor / bucketMs);
    return events.filter((e) => {
      const eb = Math.floor(e.t / bucketMs);
      return eb > b - n && eb <= b;
    });
  }

  apply(e: RefTxn): { outcome: string; vector: FeatureVector } {
    const stored = this.firstVector.get(e.id);
    if (stored) return { outcome: 'duplicate', vector: stored };
    const late = this.wm !== undefined && e.t < this.wm - this.latenessMs;
    const lastBefore = this.lastT;
    if (!late) {
      this.applied.push(e);
      this.wm = this.wm === undefined ? e.t : Math.max(this.wm, e.t);
      if (this.lastT === undefined || e.t >= this.lastT) {
        this.lastT = e.t;
        this.lastBalance = e.balance;
      }
    }
    const anchor = late ? (this.wm as number) : e.t;
    const w1h = AccountReference.window(this.applied, anchor, 5 * MIN, 12);
    const w24h = AccountReference.window(this.applied, anchor, HOUR, 24);
    const w7d = AccountReference.window(this.applied, anchor, DAY, 7);
    const sum = (xs: RefTxn[], dir: 'in' | 'out'): number => xs.filter((x) => x.dir === dir).reduce((s, x) => s + x.amount, 0);
    const since = late ? lastBefore : lastBefore;
    const vector: FeatureVector = {
      'account.txn_count_1h': w1h.length,
      'account.txn_count_24h': w24h.length,
      'account.inflow_sum_24h': sum(w24h, 'in'),
      'account.outflow_sum_24h': sum(w24h, 'out'),
      'account.balance_min_7d': w7d.length ? Math.min(...w7d.map((x) => x.balance)) : null,
      'account.balance_last': this.lastBalance ?? null,
      'account.hours_since_last_txn': since === undefined ? null : Math.max(0, anchor - since) / HOUR,
    };
    this.firstVector.set(e.id, vector);
    return { outcome: late ? 'late' : 'applied', vector };
  }
}

/** A small deterministic PRNG (mulberry32) so the random sequences are the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function describeFeatureStoreConformance(name: string, target: ConformanceTarget): void {
  describe(`FeatureStore conformance: ${name}`, () => {
    it('counts at window boundaries: a window of n buckets covers (b − n, b]', async () => {
      await withStore(target, undefined, async (store) => {
        // account.txn_count_1h: 12 buckets of 5 min; account.txn_count_24h: 24 buckets of 1 h.
        const events = [
          txn({ id: 'e1', at: 0 }), //                 5m bucket 0,  1h bucket 0
          txn({ id: 'e2', at: 5 * MIN - 1 }), //       5m bucket 0
          txn({ id: 'e3', at: 55 * MIN }), //          5m bucket 11: window 0..11 holds e1..e3
          txn({ id: 'e4', at: 60 * MIN - 1 }), //      5m bucket 11
          txn({ id: 'e5', at: 60 * MIN }), //          5m bucket 12: window 1..12 drops e1, e2; 1h bucket 1
          txn({ id: 'e6', at: 65 * MIN }), //          5m bucket 13
          txn({ id: 'e7', at: 115 * MIN }), //         5m bucket 23: window 12..23 drops e3, e4
          txn({ id: 'e8', at: 24 * HOUR }), //         1h bucket 24: window 1..24 drops e1..e4
        ];
        const { vectors, outcomes } = await applyEach(store, events);
        expect(outcomes).toEqual(Array(8).fill('applied'));
        expect(vectors.map((v) => v['account.txn_count_1h'])).toEqual([1, 2, 3, 4, 3, 4, 3, 1]);
        expect(vectors.map((v) => v['account.txn_count_24h'])).toEqual([1, 2, 3, 4, 5, 6, 7, 4]);
      });
    });

    it('puts out-of-order events within the lateness in their own buckets and anchors their vector at their time', async () => {
      await withStore(target, undefined, async (store) => {
        const base = [0, 5 * MIN - 1, 55 * MIN, 60 * MIN - 1, 60 * MIN, 65 * MIN, 115 * MIN, 24 * HOUR].map((at, i) => txn({ id: `e${i + 1}`, at }));
        await applyEach(store, base);
        // Watermark is 24:00. e9 at 23:30 is 30 min behind: within the default 1-day lateness.
        const r9 = await store.applyBatch([txn({ id: 'e9', at: 23 * HOUR + 30 * MIN })]);
        expect(r9.outcomes).toEqual(['applied']);
        // As of 23:30: 1h window = 5m buckets 271..282 → only e9; 24h window = 1h buckets 0..23 → e1..e7, e9.
        expect(pick(r9.vectors[0], 'account.txn_count_1h', 'account.txn_count_24h')).toEqual({ 'account.txn_count_1h': 1, 'account.txn_count_24h': 8 });
        const r10 = await store.applyBatch([txn({ id: 'e10', at: 24 * HOUR + MIN })]);
        // As of 24:01: 1h buckets 1..24 → e5..e10 (6); 5m buckets 277..288 → e8, e9, e10.
        expect(pick(r10.vectors[0], 'account.txn_count_1h', 'account.txn_count_24h')).toEqual({ 'account.txn_count_1h': 3, 'account.txn_count_24h': 6 });
      });
    });

    it('counts events beyond the allowed lateness as late, leaves them out, and reports them', async () => {
      await withStore(target, { allowedLatenessMs: 6 * HOUR }, async (store) => {
        await store.applyBatch([txn({ id: 'a', at: 10 * HOUR, amount: 5 }), txn({ id: 'b', at: 11 * HOUR, amount: 7 })]);
        // Watermark 11:00, lateness 6 h: 05:00 is the oldest accepted time.
        const r = await store.applyBatch([
          txn({ id: 'late', at: 5 * HOUR - 1, amount: 1000 }),
          txn({ id: 'edge', at: 5 * HOUR, amount: 3 }),
        ]);
        expect(r.outcomes).toEqual(['late', 'applied']);
        expect(r.late).toBe(1);
        expect(r.duplicates).toBe(0);
        // The late event's vector is the entity as of its watermark, without the late event.
        expect(r.vectors[0]?.['account.inflow_sum_24h']).toBe(12);
        // The edge event is anchored at its own time, 05:00: the 24h window (−19:00, 05:00] holds only itself.
        expect(r.vectors[1]?.['account.inflow_sum_24h']).toBe(3);
        const after = await store.applyBatch([txn({ id: 'c', at: 12 * HOUR, amount: 1 })]);
        expect(after.vectors[0]?.['account.inflow_sum_24h']).toBe(16);
      });
    });

    it('applies an event id once: redelivery within and across batches returns the first vector and changes nothing', async () => {
      await withStore(target, undefined, async (store) => {
        const e1 = txn({ id: 'x1', at: HOUR, amount: 10 });
        const e2 = txn({ id: 'x2', at: 2 * HOUR, amount: 20 });
        const first = await store.applyBatch([e1, e2, e1]);
        expect(first.outcomes).toEqual(['applied', 'applied', 'duplicate']);
        expect(first.duplicates).toBe(1);
        expect(first.vectors[2]).toEqual(first.vectors[0]);
        expect(first.vectors[0]?.['account.inflow_sum_24h']).toBe(10);
        const again = await store.applyBatch([e1, e2]);
        expect(again.outcomes).toEqual(['duplicate', 'duplicate']);
        expect(again.vectors).toEqual([first.vectors[0], first.vectors[1]]);
        const next = await store.applyBatch([txn({ id: 'x3', at: 3 * HOUR, amount: 30 })]);
        expect(next.vectors[0]?.['account.inflow_sum_24h']).toBe(60);
        expect(next.vectors[0]?.['account.txn_count_24h']).toBe(3);
      });
    });

    it('includes the event itself in its own vector (point in time)', async () => {
      await withStore(target, undefined, async (store) => {
        const r = await store.applyBatch([
          txn({ id: 'p1', at: 0, amount: 40, direction: 'out', balanceAfter: 60, enterprise: 7, counterparty: 'cp-1' }),
        ]);
        expect(pick(r.vectors[0], 'account.txn_count_1h', 'account.outflow_sum_24h', 'account.balance_last', 'enterprise.outflow_sum_7d', 'counterparty.txn_count_30d'))
          .toEqual({ 'account.txn_count_1h': 1, 'account.outflow_sum_24h': 40, 'account.balance_last': 60, 'enterprise.outflow_sum_7d': 40, 'counterparty.txn_count_30d': 1 });
        // Entity types the event does not touch are absent, not zero.
        expect(r.vectors[0]?.['loan.dpd_last']).toBeUndefined();
        expect(r.vectors[0]?.['device.app_count_1h']).toBeUndefined();
      });
    });

    it('builds an originator\u2019s track record from its applications and the default labels of its loans', async () => {
      await withStore(target, undefined, async (store) => {
        const names = ['originator.app_count_365d', 'originator.app_count_all', 'originator.defaults_365d', 'originator.defaults_all'];
        const r = await store.applyBatch([
          app({ id: 'o1', at: 0, originator: 'branch-7' }),
          label({ id: 'l1', at: 100 * DAY, kind: 'default', applicationId: 'a-o1', originator: 'branch-7' }),
          label({ id: 'l2', at: 101 * DAY, kind: 'false_positive', originator: 'branch-7' }),
          label({ id: 'l3', at: 102 * DAY, kind: 'default', originator: 'branch-9' }),
          app({ id: 'o2', at: 200 * DAY, originator: 'branch-7' }),
          app({ id: 'o3', at: 600 * DAY, originator: 'branch-7' }),
          app({ id: 'o4', at: 600 * DAY }),
        ]);
        expect(pick(r.vectors[0], ...names)).toEqual({ 'originator.app_count_365d': 1, 'originator.app_count_all': 1, 'originator.defaults_365d': 0, 'originator.defaults_all': 0 });
        // Only default labels count, and only toward their own originator.
        expect(pick(r.vectors[4], ...names)).toEqual({ 'originator.app_count_365d': 2, 'originator.app_count_all': 2, 'originator.defaults_365d': 1, 'originator.defaults_all': 1 });
        // 400 days on, the 365-day window has let go of the earlier application and default.
        expect(pick(r.vectors[5], ...names)).toEqual({ 'originator.app_count_365d': 1, 'originator.app_count_all': 3, 'originator.defaults_365d': 0, 'originator.defaults_all': 1 });
        expect(r.vectors[6]?.['originator.app_count_all']).toBeUndefined();
      });
    });

    it('expires values as event time moves on, keeps all-time values, and holds bounded state', async () => {
      await withStore(target, undefined, async (store) => {
        const loan = 'loan-exp';
        const first = await applyEach(store, [
          rep({ id: 'm1', at: 0, loanId: loan, kind: 'missed', dpd: 1 }),
          rep({ id: 'p1', at: HOUR, loanId: loan, kind: 'paid', amountPaid: 500 }),
        ]);
        expect(pick(first.vectors[1], 'loan.missed_count_all', 'loan.paid_sum_90d')).toEqual({ 'loan.missed_count_all': 1, 'loan.paid_sum_90d': 500 });
        // 100 days on: the 90-day window (1d buckets) no longer holds day 0; all-time still does.
        const later = await store.applyBatch([rep({ id: 'm2', at: 100 * DAY, loanId: loan, kind: 'missed', dpd: 3 })]);
        expect(pick(later.vectors[0], 'loan.missed_count_all', 'loan.paid_sum_90d', 'loan.dpd_max_all')).toEqual({ 'loan.missed_count_all': 2, 'loan.paid_sum_90d': 0, 'loan.dpd_max_all': 3 });

        // An account busy for 200 days keeps at most `keep` buckets per granularity:
        // 5m: 12 + 288 (1 day lateness) + 1; 1h: 24 + 24 + 1; 1d: 7 + 1 + 1 → 359.
        const rnd = prng(7);
        const events: FeatureInput[] = [];
        for (let i = 0; i < 800; i++) events.push(txn({ id: `b${i}`, account: 'acct-busy', at: i * 6 * HOUR - Math.floor(rnd() * 3 * HOUR), amount: 1 + (i % 5) }));
        for (let i = 0; i < events.length; i += 100) await store.applyBatch(events.slice(i, i + 100));
        const stats = await store.entityStats('account', tok('acct-busy'));
        expect(stats).not.toBeNull();
        expect(stats?.buckets).toBeGreaterThan(0);
        expect(stats?.buckets).toBeLessThanOrEqual(359);
        // Ids are remembered for the lateness (1 day), plus up to a day until the next daily prune: ≤ 9 events at 6 h spacing.
        expect(stats?.dedupEntries).toBeLessThanOrEqual(9);
        // And the windows are still right: 6-hourly events, last one alone in its 24h window with 3 others.
        const tail = await store.applyBatch([txn({ id: 'tail', account: 'acct-busy', at: 800 * 6 * HOUR, amount: 2 })]);
        expect(tail.vectors[0]?.['account.txn_count_24h']).toBe(4);
      });
    });

    it('matches a brute-force reference on random out-of-order, late and duplicate sequences', async () => {
      await withStore(target, { allowedLatenessMs: 2 * HOUR }, async (store) => {
        const rnd = prng(42);
        const ref = new Map<string, AccountReference>();
        const sent: { account: string; e: RefTxn }[] = [];
        let clock = 0;
        for (let i = 0; i < 600; i++) {
          const account = `acct-${Math.floor(rnd() * 3)}`;
          const roll = rnd();
          if (roll < 0.08 && sent.length > 0) {
            sent.push(sent[Math.floor(rnd() * sent.length)] as { account: string; e: RefTxn });
            continue;
          }
          clock += Math.floor(rnd() * 40 * MIN);
          // Mostly in order; some a little behind; a few far behind (late at 2 h lateness).
          const skew = roll < 0.25 ? Math.floor(rnd() * 90 * MIN) : roll < 0.3 ? Math.floor(3 * HOUR + rnd() * 5 * HOUR) : 0;
          const e: RefTxn = { id: `r${i}`, t: clock - skew, dir: rnd() < 0.6 ? 'in' : 'out', amount: 1 + Math.floor(rnd() * 1000), balance: Math.floor(rnd() * 10_000) - 2_000 };
          sent.push({ account, e });
        }
        const expected = sent.map(({ account, e }) => {
          let r = ref.get(account);
          if (!r) ref.set(account, (r = new AccountReference(2 * HOUR)));
          return r.apply(e);
        });
        const inputs = sent.map(({ account, e }) => txn({ id: e.id, at: e.t, account, direction: e.dir, amount: e.amount, balanceAfter: e.balance }));
        const got: { outcome: string; vector: FeatureVector }[] = [];
        for (let i = 0; i < inputs.length; i += 37) {
          const r = await store.applyBatch(inputs.slice(i, i + 37));
          r.vectors.forEach((v, j) => got.push({ outcome: r.outcomes[j] as string, vector: v }));
        }
        expect(got.map((g) => g.outcome)).toEqual(expected.map((x) => x.outcome));
        expect(expected.filter((x) => x.outcome === 'late').length).toBeGreaterThan(5);
        expect(expected.filter((x) => x.outcome === 'duplicate').length).toBeGreaterThan(5);
        got.forEach((g, i) => {
          const want = (expected[i] as { vector: FeatureVector }).vector;
          expect({ i, ...pick(g.vector, ...Object.keys(want)) }).toEqual({ i, ...want });
        });
      });
    });

    it('estimates distinct counts within their stated error', async () => {
      await withStore(target, undefined, async (store) => {
        // Small: one device used by 4 persons, one of them twice, within 24 hours.
        const small = await store.applyBatch([
          app({ id: 'd1', at: 0, device: 'dev-x', person: 'p1', enterprise: 11 }),
          app({ id: 'd2', at: HOUR, device: 'dev-x', person: 'p2', enterprise: 12 }),
          app({ id: 'd3', at: 2 * HOUR, device: 'dev-x', person: 'p1', enterprise: 11 }),
          app({ id: 'd4', at: 3 * HOUR, device: 'dev-x', person: 'p3', enterprise: 13 }),
          app({ id: 'd5', at: 4 * HOUR, device: 'dev-x', person: 'p4', enterprise: 13 }),
        ]);
        const expectNear = (got: number | null | undefined, exact: number): void => {
          expect(got).not.toBeNull();
          expect(Math.abs((got as number) - exact)).toBeLessThanOrEqual(distinctTolerance(exact, target.exactDistinct));
        };
        expectNear(small.vectors[4]?.['device.distinct_applicants_24h'], 4);
        expectNear(small.vectors[4]?.['device.distinct_enterprises_30d'], 3);
        expectNear(small.vectors[2]?.['device.distinct_applicants_24h'], 2);
        // Two days on, the 24h window has only the new person; the 30-day window has all five.
        const later = await store.applyBatch([app({ id: 'd6', at: 2 * DAY, device: 'dev-x', person: 'p5', enterprise: 14 })]);
        expectNear(later.vectors[0]?.['device.distinct_applicants_24h'], 1);
        expectNear(later.vectors[0]?.['device.distinct_applicants_30d'], 5);

        // Large: 3000 distinct devices for one enterprise (plus 500 repeats) in one day.
        const many: FeatureInput[] = [];
        for (let i = 0; i < 3500; i++) many.push(app({ id: `m${i}`, at: 10 * DAY + i * 20_000, enterprise: 99, device: `dev-${i % 3000}`, person: `pp-${i}`, phone: `ph-${i}`, ip: `10.1.${i % 200}.${i % 250}` }));
        let last: FeatureVector | undefined;
        for (let i = 0; i < many.length; i += 500) {
          const r = await store.applyBatch(many.slice(i, i + 500));
          last = r.vectors.at(-1);
        }
        expectNear(last?.['enterprise.distinct_devices_30d'], 3000);
        expectNear(last?.['enterprise.distinct_applicants_30d'], 3500);
      });
    });

    it('computes last, time since, time until, cures, ratios and differences', async () => {
      await withStore(target, undefined, async (store) => {
        const loan = 'loan-c';
        const { vectors } = await applyEach(store, [
          rep({ id: 'c1', at: 0, loanId: loan, kind: 'installment_due', amountDue: 1_000, dueDate: '2026-03-12' }),
          txn({ id: 'c2', at: 3 * DAY, loanId: loan, account: 'svc', balanceAfter: 800 }),
          rep({ id: 'c3', at: 10 * DAY, loanId: loan, kind: 'missed', dpd: 1 }),
          rep({ id: 'c4', at: 20 * DAY, loanId: loan, kind: 'dpd_update', dpd: 11 }),
          rep({ id: 'c5', at: 21 * DAY, loanId: loan, kind: 'paid', dpd: 0, amountPaid: 1_000 }),
          rep({ id: 'c6', at: 22 * DAY, loanId: loan, kind: 'dpd_update', dpd: 0 }),
          rep({ id: 'c7', at: 40 * DAY, loanId: loan, kind: 'missed', dpd: 2 }),
          rep({ id: 'c8', at: 41 * DAY, loanId: loan, kind: 'partial', dpd: 0, amountPaid: 300 }),
        ]);
        // T0 is 2026-03-02, due 2026-03-12: 10 days ahead at c1, 7 days at c2 (3 days on).
        expect(vectors[0]?.['loan.days_to_next_due']).toBe(10);
        expect(pick(vectors[1], 'loan.days_to_next_due', 'loan.servicing_balance_last', 'loan.balance_to_amount_due'))
          .toEqual({ 'loan.days_to_next_due': 7, 'loan.servicing_balance_last': 800, 'loan.balance_to_amount_due': 0.8 });
        // dpd: 0 (c1) → 1 → 11 → 0 (cure) → 0 → 2 → 0 (cure).
        expect(vectors.map((v) => v['loan.cure_count_all'])).toEqual([0, 0, 0, 0, 1, 1, 1, 2]);
        expect(vectors[7]?.['loan.dpd_last']).toBe(0);
        expect(vectors[7]?.['loan.dpd_max_all']).toBe(11);
        // Previous payment c5 at day 21; c8 is at day 41.
        expect(vectors[7]?.['loan.days_since_last_payment']).toBe(20);
        expect(vectors[4]?.['loan.days_since_last_payment']).toBeNull();
        expect(vectors[7]?.['loan.paid_sum_90d']).toBe(1_300);

        const ent = await applyEach(store, [
          { topic: 'enterprise-updates', event: { eventId: 'u1', schemaVersion: 1, eventTime: new Date(T0).toISOString(), enterpriseId: uscc(5), kind: 'dishonest_debtor_listed', amount: 10 } },
          { topic: 'enterprise-updates', event: { eventId: 'u2', schemaVersion: 1, eventTime: new Date(T0 + DAY).toISOString(), enterpriseId: uscc(5), kind: 'dishonest_debtor_listed', subject: { idNumber: tok('owner') } } },
          { topic: 'enterprise-updates', event: { eventId: 'u3', schemaVersion: 1, eventTime: new Date(T0 + 2 * DAY).toISOString(), enterpriseId: uscc(5), kind: 'dishonest_debtor_removed' } },
        ]);
        expect(pick(ent.vectors[1], 'enterprise.dishonest_active', 'enterprise.related_person_listings_all', 'applicant.dishonest_listings_all'))
          .toEqual({ 'enterprise.dishonest_active': 1, 'enterprise.related_person_listings_all': 1, 'applicant.dishonest_listings_all': 1 });
        expect(ent.vectors[2]?.['enterprise.dishonest_active']).toBe(0);
        expect(ent.vectors[2]?.['applicant.dishonest_listings_all']).toBeUndefined();
      });
    });

    it('compares a recent window with the baseline before it (trend ratio), using only the history the entity has', async () => {
      const run = async (firstDay: number): Promise<FeatureVector> =>
        withStore(target, undefined, async (store) => {
          const events: FeatureInput[] = [];
          for (let d = firstDay; d <= 96; d++) events.push(txn({ id: `t${d}`, at: d * DAY + 12 * HOUR, enterprise: 3, amount: d >= 90 ? 1_400 : 700 }));
          let last: FeatureVector | undefined;
          for (let i = 0; i < events.length; i += 25) last = (await store.applyBatch(events.slice(i, i + 25))).vectors.at(-1);
          return last as FeatureVector;
        });
      // Day 96: recent = days 90..96 = 7 × 1400; baseline = days 7..89 (83 days × 700) → weekly 4900 → ratio 2.
      const full = await run(0);
      expect(full['enterprise.inflow_trend_7d_90d']).toBeCloseTo(2, 12);
      expect(full['enterprise.inflow_sum_7d']).toBe(9_800);
      // A young enterprise (first seen day 80) is compared with its 10 days of baseline, not with zeros.
      const young = await run(80);
      expect(young['enterprise.inflow_trend_7d_90d']).toBeCloseTo(2, 12);
      // No outflow at all: no baseline, null rather than infinity.
      expect(full['enterprise.outflow_trend_7d_90d']).toBeNull();
      expect(full['enterprise.outflow_to_inflow_30d']).toBe(0);
    });

    it('keeps black, grey and white lists with reason, source and expiry, and reports hits in the batch', async () => {
      let now = T0;
      await withStore(target, { clock: () => now }, async (store) => {
        await store.putListEntry({ kind: 'device', value: 'dev-bad', list: 'black', reason: 'emulator farm', source: 'fraud-ops' });
        await store.putListEntry({ kind: 'phone', value: tok('phone-g'), list: 'grey', reason: 'shared by 5 applicants', source: 'rules', expiresAt: new Date(T0 + DAY).toISOString() });
        await store.putListEntry({ kind: 'person', value: tok('good'), list: 'white', reason: 'staff', source: 'hr' });
        const r = await store.applyBatch([app({ id: 'l1', at: 0, device: 'dev-bad', phone: 'phone-g', person: 'good' }), app({ id: 'l2', at: MIN, device: 'dev-ok' })]);
        const hits = (r.listHits[0] ?? []).map((h) => [h.kind, h.list, h.field, h.reason, h.source]);
        expect(hits).toEqual(expect.arrayContaining([
          ['device', 'black', 'deviceId', 'emulator farm', 'fraud-ops'],
          ['phone', 'grey', 'applicant.phone', 'shared by 5 applicants', 'rules'],
          ['person', 'white', 'applicant.idNumber', 'staff', 'hr'],
        ]));
        expect(hits).toHaveLength(3);
        expect(r.listHits[1]).toEqual([]);
        // The grey entry expires after a day; the others stay until removed.
        now = T0 + DAY + 1;
        const [phone, device] = await store.lookupLists([{ kind: 'phone', value: tok('phone-g') }, { kind: 'device', value: 'dev-bad' }]);
        expect(phone).toEqual([]);
        expect(device?.map((e) => e.list)).toEqual(['black']);
        expect(await store.removeListEntry('device', 'dev-bad', 'black')).toBe(true);
        expect(await store.removeListEntry('device', 'dev-bad', 'black')).toBe(false);
        const after = await store.applyBatch([app({ id: 'l3', at: 2 * MIN, device: 'dev-bad', person: 'good' })]);
        expect(after.listHits[0]?.map((h) => h.kind)).toEqual(['person']);
        await expect(store.putListEntry({ kind: 'device', value: 'x', list: 'black', reason: '', source: 'ops' })).rejects.toThrow(/reason/);
      });
    });

    it('lists its features in registry order', async () => {
      await withStore(target, undefined, async (store) => {
        expect(store.featureNames.length).toBeGreaterThanOrEqual(40);
        expect(new Set(store.featureNames).size).toBe(store.featureNames.length);
        const r = await store.applyBatch([app({ id: 'o1', at: 0 }), txn({ id: 'o2', at: 1, enterprise: 1, counterparty: 'c', loanId: 'l' })]);
        for (const v of r.vectors) {
          const names = Object.keys(v);
          expect(names.length).toBeGreaterThanOrEqual(20);
          for (const n of names) expect(store.featureNames).toContain(n);
        }
      });
    });
  });
}
