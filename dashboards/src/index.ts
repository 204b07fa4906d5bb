/**
 * The Fengkong dashboards, as code: each spec builds to the JSON Grafana provisions from
 * dashboards/<uid>.json (`npm run dashboards`), checked by `npm run dashboards:check`.
 */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { antiFraudGraph } from './boards/antiFraudGraph.ts';
import { liveRiskOverview } from './boards/liveRiskOverview.ts';
import { modelMonitoring } from './boards/modelMonitoring.ts';
import { pipelineHealth } from './boards/pipelineHealth.ts';
import { postLoanCollections } from './boards/postLoanCollections.ts';
import { buildDashboard, type DashboardSpec } from './dashboard.ts';

export { CLICKHOUSE_DATASOURCE, ClickHouseTargetSchema, VARIABLE_NAMES, type VariableName } from './clickhouse.ts';
export { VARIABLES } from './variables.ts';

/** Every dashboard spec, in the order they are listed. */
export function dashboardSpecs(options: { rulesFile?: string } = {}): DashboardSpec[] {
  return [liveRiskOverview, antiFraudGraph(options.rulesFile), postLoanCollections, modelMonitoring, pipelineHealth];
}

/** Every dashboard built, keyed by uid (also the JSON file name). */
export function buildDashboards(options: { rulesFile?: string } = {}): Array<{ uid: string; dashboard: Dashboard }> {
  return dashboardSpecs(options).map((spec) => ({ uid: spec.uid, dashboard: buildDashboard(spec) }));
}

/** The JSON text written for a dashboard: stable key order as built, two-space indent, final newline. */
export const dashboardJson = (dashboard: Dashboard): string => `${JSON.stringify(dashboard, null, 2)}\n`;
