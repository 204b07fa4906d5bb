import { beforeEach, describe, expect, it } from 'vitest';
import { applyEvents } from '../detectors/graph/applyEvents.ts';
import { KnowledgeGraph } from '../detectors/graph/knowledgeGraph.ts';
import { MemoryGraphStore } from '../detectors/graph/memoryStore.ts';
import { guarantee, personRef, shareholder, updates } from '../detectors/graph/testFixtures.ts';
import { ProspectBook } from './book.ts';
import { loadProspectsConfig } from './config.ts';
import type { Prospect } from './evaluate.ts';
import { asEvents, invoiceHistory, listing, registry, uscc } from './testFixtures.ts';

const config = loadProspectsConfig();

/** Eligible enterprises, best first: the list `fengkong prospects` shows. */
const ranking = (rows: readonly Prospect[]): string[] =>
  rows.filter((r) => r.eligible).sort((a, b) => b.score - a.score || (a.enterpriseId < b.enterpriseId ? -1 : 1)).map((r) => r.enterpriseId);

describe('prospect book', () => {
  let store: MemoryGraphStore;
  let book: ProspectBook;

  beforeEach(async () => {
    store = new MemoryGraphStore();
    book = new ProspectBook(config, new KnowledgeGraph(store));
    // What the scorer has put in the graph: person p holds 60% of enterprise 1 and 30% of enterprise 4.
    await applyEvents(store, updates(shareholder(1, { person: 'p' }, 60), shareholder(4, { person: 'p' }, 30), shareholder(2, { person: 'q' }, 100)));
    await book.apply(asEvents(
      registry(1), registry(2), registry(3), registry(4),
      ...invoiceHistory(1, { growth: 0.5 }), ...invoiceHistory(2, { growth: 0.35 }), ...invoiceHistory(3, { growth: 0.25 }), ...invoiceHistory(4, { growth: -0.1 }),
    ));
  });

  it('ranks growing enterprises by growth and leaves out the declining one, with a product, a limit and reasons', async () => {
    const rows = await book.evaluate(book.enterpriseIds());
    expect(ranking(rows)).toEqual([uscc(1), uscc(2), uscc(3)]);
    const top = rows.find((r) => r.enterpriseId === uscc(1))!;
    expect(top.product).toBe('invoice_financing');
    expect(top.indicativeLimit).toBeGreaterThan(0);
    expect(top.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['PRODUCT_FIT', 'LIMIT', 'GROWTH', 'FORECAST', 'GRAPH_CLEAN']));
    for (const r of top.reasons) expect(r.zh.length > 0 && r.en.length > 0).toBe(true);
    expect(rows.find((r) => r.enterpriseId === uscc(4))!.exclusions.map((e) => e.code)).toContain('NOT_GROWING');
  });

  it('drops an enterprise at once when its shareholder is listed as a dishonest debtor on its own stream', async () => {
    expect(ranking(await book.evaluate(book.enterpriseIds()))[0]).toBe(uscc(1));
    const outcome = await book.apply(asEvents(listing(1, personRef('p'))));
    expect(outcome.touched.has(uscc(1))).toBe(true);
    const rows = await book.evaluate(outcome.touched);
    const one = rows.find((r) => r.enterpriseId === uscc(1))!;
    expect(one.eligible).toBe(false);
    expect(one.exclusions.map((e) => e.code)).toContain('LISTED_OWNER');
    // Lifting the listing puts it back.
    await book.apply(asEvents(listing(1, personRef('p'), 'dishonest_debtor_removed', '2026-04-25T02:00:00.000Z')));
    expect(ranking(await book.evaluate(book.enterpriseIds()))[0]).toBe(uscc(1));
  });

  it('drops it at once too when the listing arrives on another company of the shareholder, before the scorer has flagged the person', async () => {
    // The listing is published on enterprise 4 (p's other company); the graph store is not told.
    const outcome = await book.apply(asEvents(listing(4, personRef('p'))));
    expect(outcome.touched.has(uscc(1))).toBe(false);
    const reached = await book.reachedBy(outcome.flagged);
    expect(reached.has(uscc(1))).toBe(true);
    expect(reached.has(uscc(2))).toBe(false);
    const rows = await book.evaluate([...outcome.touched, ...reached]);
    const one = rows.find((r) => r.enterpriseId === uscc(1))!;
    expect(one.eligible).toBe(false);
    expect(one.exclusions.map((e) => e.code)).toContain('LISTED_OWNER');
    expect((await store.flags([`person:${personRef('p').idNumber}`])).get(`person:${personRef('p').idNumber}`)).toEqual({});
  });

  it('excludes the members of a guarantee circle and keeps a plain guarantee pair', async () => {
    await book.apply(asEvents(registry(5), registry(6), registry(7), ...invoiceHistory(5, { growth: 0.45 }), ...invoiceHistory(6, { growth: 0.4 }), ...invoiceHistory(7, { growth: 0.42 })));
    // 1 → 2 → 3 → 1 is a circle; 5 guarantees 6 and nothing comes back.
    await applyEvents(store, updates(guarantee(1, 2), guarantee(2, 3), guarantee(3, 1), guarantee(5, 6)));
    const rows = await book.evaluate(book.enterpriseIds());
    for (const n of [1, 2, 3]) {
      const r = rows.find((x) => x.enterpriseId === uscc(n))!;
      expect(r.eligible).toBe(false);
      expect(r.exclusions).toContainEqual(expect.objectContaining({ code: 'GUARANTEE_CIRCLE', value: 3 }));
    }
    expect(ranking(rows)).toEqual([uscc(5), uscc(7), uscc(6)]);
  });

  it('excludes own adverse events and a default label, and ignores a fraud label naming it as the victim', async () => {
    await book.apply([
      ...asEvents({ ...invoiceHistory(2, { growth: 0.35 })[0]!, eventId: 'lawsuit-2', kind: 'litigation_filed', caseId: 'MC-1', role: 'defendant', caseType: 'contract_dispute', claimAmount: 10_000, eventTime: '2026-04-01T00:00:00.000Z' } as never),
      { topic: 'labels', event: { eventId: 'l-1', schemaVersion: 1, eventTime: '2026-04-02T00:00:00.000Z', labelId: 'L1', kind: 'default', enterpriseId: uscc(3), occurredAt: '2026-04-01T00:00:00.000Z' } },
      { topic: 'labels', event: { eventId: 'l-2', schemaVersion: 1, eventTime: '2026-04-02T00:00:00.000Z', labelId: 'L2', kind: 'fraud_confirmed', fraudType: 'transaction', enterpriseId: uscc(1), occurredAt: '2026-04-01T00:00:00.000Z' } },
    ]);
    const rows = await book.evaluate(book.enterpriseIds());
    expect(rows.find((r) => r.enterpriseId === uscc(2))!.exclusions.map((e) => e.code)).toContain('LAWSUIT_DEFENDANT');
    expect(rows.find((r) => r.enterpriseId === uscc(3))!.exclusions.map((e) => e.code)).toContain('DEFAULTED');
    expect(ranking(rows)).toEqual([uscc(1)]);
  });

  it('is idempotent: a redelivered batch changes nothing', async () => {
    const before = JSON.stringify(book.state(uscc(1)));
    await book.apply(asEvents(...invoiceHistory(1, { growth: 0.5 })));
    expect(JSON.stringify(book.state(uscc(1)))).toBe(before);
  });
});
