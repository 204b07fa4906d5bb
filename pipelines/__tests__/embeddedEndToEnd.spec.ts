/**
 * The whole pipeline in embedded mode (in-process log, embedded feature store, chdb): simulated
 * events plus malformed records in; per topic, ClickHouse holds exactly the events produced,
 * every malformed record is a dead letter with its reason, and no raw phone or ID number of
 * the simulator reaches ClickHouse.
 */
import { leakedIn, rawIdentifiers } from '../../test/personalData.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config.ts';
import { createLogger } from '../../lib/logger.ts';
import { simulate, produceSimulation, SIM_TOPICS } from '../../simulator/index.ts';
import { buildRuntime, type Runtime } from '../runtime.ts';
import { RunningSummary } from '../summary.ts';
import { malformedApplication } from '../../test/malformed.ts';

const MALFORMED = 220;

describe('embedded pipeline end to end', () => {
  let dataDir: string;
  let runtime: Runtime;
  const summary = new RunningSummary();
  const sim = simulate({ seed: 31, days: 8, enterprises: 150 });
  const produced: Record<string, number> = {};

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'fk-e2e-'));
    const config = loadConfig({ FENGKONG_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    runtime = await buildRuntime(config, { logger: createLogger('silent'), onBatch: (b) => summary.add(b) });
    await runtime.processor.start();
    for (const t of SIM_TOPICS) produced[t] = sim.events[t].length;
    const total = await produceSimulation(runtime.producer, sim, { rate: 0 });
    const valid = sim.events.applications[0] as unknown as Record<string, unknown>;
    await runtime.producer.send(Array.from({ length: MALFORMED }, (_, i) => ({ topic: 'applications', key: `bad-${i}`, value: malformedApplication(valid, i).value })));
    const expected = total + MALFORMED;
    const deadline = Date.now() + 240_000;
    while (summary.events < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(summary.events).toBe(expected);
    // Every batch's rows are durable before its offsets commit, so counts can be read now.
    await runtime.processor.stop();
  }, 300_000);

  afterAll(async () => {
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('stores exactly the events produced, per topic', async () => {
    const rows = await runtime.clickhouse.query<{ topic: string; n: string }>('SELECT topic, count() AS n FROM events FINAL GROUP BY topic');
    const counts = Object.fromEntries(rows.map((r) => [r.topic, Number(r.n)]));
    for (const t of SIM_TOPICS) expect(counts[t] ?? 0, t).toBe(produced[t]);
  });

  it('dead-letters every malformed record with its reason', async () => {
    const rows = await runtime.clickhouse.query<{ reason: string; original_topic: string }>('SELECT reason, original_topic FROM dead_letters FINAL');
    expect(rows).toHaveLength(MALFORMED);
    for (const r of rows) {
      expect(r.original_topic).toBe('applications');
      expect(r.reason.length).toBeGreaterThan(5);
    }
    const reasons = rows.map((r) => r.reason).join('\n');
    for (const expected of ['enterpriseId: is required', 'requestedAmount: must be number', 'unified social credit code', 'person_id', 'phone', 'not JSON', 'not valid UTF-8', 'nested deeper', 'empty', 'must be a JSON object', 'not a field of this contract']) {
      expect(reasons).toContain(expected);
    }
  });

  it('scores every scored event once and decides every application', async () => {
    const [scores] = await runtime.clickhouse.query<{ n: string; u: string }>('SELECT count() AS n, uniqExact(score_id) AS u FROM scores FINAL');
    const scored = produced.applications! + produced.transactions! + produced.repayments! + produced['enterprise-updates']!;
    expect(Number(scores!.n)).toBe(scored);
    expect(Number(scores!.u)).toBe(scored);
    const [decisions] = await runtime.clickhouse.query<{ n: string }>('SELECT count() AS n FROM decisions FINAL');
    expect(Number(decisions!.n)).toBe(produced.applications);
  });

  it('keeps no raw phone or ID number in ClickHouse', async () => {
    const raw = rawIdentifiers(Object.values(sim.events).flat());
    expect(raw.size).toBeGreaterThan(100);
    const tables = ['events', 'scores', 'decisions', 'alerts', 'labels', 'dead_letters'];
    for (const table of tables) {
      const rows = await runtime.clickhouse.query<Record<string, unknown>>(`SELECT * FROM ${table}`);
      const text = JSON.stringify(rows) + rows.map((r) => (typeof r.original_base64 === 'string' ? Buffer.from(r.original_base64, 'base64').toString('utf8') : '')).join('');
      const leaked = [...raw].filter((v) => text.includes(v));
      expect(leakedIn(text, raw)).toEqual(leaked);
      expect(leaked, `${table} leaks ${leaked.slice(0, 3).join(', ')}`).toEqual([]);
    }
  });
});
