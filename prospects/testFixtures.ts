/**
 * Small, already-pseudonymised event builders for prospect tests, on top of the graph's
 * fixtures (detectors/graph/testFixtures.ts): invoice histories with a chosen growth, registry
 * snapshots, listings. Credit codes come from numbers, as there.
 */
import { update, uscc } from '../detectors/graph/testFixtures.ts';
import type { EventOf } from '../schemas/topics.ts';
import type { ProspectEvent } from './book.ts';
import { monthIndex, monthLabel } from './forecast/months.ts';

export { uscc };

/** Registry snapshot of enterprise `ent` with an industry code (and a name). */
export const registry = (ent: number, industryCode = 'C34'): EventOf<'enterprise-updates'> => ({
  ...update('registry_change', ent, { registeredName: `企业${ent}有限公司`, industryCode, status: 'active' }),
  eventTime: '2025-01-01T00:00:00.000Z',
});

export interface HistorySpec {
  /** Annual log-growth. */
  readonly growth: number;
  readonly months?: number;
  readonly first?: string;
  /** Monthly sales in the first month, CNY. */
  readonly base?: number;
  /** Deterministic month-to-month wiggle (log), so the fit has residuals. */
  readonly wiggle?: number;
}

/** Monthly invoice summaries of `ent`, each published on the 10th of the following month. */
export function invoiceHistory(ent: number, s: HistorySpec): Array<EventOf<'enterprise-updates'>> {
  const first = monthIndex(s.first ?? '2025-01');
  const months = s.months ?? 15;
  const base = s.base ?? 1_000_000;
  const wiggle = s.wiggle ?? 0.03;
  return Array.from({ length: months }, (_, t) => {
    const m = first + t;
    const sales = Math.round(base * Math.exp((s.growth * t) / 12 + wiggle * Math.sin(1.7 * t + ent)) * 100) / 100;
    const published = monthLabel(m + 1);
    return {
      ...update('invoice_summary', ent, { month: monthLabel(m), salesAmount: sales, purchaseAmount: Math.round(sales * 0.7), invoiceCount: 40, customerCount: 8 }),
      eventTime: `${published}-10T02:00:00.000Z`,
    };
  });
}

/** Dishonest-debtor listing published on enterprise `ent`'s stream, of the firm itself or of a person (by label, as personRef). */
export function listing(ent: number, subject: { idNumber: string } | null, kind: 'dishonest_debtor_listed' | 'dishonest_debtor_removed' = 'dishonest_debtor_listed', eventTime = '2026-04-20T02:00:00.000Z'): EventOf<'enterprise-updates'> {
  return { ...update(kind, ent, { caseId: `ZX-${ent}`, amount: 50_000, ...(subject ? { subject } : {}) }), eventTime };
}

export const asEvents = (...events: Array<EventOf<'enterprise-updates'>>): ProspectEvent[] => events.map((event) => ({ topic: 'enterprise-updates', event }));
