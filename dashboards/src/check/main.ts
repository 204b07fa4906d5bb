/**
 * `npm run dashboards:check`: proves the dashboards work before Grafana ever sees them.
 *  1. dashboards/*.json are what the code builds (else: run `npm run dashboards`);
 *  2. each file validates against Grafana's dashboard schema types (validateSchema.ts);
 *  3. the simulator is replayed through the embedded pipeline and the queue service into a
 *     throw-away chdb (loadSimulatedData), and every panel's query runs with its macros and
 *     variables expanded for one fixed range, the simulated period up to the end of the load;
 *     a query that errors or returns no rows fails the check (with `--strict`, so does a panel
 *     whose rows are all nulls and zeros).
 * Prints one line per panel on stderr and `panels ok: N/N` on stdout; exits 1 on any failure.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClickHouseClient } from '../../../pipelines/clickhouse/types.ts';
import { loadSimulatedData, type LoadOptions } from '../data/loadSimulatedData.ts';
import { DASHBOARDS_DIR, generate } from '../generate.ts';
import { buildDashboards } from '../index.ts';
import { runDashboardPanels, type PanelResult } from './runPanels.ts';
import { validateDashboard } from './validateSchema.ts';

/** The issue's floor: at least this many panels across the five dashboards. */
export const MIN_PANELS = 25;

/**
 * Panels whose reading on the replayed data is a true zero, so `--strict` does not count their
 * all-zero rows as missing data (errors and no rows still fail them): no model fails while the
 * simulation is replayed (degraded scores), and the load ends with every partition consumed
 * (consumer lag now).
 */
export const ZERO_IS_AN_ANSWER: ReadonlySet<string> = new Set(['fengkong-live-risk/Degraded scores', 'fengkong-pipeline-health/Consumer lag now']);

export interface CheckReport {
  readonly results: PanelResult[];
  readonly problems: string[];
}

/** Runs the whole check; `log` receives progress lines. */
export async function checkDashboards(options: { dir?: string; strict?: boolean; load?: LoadOptions; log?: (line: string) => void } = {}): Promise<CheckReport> {
  const log = options.log ?? (() => {});
  const dir = options.dir ?? DASHBOARDS_DIR;
  const problems: string[] = [];
  const { stale } = await generate({ dir, check: true });
  for (const f of stale) problems.push(`${f} is missing or differs from the code: run npm run dashboards`);
  const dashboards = buildDashboards();
  for (const { uid } of dashboards) {
    const file = join(dir, `${uid}.json`);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      problems.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    for (const issue of validateDashboard(json)) problems.push(`${file}: schema: ${issue.at}: ${issue.message}`);
  }
  const panelCount = dashboards.reduce((n, d) => n + (d.dashboard.panels ?? []).filter((p) => p.type !== 'row').length, 0);
  if (panelCount < MIN_PANELS) problems.push(`only ${panelCount} panels across the dashboards; at least ${MIN_PANELS} expected`);

  const dataDir = mkdtempSync(join(tmpdir(), 'fk-dashboards-check-'));
  let client: ClickHouseClient | undefined;
  const results: PanelResult[] = [];
  try {
    log(`replaying the simulator through the embedded pipeline into chdb at ${dataDir}`);
    const progress = (done: number, total: number): void => {
      if (done % 25 === 0 || done === total) log(`replayed ${done}/${total} simulated days`);
    };
    const loaded = await loadSimulatedData({ dataDir, database: 'fengkong_check' }, { onProgress: progress, ...options.load });
    client = loaded.clickhouse;
    log(`loaded ${loaded.source} data ${loaded.from.toISOString()} .. ${loaded.to.toISOString()}: ${Object.entries(loaded.counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    for (const { dashboard } of dashboards) {
      results.push(
        ...(await runDashboardPanels(client, dashboard, loaded.to, {
          // One fixed range for every dashboard: the simulated period up to the end of the load
          // (which also holds the metric snapshots, taken at wall-clock time while it ran).
          range: { from: loaded.from, to: loaded.to },
          strict: options.strict ?? false,
          zeroOk: ZERO_IS_AN_ANSWER,
          onPanel: (r) => {
            const status = !r.ok ? 'FAIL' : r.empty ? 'warn' : 'ok  ';
            log(`${status} ${r.dashboard} #${r.panelId} ${r.title}: ${r.rows} rows${r.empty ? ' (all nulls or zeros)' : ''}, ${r.ms} ms${r.problem ? ` — ${r.problem}` : ''}`);
            if (!r.ok && r.sql) log(r.sql.split('\n').map((l) => `       ${l}`).join('\n'));
          },
        })),
      );
    }
  } finally {
    await client?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { results, problems };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { results, problems } = await checkDashboards({ strict: process.argv.includes('--strict'), log: (line) => process.stderr.write(`${line}\n`) });
  for (const p of problems) process.stderr.write(`problem: ${p}\n`);
  const ok = results.filter((r) => r.ok).length;
  console.log(`panels ok: ${ok}/${results.length}`);
  if (ok !== results.length || problems.length > 0) process.exitCode = 1;
}
