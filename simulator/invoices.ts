/**
 * Monthly VAT invoice summaries, published between the 5th and the 15th of the following month
 * (the VAT filing deadline). History before the start is delivered with its real publication
 * dates; a firm that has vanished stops filing.
 */
import { Rng } from './rng.ts';
import { foundedMs, type SalesModel } from './sales.ts';
import { addMonths, atCst, DAY, monthOf, monthStart } from './time.ts';
import type { World } from './world.ts';

export function emitInvoices(world: World, sales: SalesModel): void {
  const { startMs, endMs, params, seed } = world.options;
  const first = addMonths(monthStart(startMs), -params.invoiceHistoryMonths);
  for (const e of world.enterprises) {
    const founded = foundedMs(world, e);
    for (let m = first; m < endMs; m = addMonths(m, 1)) {
      const monthEnd = addMonths(m, 1);
      if (monthEnd <= founded) continue;
      if (e.vanishMs !== null && m >= e.vanishMs) break;
      const rng = Rng.from(seed, 'invoice', e.index, monthOf(m));
      const publishedMs = atCst(monthEnd + rng.int(4, 14) * DAY, rng.range(9, 18));
      if (publishedMs >= endMs) break;
      const salesAmount = Math.round(sales.realised(e, m) * 100) / 100;
      const invoiceCount = Math.max(0, Math.round((salesAmount / e.industry.ticket) * rng.range(0.8, 1.2)));
      world.emitter.emit('enterprise-updates', publishedMs, {
        enterpriseId: e.id, provider: 'sim-tax', kind: 'invoice_summary', month: monthOf(m),
        salesAmount,
        purchaseAmount: Math.round(salesAmount * e.industry.purchaseRatio * rng.lognormal(1, 0.08) * 100) / 100,
        invoiceCount,
        customerCount: Math.min(invoiceCount, Math.round(Math.sqrt(invoiceCount) * rng.range(1, 2.5))),
      }, { history: true });
    }
  }
}
