/**
 * Panel helpers over the foundation SDK's panel builders: every panel gets one ClickHouse
 * target, a description saying what it shows and how it is computed, a legend, and a size on
 * the 24-column grid. Dashboards read as lists of these.
 */
import * as common from '@grafana/grafana-foundation-sdk/common';
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { ThresholdsConfigBuilder, ThresholdsMode } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as BarChartBuilder } from '@grafana/grafana-foundation-sdk/barchart';
import { PanelBuilder as BarGaugeBuilder } from '@grafana/grafana-foundation-sdk/bargauge';
import { PanelBuilder as PieChartBuilder, PieChartType } from '@grafana/grafana-foundation-sdk/piechart';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TableBuilder } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeSeriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { CLICKHOUSE_DATASOURCE, tableQuery, timeSeriesQuery } from './clickhouse.ts';

export interface PanelSpec {
  readonly title: string;
  /** What the panel shows and how it is computed (shown as the panel's info tooltip). */
  readonly description: string;
  readonly sql: string;
  /** Grid columns (of 24); default 12. */
  readonly span?: number;
  /** Grid rows; default 8. */
  readonly height?: number;
  /** Grafana unit id (short, percentunit, s, reqps, currencyCNY…). */
  readonly unit?: string;
  /** Lower bound of `$__interval` (e.g. '1h', '1d'): the time bucket of time-series queries. */
  readonly interval?: string;
  readonly decimals?: number;
  /** Relative range of this panel instead of the dashboard's (e.g. '180d' for label-based metrics). */
  readonly timeFrom?: string;
}

export type PanelBuilder = cog.Builder<dashboard.Panel>;

const legend = (): common.VizLegendOptionsBuilder =>
  new common.VizLegendOptionsBuilder().showLegend(true).displayMode(common.LegendDisplayMode.List).placement(common.LegendPlacement.Bottom);

/** Applies the options every panel kind shares. */
function base<T extends { title(t: string): T; description(d: string): T; datasource(d: common.DataSourceRef): T; span(w: number): T; height(h: number): T; unit(u: string): T; interval(i: string): T; decimals(d: number): T; timeFrom(t: string): T }>(b: T, spec: PanelSpec): T {
  let out = b.title(spec.title).description(spec.description).datasource({ ...CLICKHOUSE_DATASOURCE }).span(spec.span ?? 12).height(spec.height ?? 8);
  if (spec.unit) out = out.unit(spec.unit);
  if (spec.interval) out = out.interval(spec.interval);
  if (spec.decimals !== undefined) out = out.decimals(spec.decimals);
  if (spec.timeFrom) out = out.timeFrom(spec.timeFrom);
  return out;
}

/** A time series: one line (or bar) per series column or per value of a string column. */
export function timeSeries(spec: PanelSpec & { stacked?: boolean; bars?: boolean; percent?: boolean }): PanelBuilder {
  let b = base(new TimeSeriesBuilder(), spec)
    .withTarget(timeSeriesQuery(spec.sql))
    .legend(legend())
    .lineWidth(1)
    .fillOpacity(spec.stacked || spec.bars ? 60 : 10)
    .showPoints(common.VisibilityMode.Never);
  if (spec.bars) b = b.drawStyle(common.GraphDrawStyle.Bars);
  if (spec.stacked) b = b.stacking(new common.StackingConfigBuilder().mode(spec.percent ? common.StackingMode.Percent : common.StackingMode.Normal));
  return b;
}

/** One big number (the last row's value), with an optional sparkline-free colour threshold. */
export function stat(spec: PanelSpec & { thresholds?: ReadonlyArray<{ value: number | null; color: string }> }): PanelBuilder {
  let b = base(new StatBuilder(), { span: 6, height: 5, ...spec })
    .withTarget(tableQuery(spec.sql))
    .graphMode(common.BigValueGraphMode.None)
    .colorMode(common.BigValueColorMode.Value)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false));
  if (spec.thresholds) b = b.thresholds(new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([...spec.thresholds]));
  return b;
}

/** A table of rows as the query returns them. */
export function table(spec: PanelSpec): PanelBuilder {
  return base(new TableBuilder(), spec).withTarget(tableQuery(spec.sql)).showHeader(true).cellHeight(common.TableCellHeight.Sm);
}

/** Bars by a category column (`xField`), one bar group per row. */
export function barChart(spec: PanelSpec & { xField: string; stacked?: boolean; horizontal?: boolean }): PanelBuilder {
  let b = base(new BarChartBuilder(), spec)
    .withTarget(tableQuery(spec.sql))
    .xField(spec.xField)
    .legend(legend())
    .orientation(spec.horizontal ? common.VizOrientation.Horizontal : common.VizOrientation.Auto)
    .showValue(common.VisibilityMode.Auto);
  if (spec.stacked) b = b.stacking(common.StackingMode.Normal);
  return b;
}

/** Horizontal bars, one per row (label column + value column). */
export function barGauge(spec: PanelSpec): PanelBuilder {
  return base(new BarGaugeBuilder(), spec)
    .withTarget(tableQuery(spec.sql))
    .displayMode(common.BarGaugeDisplayMode.Gradient)
    .orientation(common.VizOrientation.Horizontal)
    .reduceOptions(new common.ReduceDataOptionsBuilder().values(true).calcs([]));
}

/** A donut of shares: one slice per row (label column + value column). */
export function pieChart(spec: PanelSpec): PanelBuilder {
  return base(new PieChartBuilder(), spec)
    .withTarget(tableQuery(spec.sql))
    .pieType(PieChartType.Donut)
    .reduceOptions(new common.ReduceDataOptionsBuilder().values(true).calcs([]));
}
