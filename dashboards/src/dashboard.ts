/**
 * One Fengkong dashboard: title, uid, default time range and refresh, template variables, and
 * rows of panels. `buildDashboard` runs the SDK builders and numbers the panels (Grafana keys
 * panel state and links by id, so ids are stable across regenerations: they follow the order).
 */
import { DashboardBuilder, DashboardCursorSync, RowBuilder, TimePickerBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import type { VariableName } from './clickhouse.ts';
import type { PanelBuilder } from './panels.ts';
import { variable } from './variables.ts';

export interface DashboardRow {
  readonly title: string;
  readonly panels: readonly PanelBuilder[];
}

export interface DashboardSpec {
  /** File name under dashboards/ (without .json) and the dashboard uid. */
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  /** Default time range, e.g. `now-24h`. */
  readonly from: string;
  /** Auto-refresh interval, e.g. `30s`. */
  readonly refresh: string;
  readonly variables: readonly VariableName[];
  readonly rows: readonly DashboardRow[];
}

const REFRESH_INTERVALS = ['30s', '1m', '5m', '15m', '1h'];

/** The dashboard JSON Grafana provisions. */
export function buildDashboard(spec: DashboardSpec): Dashboard {
  let b = new DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags(['fengkong', ...spec.tags])
    .time({ from: spec.from, to: 'now' })
    .refresh(spec.refresh)
    .timepicker(new TimePickerBuilder().refreshIntervals(REFRESH_INTERVALS))
    .timezone('browser')
    .tooltip(DashboardCursorSync.Crosshair)
    .readonly();
  for (const name of spec.variables) b = b.withVariable(variable(name));
  for (const row of spec.rows) {
    b = b.withRow(new RowBuilder(row.title));
    for (const panel of row.panels) b = b.withPanel(panel);
  }
  const dashboard = b.build();
  (dashboard.panels ?? []).forEach((p, i) => {
    p.id = i + 1;
  });
  return dashboard;
}
