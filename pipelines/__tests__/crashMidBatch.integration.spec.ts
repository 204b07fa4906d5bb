/**
 * Crash test: a processor on the Kafka-protocol broker, Redis and chdb is killed with SIGKILL
 * several times mid-stream and restarted. At the end ClickHouse counts are exact, there are no
 * duplicate score rows, and the state in Redis (feature windows, graph, loan book) equals that
 * of an uninterrupted processor that consumed the same topics in its own group — through the
 * Confluent client, while the crashing one uses kafkajs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../lib/config.ts';
import { createLogger } from '../../lib/logger.ts';
import { INPUT_TOPICS, OUTPUT_TOPICS, dlqTopicOf } from '../../schemas/topics.ts';
import { simulate, produceSimulation, SIM_TOPICS } from '../../simulator/index.ts';
import { createMockTopics } from '../../services/kafka.ts';
import { startRedis, type LocalRedis } from '../../services/redis.ts';
import { createProducer, kafkaOptionsFromConfig } from '../kafka/factory.ts';
import { confluentClientInstalled } from '../kafka/confluent.ts';
import { consumerLag, totalLag } from '../kafka/lag.ts';
import { startProcessorProcess, queryDataDir, type ProcessorProcess } from '../../test/processorProcess.ts';
import { dumpRedis, diffDumps, explainDiff } from '../../test/redisDump.ts';
import { malformedApplication } from '../../test/malformed.ts';

const PII_KEY = 'crash-test-pseudonymisation-key';

const confluentInstalled = confluentClientInstalled();
const MALFORMED = 100;
const KILLS = 3;

describe('processor killed with SIGKILL mid-stream', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
  });

  it('ends with exact counts, no duplicates and the same state as an uninterrupted run', async () => {
    const brokers = inject('kafkaBrokers');
    const prefix = `crash${Date.now()}.`;
    const inputs = INPUT_TOPICS.map((t) => prefix + t);
    await createMockTopics(brokers, [...inputs, ...INPUT_TOPICS.map((t) => prefix + dlqTopicOf(t)), ...OUTPUT_TOPICS.map((t) => prefix + t)]);

    const sim = simulate({ seed: 51, days: 25, enterprises: 200 });
    const produced = Object.fromEntries(SIM_TOPICS.map((t) => [t, sim.events[t].length])) as Record<string, number>;

    const redis: LocalRedis[] = [await startRedis(), await startRedis()];
    cleanup.push(() => Promise.all(redis.map((r) => r.stop())));
    const dirs = [await mkdtemp(join(tmpdir(), 'fk-crash-')), await mkdtemp(join(tmpdir(), 'fk-ref-'))];
    cleanup.push(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
    const envOf = (i: number, group: string): Record<string, string> => ({
      KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: prefix, KAFKA_GROUP_ID: group, KAFKA_SESSION_TIMEOUT_MS: '6000',
      REDIS_URL: redis[i]!.url, FENGKONG_DATA_DIR: dirs[i]!, FENGKONG_PII_KEY: PII_KEY,
      // Two separate deployments: each runs its own alert queues (start runs them beside the scorer).
      QUEUE_CONSUMER_GROUP: `${group}-queues`,
      // Lateness wider than the whole simulation (its back book reaches a year before the start),
      // so arrival order across topics never makes an event late and the final state depends
      // only on which events were applied, and how often.
      FENGKONG_FEATURE_LATENESS_HOURS: '17520',
    });
    let crashing: ProcessorProcess = startProcessorProcess(envOf(0, 'crash'));
    // The reference runs on the other client library, so the pipeline is exercised on both and
    // the state they reach must agree.
    const reference = startProcessorProcess({ ...envOf(1, 'reference'), KAFKA_CLIENT: confluentInstalled ? 'confluent' : 'kafkajs' });
    cleanup.push(() => crashing.kill(), () => reference.kill());

    const config = loadConfig({ KAFKA_BROKERS: brokers, FENGKONG_PII_KEY: PII_KEY, LOG_LEVEL: 'silent' });
    const producer = await createProducer(config, 'crash-test', { logger: createLogger('silent') });
    await producer.connect();
    cleanup.push(() => producer.disconnect());
    // Paced so that the run lasts long enough to be killed several times while consuming.
    const producing = produceSimulation(producer, sim, { rate: 500, topicPrefix: prefix });
    const valid = sim.events.applications[0] as unknown as Record<string, unknown>;
    await producer.send(Array.from({ length: MALFORMED }, (_, i) => ({ topic: `${prefix}applications`, key: `bad-${i}`, value: malformedApplication(valid, i).value })));

    for (let k = 0; k < KILLS; k++) {
      await new Promise((r) => setTimeout(r, 3_000 + 1_500 * k));
      await crashing.kill();
      crashing = startProcessorProcess(envOf(0, 'crash'));
    }
    await producing;

    const lagOf = async (group: string) => totalLag(await consumerLag(kafkaOptionsFromConfig(config, 'crash-test-lag'), group, inputs));
    const deadline = Date.now() + 420_000;
    let lags = [await lagOf('crash'), await lagOf('reference')];
    while ((lags[0]! > 0 || lags[1]! > 0) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1_000));
      lags = [await lagOf('crash'), await lagOf('reference')];
    }
    expect(lags, `${crashing.output().slice(-2000)}`).toEqual([0, 0]);
    await Promise.all([crashing.stop(), reference.stop()]);

    for (const dir of dirs) {
      const events = await queryDataDir<{ topic: string; n: string }>(dir, 'SELECT topic, count() AS n FROM events FINAL GROUP BY topic');
      const counts = Object.fromEntries(events.map((r) => [r.topic, Number(r.n)]));
      for (const t of SIM_TOPICS) expect(counts[t] ?? 0, `${dir} ${t}`).toBe(produced[t]);
      const [scores] = await queryDataDir<{ n: string; u: string }>(dir, 'SELECT count() AS n, uniqExact(score_id) AS u FROM scores FINAL');
      const scored = produced.applications! + produced.transactions! + produced.repayments! + produced['enterprise-updates']!;
      expect(Number(scores!.n)).toBe(scored);
      expect(Number(scores!.u)).toBe(scored);
      const [dead] = await queryDataDir<{ n: string }>(dir, 'SELECT count() AS n FROM dead_letters FINAL');
      expect(Number(dead!.n)).toBe(MALFORMED);
    }

    // Scoring state only: alert-queue keys carry each deployment's own wall-clock times.
    const notScoringState = (key: string) => key.includes(':{v:') || key.startsWith('fk:{q}:');
    const [crashState, referenceState] = [await dumpRedis(redis[0]!.url, notScoringState), await dumpRedis(redis[1]!.url, notScoringState)];
    expect(crashState.size).toBeGreaterThan(1000);
    expect(diffDumps(crashState, referenceState), explainDiff(crashState, referenceState)).toEqual([]);
  }, 600_000);
});
