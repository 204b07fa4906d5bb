/**
 * `npm run dashboards:check` as a test, strict: on a smaller synthetic book in chdb, every
 * panel query of every dashboard runs with macros and variables expanded and returns values.
 */
import { describe, expect, it } from 'vitest';
import { checkDashboards, MIN_PANELS } from './main.ts';

describe('dashboards check', () => {
  it('runs every panel query on chdb and gets values for each', async () => {
    const { results, problems } = await checkDashboards({ strict: true, load: { days: 200, applicationsPerDay: 15, transactionsPerDay: 30, metricHours: 7 } });
    expect(problems).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(MIN_PANELS);
    expect(results.filter((r) => !r.ok).map((r) => `${r.dashboard} "${r.title}": ${r.problem}`)).toEqual([]);
  }, 600_000);
});
