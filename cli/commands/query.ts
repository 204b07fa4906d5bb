import type { Command } from 'commander';
import { loadConfig } from '../../lib/config.ts';
import { createClickHouse, describeClickHouse } from '../../pipelines/clickhouse/createClickHouse.ts';

export function registerQuery(program: Command): void {
  program
    .command('query')
    .description('run a read-only SQL query on the configured ClickHouse (chdb under ./data by default) and print JSON lines')
    .argument('<sql>', 'SELECT statement; tables: events, scores, decisions, alerts, labels, collection_outcomes, dead_letters, pipeline_metrics')
    .action(async (sql: string) => {
      const config = loadConfig();
      if (!/^\s*(select|with|show|describe|desc|explain)\b/i.test(sql)) {
        console.error('fengkong query runs read-only statements (SELECT, WITH, SHOW, DESCRIBE, EXPLAIN); use `npx fengkong migrate` for schema changes');
        process.exitCode = 2;
        return;
      }
      const client = createClickHouse(config);
      try {
        const rows = await client.query<Record<string, unknown>>(sql);
        for (const row of rows) process.stdout.write(JSON.stringify(row) + '\n');
        console.error(`${rows.length} rows from ${describeClickHouse(config)}`);
      } finally {
        await client.close();
      }
    });
}
