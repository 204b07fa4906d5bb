/**
 * Runs every panel query of the dashboards against ClickHouse the way Grafana would for a
 * fixed time range: each dashboard's default range, or one fixed range for all (or the panel's
 * own `timeFrom`) ending at `now`, template variables at "All" (their values from their own queries), macros expanded.
 * A panel passes when every query succeeds and returns at least one row. A panel whose rows
 * hold nothing but nulls, zeros and empty strings outside the time column (an aggregate over
 * nothing returns one such row) is flagged `empty`: a failure under `strict` unless the panel is
 * listed as one whose zero is a true answer (`zeroOk`), a warning otherwise (zero dead letters
 * is a fine answer in production).
 */
import type { Dashboard, Panel, VariableModel } from '@grafana/grafana-foundation-sdk/dashboard';
import type { ClickHouseClient } from '../../../pipelines/clickhouse/types.ts';
import { durationMs, expandQuery, panelIntervalSeconds, resolveRelative } from './macros.ts';

export interface PanelResult {
  readonly dashboard: string;
  readonly panelId: number | undefined;
  readonly title: string;
  readonly ok: boolean;
  readonly rows: number;
  /** Every row is nulls and zeros (see above). */
  readonly empty: boolean;
  /** Why it failed: the ClickHouse error, or "no rows" / "no values". */
  readonly problem?: string;
  readonly ms: number;
  /** The SQL as run (first query), for the failure report. */
  readonly sql?: string;
}

interface Target {
  readonly refId?: string;
  readonly rawSql?: string;
}

const hasValue = (row: Record<string, unknown>): boolean =>
  Object.entries(row).some(([k, v]) => k !== 'time' && v !== null && v !== undefined && v !== 0 && v !== '' && !(Array.isArray(v) && v.length === 0));

/** Values of every query variable of a dashboard with "All" selected, in definition order. */
async function variableValues(client: ClickHouseClient, dashboard: Dashboard, from: Date, to: Date): Promise<{ values: Record<string, string[]>; problems: string[] }> {
  const values: Record<string, string[]> = {};
  const problems: string[] = [];
  for (const v of (dashboard.templating.list ?? []) as VariableModel[]) {
    if (v.type !== 'query') continue;
    const sql = typeof v.query === 'string' ? v.query : String((v.query as { rawSql?: unknown } | undefined)?.rawSql ?? '');
    try {
      const expanded = expandQuery(sql, { from, to, intervalSeconds: 60, variables: values });
      const rows = await client.query<Record<string, unknown>>(expanded);
      values[v.name] = rows.map((r) => String(Object.values(r)[0]));
      if (values[v.name]?.length === 0) problems.push(`variable ${v.name}: query returned no values`);
    } catch (error) {
      problems.push(`variable ${v.name}: ${error instanceof Error ? error.message : String(error)}`);
      values[v.name] = [];
    }
  }
  return { values, problems };
}

/**
 * Runs the panels of one dashboard; `now` is the end of every range. The range is the
 * dashboard's default ending at `now`, or `range` when given (a fixed range for every
 * dashboard); a panel's own `timeFrom` still counts back from `now`, as in Grafana.
 */
export async function runDashboardPanels(
  client: ClickHouseClient,
  dashboard: Dashboard,
  now: Date,
  options: {
    strict?: boolean;
    /** `<dashboard uid>/<panel title>` of panels whose all-zero reading is a true answer, exempt from `strict`. */
    zeroOk?: ReadonlySet<string>;
    range?: { from: Date; to: Date };
    onPanel?: (r: PanelResult) => void;
  } = {},
): Promise<PanelResult[]> {
  const name = dashboard.uid ?? dashboard.title ?? '?';
  if (options.range) now = options.range.to;
  const from = options.range?.from ?? resolveRelative(dashboard.time?.from ?? 'now-6h', now);
  const { values, problems } = await variableValues(client, dashboard, from, now);
  const results: PanelResult[] = [];
  for (const raw of dashboard.panels ?? []) {
    if (raw.type === 'row') continue;
    const panel = raw as Panel;
    const started = performance.now();
    const panelFrom = panel.timeFrom ? new Date(now.getTime() - durationMs(panel.timeFrom)) : from;
    const intervalSeconds = panelIntervalSeconds(now.getTime() - panelFrom.getTime(), panel.interval);
    let rows = 0;
    let anyValue = false;
    let problem: string | undefined = problems.length > 0 ? problems.join('; ') : undefined;
    let firstSql: string | undefined;
    const targets = (panel.targets ?? []) as Target[];
    if (targets.length === 0) problem ??= 'panel has no query';
    for (const target of problem ? [] : targets) {
      let sql: string | undefined;
      try {
        sql = expandQuery(target.rawSql ?? '', { from: panelFrom, to: now, intervalSeconds, variables: values });
        firstSql ??= sql;
        const result = await client.query<Record<string, unknown>>(sql);
        rows += result.length;
        anyValue ||= result.some(hasValue);
      } catch (error) {
        firstSql ??= sql ?? target.rawSql;
        problem = `query ${target.refId ?? ''}: ${error instanceof Error ? error.message : String(error)}`;
        break;
      }
    }
    if (!problem && rows === 0) problem = 'no rows';
    const empty = !problem && !anyValue;
    if (empty && options.strict && !options.zeroOk?.has(`${name}/${panel.title ?? ''}`)) problem = `no values (${rows} rows of nulls or zeros)`;
    const result: PanelResult = {
      dashboard: name,
      panelId: panel.id,
      title: panel.title ?? '',
      ok: problem === undefined,
      rows,
      empty,
      ms: Math.round(performance.now() - started),
      ...(problem ? { problem, ...(firstSql ? { sql: firstSql } : {}) } : {}),
    };
    options.onPanel?.(result);
    results.push(result);
  }
  return results;
}
