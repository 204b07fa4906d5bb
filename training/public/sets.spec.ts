import { describe, expect, it } from 'vitest';
import { FEATURE_REGISTRY } from '../../features/registry.ts';
import { knownModelInputs } from '../../detectors/modelInputs.ts';
import { compareVersions } from '../../detectors/models/compareVersions.ts';
import { DATASETS } from '../../importers/importer.ts';
import { featuresFor, LATER_MODEL_INPUTS } from '../datasets.ts';
import type { TopicName } from '../../schemas/topics.ts';
import { publicFeatures } from './export.ts';
import { leakingColumns, loadPublicSet, OPERATIONAL_COLUMNS, PUBLIC_SET_NAMES, PUBLIC_SETS, TERM_FEATURE } from './sets.ts';
import { trainArgs } from './train.ts';

describe('public sets', () => {
  it('SBAcase: every row is a unit or an import dead letter, in event-time order, on the paper\u2019s split', async () => {
    const loaded = await loadPublicSet(PUBLIC_SETS.sbacase);
    expect(loaded.rows).toBe(2101);
    expect(loaded.importDeadLetters).toHaveLength(3);
    expect(loaded.units).toHaveLength(loaded.rows - loaded.importDeadLetters.length);
    // Selected is 1,051 / 1,050; the three Term-0 rows the importer dead-letters come out of those.
    const train = loaded.units.filter((u) => u.split === 'train').length;
    expect(train + loaded.units.filter((u) => u.split === 'test').length).toBe(loaded.units.length);
    expect(train).toBeGreaterThanOrEqual(1048);
    expect(train).toBeLessThanOrEqual(1051);
    expect(loaded.units.filter((u) => u.label === 1)).toHaveLength(loaded.events.filter((e) => e.topic === 'labels').length);
    const times = loaded.events.map((e) => Date.parse(e.event.eventTime));
    expect(times.every((t, i) => i === 0 || (times[i - 1] as number) <= t)).toBe(true);
    const apps = new Set(loaded.events.filter((e) => e.topic === 'applications').map((e) => e.event.eventId));
    for (const u of loaded.units) expect(apps.has(u.rowEventId)).toBe(true);
  });

  it('UCI: a client is scored at its last statement; the first 70% of clients train', async () => {
    const loaded = await loadPublicSet(PUBLIC_SETS.uci, { rowLimit: 40 });
    expect(loaded.rows).toBe(40);
    expect(loaded.units).toHaveLength(40);
    expect(loaded.units.map((u) => u.split)).toEqual([...Array(28).fill('train'), ...Array(12).fill('test')]);
    for (const u of loaded.units) {
      expect(u.rowEventId).toBe(`${u.unitId}:2005-09`);
      const own = loaded.events.filter((e) => e.topic === 'repayments' && (e.event as { loanId: string }).loanId === u.unitId);
      expect(own).toHaveLength(7);
      expect(own.every((e) => e.event.eventTime <= u.eventTime)).toBe(true);
    }
  });

  it('PaySim: the earliest 70% of transactions by step train', async () => {
    const loaded = await loadPublicSet(PUBLIC_SETS.paysim, { rowLimit: 2000 });
    const latestTrain = Math.max(...loaded.units.filter((u) => u.split === 'train').map((u) => Date.parse(u.eventTime)));
    const earliestTest = Math.min(...loaded.units.filter((u) => u.split === 'test').map((u) => Date.parse(u.eventTime)));
    expect(latestTrain).toBeLessThanOrEqual(earliestTest);
    expect(loaded.units.filter((u) => u.split === 'train')).toHaveLength(1400);
  });
});

describe('public model columns', () => {
  it('no column derives from a never-feature source column, and every column is a known model input', () => {
    const known = new Set(knownModelInputs());
    for (const d of DATASETS) expect(leakingColumns(d)).toEqual([]);
    for (const name of PUBLIC_SET_NAMES) {
      const columns = publicFeatures(PUBLIC_SETS[name]);
      expect(columns.length).toBeGreaterThan(10);
      for (const c of columns) expect(known.has(c), c).toBe(true);
    }
  });

  it('the default tables leave out exactly the inputs added after the default models; the public tables carry them', () => {
    const topicSets: ReadonlyArray<readonly TopicName[]> = [['applications'], ['transactions'], ['repayments', 'transactions'], ['repayments']];
    const left = new Set(topicSets.flatMap((t) => {
      const kept = new Set(featuresFor(t, FEATURE_REGISTRY));
      return featuresFor(t, FEATURE_REGISTRY, { include: 'all' }).filter((c) => !kept.has(c));
    }));
    expect([...left].sort()).toEqual([...LATER_MODEL_INPUTS].filter((c) => left.has(c)).sort());
    for (const c of LATER_MODEL_INPUTS) expect(left.has(c), c).toBe(true);
    const publicColumns = new Set([...publicFeatures(PUBLIC_SETS.sba), ...publicFeatures(PUBLIC_SETS.uci)]);
    for (const c of ['event.app_industry_division', 'event.app_guaranteed_share', 'event.app_lender_out_of_region', 'loan.outstanding_to_principal']) {
      expect(publicColumns.has(c), c).toBe(true);
    }
  });

  it('SBA: the champion leaves Term out, the newer challenger keeps it; operational columns are never learnt', () => {
    for (const name of ['sba', 'sbacase'] as const) {
      const set = PUBLIC_SETS[name];
      const columns = publicFeatures(set);
      expect(columns).toContain(TERM_FEATURE);
      const champion = set.models.find((m) => m.role === 'champion')!;
      const challenger = set.models.find((m) => m.role === 'challenger')!;
      expect(compareVersions(challenger.version, champion.version)).toBeGreaterThan(0);
      const excluded = (args: string[]) => args.flatMap((a, i) => (args[i - 1] === '--exclude' ? [a] : []));
      expect(excluded(trainArgs(set, champion, '/d', '/m', columns)).sort()).toEqual([...OPERATIONAL_COLUMNS, TERM_FEATURE].sort());
      expect(excluded(trainArgs(set, challenger, '/d', '/m', columns))).toEqual([...OPERATIONAL_COLUMNS]);
    }
    // UCI has no graph columns: nothing to leave out, and train.py is not told to.
    const uci = PUBLIC_SETS.uci;
    expect(trainArgs(uci, uci.models[0]!, '/d', '/m', publicFeatures(uci))).not.toContain('--exclude');
  });
});
