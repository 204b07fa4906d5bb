import { describe, expect, it } from 'vitest';
import { IMPORTERS } from '../../importers/registry.ts';
import { PUBLIC_FILES } from '../../importers/publicData.ts';
import { NEVER_FEATURES, orderSplit, sbaCaseSplit, timeSplit } from './splits.ts';

describe('public data splits', () => {
  it('time split: the earliest 70% train, ties in input order', () => {
    const times = ['2025-01-03', '2025-01-01', '2025-01-02', '2025-01-02', '2025-01-05', '2025-01-04', '2025-01-01', '2025-01-06', '2025-01-07', '2025-01-08'];
    const split = timeSplit(times, (t) => `${t}T00:00:00Z`);
    expect(split.filter((s) => s === 'train')).toHaveLength(7);
    const latestTrain = Math.max(...times.filter((_, i) => split[i] === 'train').map((t) => Date.parse(t)));
    const earliestTest = Math.min(...times.filter((_, i) => split[i] === 'test').map((t) => Date.parse(t)));
    expect(latestTrain).toBeLessThanOrEqual(earliestTest);
  });

  it('order split: the first 70% train', () => {
    expect(orderSplit(10)).toEqual([...Array(7).fill('train'), ...Array(3).fill('test')]);
  });

  it('SBAcase: the paper\u2019s Selected column, 1,051 train and 1,050 test', async () => {
    const split = await sbaCaseSplit(PUBLIC_FILES.sbaCase);
    const counts = [...split.values()].reduce<Record<string, number>>((c, s) => ({ ...c, [s]: (c[s] ?? 0) + 1 }), {});
    expect(counts).toEqual({ train: 1051, test: 1050 });
  });

  it('no importer reads a column that must never be a feature, except the label it turns into a label', () => {
    const labels: Record<string, readonly string[]> = {
      paysim: ['isFraud'], sba: ['MIS_Status', 'ChgOffDate', 'Default'], 'uci-credit': ['default.payment.next.month'],
    };
    for (const importer of Object.values(IMPORTERS)) {
      const read = importer.columns.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
      const forbidden = NEVER_FEATURES[importer.name].filter((c) => !(labels[importer.name] ?? []).includes(c));
      expect(read.filter((c) => forbidden.includes(c)), importer.name).toEqual([]);
    }
  });
});
