/**
 * Validates dashboard JSON against Grafana's dashboard schema types: the JSON Schemas generated
 * from @grafana/grafana-foundation-sdk's `dashboard.Dashboard` and each panel plugin's `Options`
 * and custom `FieldConfig` (schema/grafanaSchemas.gen.ts). The SDK types a query only as an
 * opaque `Dataquery`; here every target must be a grafana-clickhouse-datasource query
 * (clickhouse.ts ClickHouseTargetSchema), the one data source the dashboards use.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { ClickHouseTargetSchema } from '../clickhouse.ts';
import { DASHBOARD_SCHEMA, PANEL_SCHEMAS } from '../schema/grafanaSchemas.gen.ts';

export interface SchemaIssue {
  /** Where: `panels/3 "Title" options`, or a JSON pointer into the dashboard. */
  readonly at: string;
  readonly message: string;
}

const plain = (schema: object): Record<string, unknown> => JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;

function compileAll(): { dashboard: ValidateFunction; panels: Map<string, { options: ValidateFunction; fieldConfig?: ValidateFunction }> } {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const dashboardSchema = plain(DASHBOARD_SCHEMA);
  const definitions = dashboardSchema.definitions as Record<string, unknown>;
  if (!definitions.Dataquery) throw new Error('the generated dashboard schema has no Dataquery definition; regenerate it (dashboards/src/schema/regenerateSchema.ts)');
  definitions.Dataquery = plain(ClickHouseTargetSchema);
  const panels = new Map<string, { options: ValidateFunction; fieldConfig?: ValidateFunction }>();
  for (const [type, s] of Object.entries(PANEL_SCHEMAS)) {
    panels.set(type, { options: ajv.compile(plain(s.options)), ...(s.fieldConfig ? { fieldConfig: ajv.compile(plain(s.fieldConfig)) } : {}) });
  }
  return { dashboard: ajv.compile(dashboardSchema), panels };
}

let compiled: ReturnType<typeof compileAll> | undefined;

const describe = (prefix: string, errors: ErrorObject[] | null | undefined): SchemaIssue[] =>
  (errors ?? []).map((e) => ({ at: `${prefix}${e.instancePath || '/'}`, message: `${e.message ?? 'invalid'}${e.params && Object.keys(e.params).length > 0 ? ` ${JSON.stringify(e.params)}` : ''}` }));

/** Every schema issue of one dashboard's JSON (empty when valid). */
export function validateDashboard(json: unknown): SchemaIssue[] {
  compiled ??= compileAll();
  const issues: SchemaIssue[] = [];
  if (!compiled.dashboard(json)) issues.push(...describe('', compiled.dashboard.errors));
  const panels = (json as { panels?: unknown[] }).panels ?? [];
  panels.forEach((raw, i) => {
    const panel = raw as { type?: string; title?: string; options?: unknown; fieldConfig?: { defaults?: { custom?: unknown } } };
    if (panel.type === 'row') return;
    const where = `/panels/${i} "${panel.title ?? ''}"`;
    const validators = panel.type ? compiled?.panels.get(panel.type) : undefined;
    if (!validators) {
      issues.push({ at: where, message: `no schema for panel type ${panel.type ?? '(none)'}: add it to PANEL_TYPES in regenerateSchema.ts` });
      return;
    }
    if (!validators.options(panel.options ?? {})) issues.push(...describe(`${where} options`, validators.options.errors));
    const custom = panel.fieldConfig?.defaults?.custom;
    if (custom !== undefined && validators.fieldConfig && !validators.fieldConfig(custom)) issues.push(...describe(`${where} fieldConfig.defaults.custom`, validators.fieldConfig.errors));
  });
  return issues;
}
