/**
 * The dashboards' template variables: product, region, model, rule set and team. Each is a
 * multi-value ClickHouse query variable with "All" selected by default, read from small
 * tables or views (not the event tables), refreshed when the dashboard loads.
 */
import { QueryVariableBuilder, VariableRefresh, VariableSort } from '@grafana/grafana-foundation-sdk/dashboard';
import { CLICKHOUSE_DATASOURCE, dedent, type VariableName } from './clickhouse.ts';

interface VariableSpec {
  readonly label: string;
  readonly description: string;
  /** One column of values. */
  readonly sql: string;
}

/** The query behind each variable (also run by the check to expand `${name:singlequote}`). */
export const VARIABLES: Readonly<Record<VariableName, VariableSpec>> = {
  product: {
    label: 'Product',
    description: 'Loan product of the decision',
    sql: 'SELECT DISTINCT product FROM decisions ORDER BY product',
  },
  region: {
    label: 'Region',
    description: 'Region (province) the applicant enterprise declared',
    sql: 'SELECT DISTINCT region FROM application_facts ORDER BY region',
  },
  model: {
    label: 'Model',
    description: 'Scoring model (champion and challenger versions share the name)',
    sql: 'SELECT DISTINCT model FROM model_scores_daily ORDER BY model',
  },
  rule_set: {
    label: 'Rule set',
    description: 'Rule-set version (<name>@<version>) that produced the hits',
    sql: "SELECT DISTINCT rule_set_version FROM rule_hits_daily WHERE rule_set_version != '' ORDER BY rule_set_version DESC",
  },
  team: {
    label: 'Team',
    description: "Collections team that worked the alert ('unassigned' while nobody has)",
    sql: 'SELECT DISTINCT team FROM alert_work ORDER BY team',
  },
};

/** The SDK builder of one variable. */
export function variable(name: VariableName): QueryVariableBuilder {
  const spec = VARIABLES[name];
  const sql = dedent(spec.sql);
  return new QueryVariableBuilder(name)
    .label(spec.label)
    .description(spec.description)
    .datasource({ ...CLICKHOUSE_DATASOURCE })
    .query(sql)
    .definition(sql)
    .multi(true)
    .includeAll(true)
    .current({ selected: true, text: ['All'], value: ['$__all'] })
    .refresh(VariableRefresh.OnDashboardLoad)
    .sort(VariableSort.AlphabeticalAsc);
}
