/**
 * Opens the configured ClickHouse for the feedback commands and checks the feedback views are
 * there, so a database that was never migrated fails with what to do, not an unknown-table
 * error halfway through.
 */
import { loadConfig } from '../lib/config.ts';
import { FengkongError } from '../lib/errors.ts';
import { createClickHouse, describeClickHouse } from '../pipelines/clickhouse/createClickHouse.ts';
import type { ClickHouseClient } from '../pipelines/clickhouse/types.ts';

/** Views and tables of migrations/0008_feedback_views.sql the commands read. */
export const FEEDBACK_RELATIONS = ['model_targets', 'event_outcomes', 'decision_outcomes', 'model_score_outcomes', 'rule_hit_outcomes', 'alert_work'] as const;

/** Throws a FengkongError naming the missing relations when the feedback migration is not applied. */
export async function requireFeedbackViews(client: ClickHouseClient): Promise<void> {
  const rows = await client.query<{ name: string }>('SELECT name FROM system.tables WHERE database = {db:String}', { db: client.database });
  const present = new Set(rows.map((r) => r.name));
  const missing = FEEDBACK_RELATIONS.filter((r) => !present.has(r));
  if (missing.length > 0) throw new FengkongError('fengkong:not-migrated', `ClickHouse database ${client.database} lacks ${missing.join(', ')}: run npx fengkong migrate first`);
}

/** Runs `fn` with the configured ClickHouse (progress on stderr), closing it afterwards. */
export async function withFeedbackClickHouse<T>(fn: (client: ClickHouseClient) => Promise<T>): Promise<T> {
  const config = loadConfig();
  console.error(`reading ${describeClickHouse(config)}`);
  const client = createClickHouse(config);
  try {
    await requireFeedbackViews(client);
    return await fn(client);
  } catch (error) {
    if (error instanceof FengkongError && error.retriable) {
      throw new FengkongError(error.code, `${error.message}\nClickHouse did not answer: check that it is running and that CLICKHOUSE_URL, CLICKHOUSE_USER and CLICKHOUSE_PASSWORD are right, then run again.`, { retriable: true, cause: error });
    }
    throw error;
  } finally {
    await client.close();
  }
}
