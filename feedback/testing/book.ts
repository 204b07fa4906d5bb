/**
 * Small hand-made loan books for the feedback tests: contract-shaped records built from the
 * documented examples (schemas/examples.ts), pseudonymised as the pipeline does at ingestion,
 * and written through the pipeline's decision log into a throw-away chdb database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChdbClickHouse } from '../../pipelines/clickhouse/chdbClient.ts';
import { ClickHouseDecisionLog, type DecisionLogBatch } from '../../pipelines/clickhouse/decisionLog.ts';
import { migrate } from '../../pipelines/clickhouse/migrations.ts';
import type { ClickHouseClient } from '../../pipelines/clickhouse/types.ts';
import { EXAMPLES } from '../../schemas/examples.ts';
import { Pseudonymiser } from '../../schemas/pseudonym.ts';
import type { EventOf } from '../../schemas/topics.ts';
import type { OutcomeLabel } from '../../schemas/topics/label.ts';
import type { Decision, Score } from '../../schemas/topics/outputs.ts';

export const DAY_MS = 86_400_000;
const pseudonymiser = new Pseudonymiser('fengkong-feedback-test-key-0001');
const iso = (d: Date): string => d.toISOString();
export const daysAgo = (days: number, now = Date.now()): Date => new Date(now - days * DAY_MS);

/** A migrated database in a fresh chdb directory (one per test file: chdb binds a directory per process). */
export async function openTestClickHouse(database: string): Promise<ClickHouseClient> {
  const client = new ChdbClickHouse({ path: mkdtempSync(join(tmpdir(), 'fk-feedback-')), database });
  await migrate(client);
  return client;
}

/** Closes a client of `openTestClickHouse` and deletes its directory. */
export async function closeTestClickHouse(client: ClickHouseClient | undefined): Promise<void> {
  if (!client) return;
  await client.close();
  if (client instanceof ChdbClickHouse) rmSync(client.path, { recursive: true, force: true });
}

/** An application like the documented example, pseudonymised, with an id and time of its own. */
export function application(id: string, at: Date, overrides: Partial<EventOf<'applications'>> = {}): EventOf<'applications'> {
  const base = EXAMPLES.applications;
  return pseudonymiser.pseudonymise('applications', { ...base, eventId: `app-evt-${id}`, eventTime: iso(at), applicationId: id, ...overrides });
}

export function decision(applicationId: string, at: Date, tier: Decision['tier'] = 'suggest_pass'): Decision {
  return { ...EXAMPLES.decisions, eventId: `dec-evt-${applicationId}`, eventTime: iso(at), decisionId: `dec-${applicationId}`, applicationId, tier };
}

export function loanOpened(loanId: string, applicationId: string, at: Date): EventOf<'repayments'> {
  return { ...EXAMPLES.repayments, eventId: `rep-evt-${loanId}-open`, eventTime: iso(at), loanId, applicationId, kind: 'loan_opened', daysPastDue: 0, principal: 800_000, termMonths: 12 };
}

export function label(id: string, kind: OutcomeLabel['kind'], refs: Pick<OutcomeLabel, 'loanId' | 'applicationId' | 'refEventId'>, occurredAt: Date, knownAt: Date): OutcomeLabel {
  return { eventId: `lbl-evt-${id}`, schemaVersion: 1, eventTime: iso(knownAt), labelId: `lbl-${id}`, kind, ...refs, occurredAt: iso(occurredAt) };
}

/** The score of an input event with the given feature snapshot, champion model scores and hits. */
export function score(event: { eventId: string; eventTime: string }, topic: string, o: { features?: Score['features']; models?: Record<string, number>; hits?: Score['ruleHits'] } = {}): Score {
  return {
    eventId: `score:${event.eventId}`, schemaVersion: 1, eventTime: event.eventTime, scoreId: `score:${event.eventId}`, inputEventId: event.eventId,
    inputTopic: topic, entityType: 'application', entityId: event.eventId, status: 'ok', riskScore: 100,
    models: Object.entries(o.models ?? {}).map(([model, s]) => ({ model, version: '1.0.0', role: 'champion' as const, score: s, status: 'ok' as const })),
    ruleHits: o.hits ?? [], features: o.features ?? {}, reasons: [],
  };
}

/** What a test writes, in pipeline terms. */
export interface Book {
  readonly events: Array<{ topic: string; event: { eventId: string; eventTime: string; schemaVersion: number } }>;
  readonly scores?: Score[];
  readonly decisions?: Decision[];
}

/** Writes the book through the decision log. */
export async function writeBook(client: ClickHouseClient, book: Book): Promise<void> {
  const batch: DecisionLogBatch = {
    events: book.events.map((e, i) => ({ topic: e.topic, partition: 0, offset: String(i), event: e.event })),
    scores: book.scores ?? [],
    decisions: book.decisions ?? [],
    alerts: [],
    deadLetters: [],
  };
  const log = new ClickHouseDecisionLog(client);
  try {
    await log.write(batch);
  } finally {
    await log.close();
  }
}
