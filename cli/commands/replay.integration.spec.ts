/**
 * `fengkong replay --dir` in Kafka mode, paced by day: a directory written by `fengkong import`
 * goes through the Kafka-protocol broker to a running processor (Redis, chdb), one event-time day
 * at a time, waiting each time until the processor's consumer group has no lag. Each application
 * must then have been scored with its lender's defaults known by its day, and no later ones.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runImport } from '../../importers/runImport.ts';
import { loadConfig } from '../../lib/config.ts';
import { createLogger } from '../../lib/logger.ts';
import { createProducer } from '../../pipelines/kafka/factory.ts';
import { buildRuntime } from '../../pipelines/runtime.ts';
import { dlqTopicOf, INPUT_TOPICS, OUTPUT_TOPICS } from '../../schemas/topics.ts';
import { createMockTopics } from '../../services/kafka.ts';
import { startRedis } from '../../services/redis.ts';
import { kafkaGroupCaughtUp, replayDirectory } from './replay.ts';

const HEADER = 'LoanNr_ChkDgt,Name,City,State,Zip,Bank,BankState,NAICS,ApprovalDate,ApprovalFY,Term,NoEmp,NewExist,CreateJob,RetainedJob,FranchiseCode,UrbanRural,RevLineCr,LowDoc,ChgOffDate,DisbursementDate,DisbursementGross,MIS_Status,ChgOffPrinGr,GrAppv,SBA_Appv';
const loan = (nr: string, bank: string, approved: string, chargedOff: string | null): string =>
  `${nr},BORROWER ${nr},EVANSVILLE,IN,47711,${bank},IN,451120,${approved},1997,84,4,2,0,0,1,0,N,N,${chargedOff ?? ''},${approved},60000,${chargedOff ? 'CHGOFF' : 'P I F'},0,60000,45000`;

// Loan number → [lender, approval, charge-off or null, lender defaults known on the approval day].
const LOANS: ReadonlyArray<readonly [string, string, string, string | null, number]> = [
  ['1000014003', 'BANK A', '1/2/1997', '1-Mar-97', 0],
  ['1000024006', 'BANK A', '2/10/1997', '10-Apr-97', 0],
  ['1000034009', 'BANK A', '3/15/1997', null, 1],
  ['1000044001', 'BANK B', '3/20/1997', null, 0],
  ['1000054004', 'BANK A', '5/1/1997', null, 2],
];

describe('fengkong replay --dir through Kafka, paced by day', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
  });

  it('scores each application with the lender defaults known by its day', async () => {
    const brokers = inject('kafkaBrokers');
    const prefix = `replaydir${Date.now()}.`;
    await createMockTopics(brokers, [...INPUT_TOPICS.map((t) => prefix + t), ...INPUT_TOPICS.map((t) => prefix + dlqTopicOf(t)), ...OUTPUT_TOPICS.map((t) => prefix + t)]);
    const redis = await startRedis();
    cleanup.push(() => redis.stop());
    const work = await mkdtemp(join(tmpdir(), 'fk-replay-dir-'));
    cleanup.push(() => rm(work, { recursive: true, force: true }));

    const csv = join(work, 'loans.csv');
    await writeFile(csv, [HEADER, ...LOANS.map(([nr, bank, approved, off]) => loan(nr, bank, approved, off))].join('\n') + '\n');
    const imported = await runImport({ dataset: 'sba', file: csv, outDir: join(work, 'import'), idPrefix: 'replaydir' });
    expect(imported.deadLetters).toBe(0);

    const config = loadConfig({
      KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: prefix, KAFKA_GROUP_ID: `${prefix}group`, KAFKA_SESSION_TIMEOUT_MS: '6000',
      REDIS_URL: redis.url, FENGKONG_DATA_DIR: join(work, 'data'), FENGKONG_PII_KEY: 'replay-dir-test-pseudonymisation-key', LOG_LEVEL: 'silent', METRICS_PORT: '0',
      FENGKONG_FEATURE_LATENESS_HOURS: '43800',
    });
    const runtime = await buildRuntime(config, { logger: createLogger('silent'), sessionTimeoutMs: 6000, downstream: false });
    cleanup.push(() => runtime.close());
    await runtime.processor.start();
    const producer = await createProducer(config, 'replay-dir-test');
    await producer.connect();
    cleanup.push(() => producer.disconnect());

    const sent = await replayDirectory(producer, join(work, 'import'), config, 'day', undefined, kafkaGroupCaughtUp(config), 100, 'processor not consuming');
    expect(sent).toBe(LOANS.length + 2);
    // The replay returned only once the group had committed everything: the scores are there now.
    const rows = await runtime.clickhouse.query<{ id: string; defaults: number | null }>(
      "SELECT input_event_id AS id, features['originator.defaults_all'] AS defaults FROM scores FINAL WHERE topic = 'applications' ORDER BY id",
    );
    expect(rows.map((r) => [r.id, r.defaults === null ? null : Number(r.defaults)])).toEqual(
      LOANS.map(([nr, , , , known]) => [`replaydir:${nr}`, known]).sort(),
    );
  }, 120_000);
});
