/**
 * A small typed query builder for the Grafana ClickHouse data source
 * (grafana-clickhouse-datasource): the foundation SDK ships builders for Prometheus, Loki and
 * friends but none for ClickHouse, and a custom one is the SDK's documented pattern. It makes
 * raw-SQL targets bound to the provisioned data source (uid `fengkong-clickhouse`, see
 * deploy/grafana/provisioning/datasources/clickhouse.yaml), and typed helpers for the plugin's
 * macros and the dashboards' template variables, so a query cannot name a variable the
 * dashboards do not define.
 *
 * Macros are the plugin's (pkg/macros in grafana/clickhouse-datasource): `$__timeFilter(col)` →
 * `col >= toDateTime(<from s>) AND col <= toDateTime(<to s>)`, `$__timeInterval(col)` →
 * `toStartOfInterval(toDateTime(col), INTERVAL <interval s> second)`, `$__fromTime` /
 * `$__toTime` → `toDateTime(<s>)`, `$__interval_s` → the interval in seconds. check/macros.ts
 * expands them the same way to run every panel's query outside Grafana.
 */
import { Type, type Static } from '@sinclair/typebox';
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type * as common from '@grafana/grafana-foundation-sdk/common';

/** The provisioned ClickHouse data source every panel and variable uses. */
export const CLICKHOUSE_DATASOURCE = { type: 'grafana-clickhouse-datasource', uid: 'fengkong-clickhouse' } as const satisfies common.DataSourceRef;

/** Template variables the dashboards define (variables.ts), by name. */
export const VARIABLE_NAMES = ['product', 'region', 'model', 'rule_set', 'team'] as const;
export type VariableName = (typeof VARIABLE_NAMES)[number];

/**
 * The plugin's query model for raw SQL (CHSqlQuery in the plugin's src/types/sql.ts), as JSON:
 * `queryType` picks the frontend display; `format` is what the backend reads
 * (grafana-plugin-sdk-go sqlutil: 0 time series, 1 table). Also the JSON Schema the dashboard
 * check validates every target against.
 */
export const ClickHouseTargetSchema = Type.Object(
  {
    refId: Type.String({ minLength: 1 }),
    datasource: Type.Object({ type: Type.Literal(CLICKHOUSE_DATASOURCE.type), uid: Type.Literal(CLICKHOUSE_DATASOURCE.uid) }, { additionalProperties: false }),
    editorType: Type.Literal('sql'),
    queryType: Type.Union([Type.Literal('timeseries'), Type.Literal('table')]),
    format: Type.Union([Type.Literal(0), Type.Literal(1)]),
    rawSql: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false, description: 'grafana-clickhouse-datasource raw SQL query' },
);
export type ClickHouseTargetJson = Static<typeof ClickHouseTargetSchema>;

export type QueryFormat = 'timeseries' | 'table';

/** A target: implements the SDK's Dataquery variant so panels accept it. */
export interface ClickHouseTarget extends ClickHouseTargetJson, cog.Dataquery {}

/** Builder of one raw-SQL target. */
export class ClickHouseQueryBuilder implements cog.Builder<cog.Dataquery> {
  #refId = 'A';
  readonly #sql: string;
  readonly #format: QueryFormat;

  constructor(sql: string, format: QueryFormat) {
    this.#sql = dedent(sql);
    this.#format = format;
  }

  refId(refId: string): this {
    this.#refId = refId;
    return this;
  }

  build(): ClickHouseTarget {
    return {
      refId: this.#refId,
      datasource: { ...CLICKHOUSE_DATASOURCE },
      editorType: 'sql',
      queryType: this.#format,
      format: this.#format === 'timeseries' ? 0 : 1,
      rawSql: this.#sql,
      _implementsDataqueryVariant() {},
    };
  }
}

/** A time-series query: the first column is the time (aliased `time`), then series and values. */
export const timeSeriesQuery = (sql: string): ClickHouseQueryBuilder => new ClickHouseQueryBuilder(sql, 'timeseries');
/** A table query (also for stats, bar charts and pies). */
export const tableQuery = (sql: string): ClickHouseQueryBuilder => new ClickHouseQueryBuilder(sql, 'table');

/** The plugin's macros, typed. */
export const macro = {
  timeFilter: (column: string): string => `$__timeFilter(${column})`,
  dateFilter: (column: string): string => `$__dateFilter(${column})`,
  timeInterval: (column: string): string => `$__timeInterval(${column})`,
  fromTime: '$__fromTime',
  toTime: '$__toTime',
  intervalSeconds: '$__interval_s',
} as const;

/**
 * `column IN (<the variable's selected values, quoted>)`. With "All" selected Grafana expands to
 * every value of the variable (no custom all value is set), so the condition stays valid SQL.
 */
export const inVariable = (column: string, variable: VariableName): string => `${column} IN (\${${variable}:singlequote})`;

/** Strips the common indentation of a template literal, so stored SQL reads well in Grafana. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n+|\s+$/g, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0));
  return lines.map((l) => l.slice(indent)).join('\n');
}
