import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateDashboard } from './check/validateSchema.ts';
import { CLICKHOUSE_DATASOURCE } from './clickhouse.ts';
import { DASHBOARDS_DIR, generate } from './generate.ts';
import { buildDashboards, dashboardJson } from './index.ts';
import { SCHEMA_SDK_VERSION } from './schema/grafanaSchemas.gen.ts';
import { VARIABLES } from './variables.ts';

const dashboards = buildDashboards();
const panelsOf = (d: (typeof dashboards)[number]) => (d.dashboard.panels ?? []).filter((p) => p.type !== 'row') as Array<{ title?: string; targets?: Array<Record<string, unknown>>; datasource?: unknown; id?: number }>;

describe('the dashboards', () => {
  it('are five, with at least 25 panels in all', () => {
    expect(dashboards.map((d) => d.uid)).toEqual(['fengkong-live-risk', 'fengkong-fraud-graph', 'fengkong-collections', 'fengkong-model-monitoring', 'fengkong-pipeline-health']);
    expect(dashboards.reduce((n, d) => n + panelsOf(d).length, 0)).toBeGreaterThanOrEqual(25);
  });

  it('query only the provisioned ClickHouse data source, one raw-SQL target per panel', () => {
    for (const d of dashboards) {
      for (const p of panelsOf(d)) {
        expect(p.datasource, p.title).toEqual(CLICKHOUSE_DATASOURCE);
        expect(p.targets, p.title).toHaveLength(1);
        expect(p.targets?.[0]).toMatchObject({ datasource: CLICKHOUSE_DATASOURCE, editorType: 'sql' });
      }
    }
  });

  it('use only template variables their dashboard defines, and define the five the issue asks for', () => {
    const defined = new Set<string>();
    for (const d of dashboards) {
      const names = new Set((d.dashboard.templating.list ?? []).map((v) => v.name));
      names.forEach((n) => defined.add(n));
      for (const p of panelsOf(d)) {
        const used = [...String(p.targets?.[0]?.rawSql).matchAll(/\$\{([a-z_]+)/g)].map((m) => m[1]);
        for (const u of used) expect(names.has(u as string), `${d.uid} "${p.title}" uses \${${u}}`).toBe(true);
      }
    }
    expect([...defined].sort()).toEqual(Object.keys(VARIABLES).sort());
  });

  it('have unique, stable panel ids within each dashboard', () => {
    for (const d of dashboards) {
      const ids = (d.dashboard.panels ?? []).map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(ids.map((_, i) => i + 1));
    }
  });

  it('are generated: dashboards/*.json are what the code builds', async () => {
    const { stale } = await generate({ check: true });
    expect(stale).toEqual([]);
    for (const d of dashboards) expect(readFileSync(join(DASHBOARDS_DIR, `${d.uid}.json`), 'utf8')).toBe(dashboardJson(d.dashboard));
  });
});

describe('schema validation', () => {
  it('accepts every generated dashboard', () => {
    for (const d of dashboards) expect(validateDashboard(JSON.parse(dashboardJson(d.dashboard))), d.uid).toEqual([]);
  });

  it('rejects a dashboard with a misspelt target field, a bad option value and a wrong time range', () => {
    const json = JSON.parse(dashboardJson((dashboards[0] as (typeof dashboards)[number]).dashboard)) as { time: unknown; panels: Array<{ type: string; targets?: Array<Record<string, unknown>>; options?: { legend?: { displayMode?: string } } }> };
    const panel = json.panels.find((p) => p.type === 'timeseries');
    if (!panel?.targets?.[0] || !panel.options?.legend) throw new Error('fixture: no time-series panel');
    panel.targets[0].rawSqll = 'SELECT 1';
    panel.options.legend.displayMode = 'sideways';
    json.time = 'yesterday';
    const issues = validateDashboard(json).map((i) => `${i.at}: ${i.message}`).join('\n');
    expect(issues).toMatch(/targets\/0: must NOT have additional properties .*rawSqll/);
    expect(issues).toMatch(/options\/legend\/displayMode: must be equal to one of the allowed values/);
    expect(issues).toMatch(/\/time: must be object/);
  });

  it('was generated from the installed foundation SDK (regenerate after an upgrade)', () => {
    const sdkRoot = dirname(dirname(dirname(createRequire(import.meta.url).resolve('@grafana/grafana-foundation-sdk/dashboard'))));
    expect(SCHEMA_SDK_VERSION).toBe((JSON.parse(readFileSync(join(sdkRoot, 'package.json'), 'utf8')) as { version: string }).version);
  });
});
