/**
 * Versioned schema migrations for ClickHouse: `migrations/NNNN_name.sql`, applied in order
 * and recorded in `schema_migrations` with a SHA-256 checksum of the file. A migration that
 * changed after it was applied is an error naming it: applied migrations are history, and a
 * change belongs in a new file.
 *
 * ClickHouse DDL is not transactional: a migration that fails half-way leaves its first
 * statements applied and is not recorded. Every statement is therefore written to be
 * re-runnable (`IF NOT EXISTS`), so fixing the cause and running again completes it. Two
 * processes migrating at once is safe for the same reason, though wasteful.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FengkongError } from '../../lib/errors.ts';
import { ClickHouseQueryError } from './errors.ts';
import { splitSql } from './splitSql.ts';
import type { ClickHouseClient } from './types.ts';

/** The repository's migrations folder. */
export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');

export const SCHEMA_MIGRATIONS_TABLE = 'schema_migrations';

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export interface Migration {
  readonly version: number;
  /** File name, e.g. `0002_scores.sql`. */
  readonly name: string;
  readonly checksum: string;
  readonly statements: readonly string[];
}

export interface AppliedMigration {
  readonly version: number;
  readonly name: string;
  readonly checksum: string;
  readonly applied_on: string;
}

export interface MigrationPlan {
  readonly applied: readonly AppliedMigration[];
  readonly pending: readonly Migration[];
  /** Recorded in the database but unknown to this build (a newer build migrated it). */
  readonly unknown: readonly AppliedMigration[];
}

/** A migration file is malformed, or an applied one was changed. Not retriable. */
export class MigrationError extends FengkongError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('fengkong:migration', message, { retriable: false, ...options });
  }
}

export function checksumOf(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Reads and checks every `NNNN_name.sql` of a folder, in version order. */
export async function loadMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  const seen = new Map<number, string>();
  for (const name of entries) {
    const m = FILE_NAME.exec(name);
    if (!m) throw new MigrationError(`migration file ${name} is not named NNNN_lowercase_name.sql; rename it`);
    const version = Number(m[1]);
    const clash = seen.get(version);
    if (clash) throw new MigrationError(`migrations ${clash} and ${name} share version ${m[1]}; renumber one`);
    seen.set(version, name);
    const text = await readFile(join(dir, name), 'utf8');
    let statements: string[];
    try {
      statements = splitSql(text);
    } catch (error) {
      throw new MigrationError(`migration ${name}: ${(error as Error).message}`, { cause: error });
    }
    if (statements.length === 0) throw new MigrationError(`migration ${name} has no statements`);
    migrations.push({ version, name, checksum: checksumOf(text), statements });
  }
  return migrations;
}

const CREATE_SCHEMA_MIGRATIONS = `CREATE TABLE IF NOT EXISTS ${SCHEMA_MIGRATIONS_TABLE}
(
    version    UInt32,
    name       String,
    checksum   String,
    applied_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(applied_at)
ORDER BY version`;

/** ClickHouse codes for "database/table does not exist yet" (nothing applied). */
const NOT_CREATED_YET = new Set([60, 81]);

async function readApplied(client: ClickHouseClient): Promise<AppliedMigration[]> {
  try {
    // argMax: the row of the latest applied_at per version, whether or not parts have merged.
    return await client.query<AppliedMigration>(
      `SELECT version, argMax(name, applied_at) AS name, argMax(checksum, applied_at) AS checksum,
              toString(max(applied_at)) AS applied_on
       FROM ${SCHEMA_MIGRATIONS_TABLE} GROUP BY version ORDER BY version`,
    );
  } catch (error) {
    if (error instanceof ClickHouseQueryError && NOT_CREATED_YET.has(error.clickhouseCode ?? -1)) return [];
    throw error;
  }
}

/** Compares files with what the database recorded; throws naming any applied file that changed. */
export async function planMigrations(client: ClickHouseClient, migrations: readonly Migration[]): Promise<MigrationPlan> {
  const applied = await readApplied(client);
  const byVersion = new Map(migrations.map((m) => [m.version, m]));
  const appliedVersions = new Set<number>();
  const unknown: AppliedMigration[] = [];
  for (const a of applied) {
    appliedVersions.add(a.version);
    const file = byVersion.get(a.version);
    if (!file) {
      unknown.push(a);
      continue;
    }
    if (file.checksum !== a.checksum) {
      throw new MigrationError(
        `migration ${file.name} was changed after it was applied on ${a.applied_on} (checksum ${a.checksum.slice(0, 12)}… recorded, ${file.checksum.slice(0, 12)}… on disk). ` +
          'Restore the applied file and put the change in a new migration.',
      );
    }
    if (file.name !== a.name) {
      throw new MigrationError(`migration ${file.name} was applied under the name ${a.name}; restore the original file name`);
    }
  }
  return { applied, pending: migrations.filter((m) => !appliedVersions.has(m.version)), unknown };
}

export interface MigrateOptions {
  readonly dir?: string;
  readonly dryRun?: boolean;
  /** Called before each migration runs (or would run, in a dry run). */
  readonly onMigration?: (migration: Migration) => void;
}

export interface MigrateResult extends MigrationPlan {
  /** What was applied now (empty in a dry run). */
  readonly appliedNow: readonly Migration[];
}

/** Applies pending migrations in order, recording each after all its statements succeeded. */
export async function migrate(client: ClickHouseClient, options: MigrateOptions = {}): Promise<MigrateResult> {
  const migrations = await loadMigrations(options.dir);
  if (!options.dryRun) {
    await client.ensureDatabase();
    await client.command(CREATE_SCHEMA_MIGRATIONS);
  }
  const plan = await planMigrations(client, migrations);
  const appliedNow: Migration[] = [];
  for (const migration of plan.pending) {
    options.onMigration?.(migration);
    if (options.dryRun) continue;
    for (const [i, statement] of migration.statements.entries()) {
      try {
        await client.command(statement);
      } catch (error) {
        const e = error as FengkongError;
        throw new FengkongError(e.code ?? 'fengkong:migration', `migration ${migration.name}, statement ${i + 1} of ${migration.statements.length}: ${e.message}`, {
          retriable: e.retriable ?? false,
          cause: error,
        });
      }
    }
    await client.insert(SCHEMA_MIGRATIONS_TABLE, [
      { version: migration.version, name: migration.name, checksum: migration.checksum, applied_at: new Date().toISOString() },
    ]);
    appliedNow.push(migration);
  }
  return { ...plan, appliedNow };
}
