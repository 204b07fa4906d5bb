/**
 * `npm run dashboards:check` as a test, strict: the simulator replayed through the embedded
 * pipeline and the queue service into chdb (a shorter period than the npm script's), then every
 * panel query of every dashboard run with macros and variables expanded; each must return
 * values (all-zero rows only where zero is the true reading, ZERO_IS_AN_ANSWER).
 */
import { describe, expect, it } from 'vitest';
import { checkDashboards, MIN_PANELS } from './main.ts';

describe('dashboards check', () => {
  it('runs every panel query on data the pipeline wrote and gets values for each', async () => {
    const { results, problems } = await checkDashboards({ strict: true, load: { days: 150, enterprises: 200 } });
    expect(problems).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(MIN_PANELS);
    expect(results.filter((r) => !r.ok).map((r) => `${r.dashboard} "${r.title}": ${r.problem}`)).toEqual([]);
  }, 900_000);
});
