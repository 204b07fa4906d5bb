/**
 * `fengkong migrate [--dry-run]`: applies pending ClickHouse migrations (migrations/*.sql) to
 * the configured ClickHouse — chdb under FENGKONG_DATA_DIR unless CLICKHOUSE_URL is set.
 * What was applied goes to stdout; progress to stderr.
 */
import type { Command } from 'commander';
import { loadConfig } from '../../lib/config.ts';
import { FengkongError } from '../../lib/errors.ts';
import { createClickHouse, describeClickHouse } from '../../pipelines/clickhouse/createClickHouse.ts';
import { MIGRATIONS_DIR, migrate } from '../../pipelines/clickhouse/migrations.ts';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply pending ClickHouse schema migrations (chdb under ./data unless CLICKHOUSE_URL is set)')
    .option('--dry-run', 'list pending migrations without applying them')
    .option('--dir <dir>', 'migrations folder', MIGRATIONS_DIR)
    .action(async (opts: { dryRun?: boolean; dir: string }) => {
      const config = loadConfig();
      const target = describeClickHouse(config);
      console.error(`${opts.dryRun ? 'checking' : 'migrating'} ${target}`);
      const client = createClickHouse(config);
      try {
        const result = await migrate(client, {
          dir: opts.dir,
          dryRun: opts.dryRun === true,
          onMigration: (m) => console.error(`${opts.dryRun ? 'pending' : 'applying'} ${m.name} (${m.statements.length} statement${m.statements.length === 1 ? '' : 's'})`),
        });
        for (const u of result.unknown) {
          console.error(`warning: the database has migration ${u.name}, which this build does not have (applied by a newer version?)`);
        }
        if (opts.dryRun) {
          for (const m of result.pending) console.log(`pending ${m.name}`);
          console.log(`${result.pending.length} pending, ${result.applied.length} already applied`);
        } else {
          for (const m of result.appliedNow) console.log(`applied ${m.name}`);
          console.log(result.appliedNow.length === 0 ? `up to date (${result.applied.length} migrations applied)` : `applied ${result.appliedNow.length}, ${result.applied.length + result.appliedNow.length} in total`);
        }
      } catch (error) {
        if (error instanceof FengkongError && error.retriable) {
          throw new FengkongError(error.code, `${error.message}\nClickHouse did not answer: check that it is running and that CLICKHOUSE_URL, CLICKHOUSE_USER and CLICKHOUSE_PASSWORD are right, then run again.`, { retriable: true, cause: error });
        }
        throw error;
      } finally {
        await client.close();
      }
    });
}
