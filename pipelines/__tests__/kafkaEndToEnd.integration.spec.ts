/**
 * End to end on the local services — the Kafka-protocol broker, Redis and chdb — at the size the
 * pipeline issue names: 100,000 simulated events plus 1,000 malformed records, spread over the
 * input topics, go through a processor running as its own process (`fengkong start`). At the end,
 * per topic, ClickHouse holds exactly the events produced, every scored event has exactly one
 * score, every malformed record is a dead letter with its topic, reason and original bytes, and
 * no raw phone, ID or account number of the simulator is in ClickHouse, Redis or the logs.
 *
 * The mock broker keeps only the newest ~5 MiB per partition, so the producer waits whenever the
 * processor's lag passes MAX_LAG (far below what the mock would prune).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../lib/config.ts';
import { createLogger } from '../../lib/logger.ts';
import { INPUT_TOPICS, OUTPUT_TOPICS, dlqTopicOf, type TopicName } from '../../schemas/topics.ts';
import { eventsInTimeOrder, simulate, toRecord } from '../../simulator/index.ts';
import { createMockTopics } from '../../services/kafka.ts';
import { startRedis } from '../../services/redis.ts';
import { createProducer, kafkaOptionsFromConfig } from '../kafka/factory.ts';
import { consumerLag, totalLag } from '../kafka/lag.ts';
import type { OutgoingRecord } from '../kafka/types.ts';
import { queryDataDir, startProcessorProcess } from '../../test/processorProcess.ts';
import { malformedApplication } from '../../test/malformed.ts';
import { DIGIT_RUN_SQL, leakedIn, rawIdentifiers } from '../../test/personalData.ts';
import { dumpRedis } from '../../test/redisDump.ts';

const EVENTS = 100_000;
const MALFORMED = 1_000;
const CHUNK = 2_000;
const MAX_LAG = 12_000;
const PII_KEY = 'kafka-e2e-pseudonymisation-key';
const SCORED: readonly TopicName[] = ['applications', 'transactions', 'repayments', 'enterprise-updates'];

describe('Kafka end to end at 100k events', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
  });

  it('writes exactly the produced events, one score per scored event, and dead-letters every malformed record', async () => {
    const brokers = inject('kafkaBrokers');
    const prefix = `e2e${Date.now()}.`;
    const inputs = INPUT_TOPICS.map((t) => prefix + t);
    await createMockTopics(brokers, [...inputs, ...INPUT_TOPICS.map((t) => prefix + dlqTopicOf(t)), ...OUTPUT_TOPICS.map((t) => prefix + t)]);

    const sim = simulate({ seed: 61, days: 95, enterprises: 1050 });
    const ordered = [...eventsInTimeOrder(sim)].slice(0, EVENTS);
    expect(ordered.length).toBe(EVENTS);
    const produced: Record<string, number> = {};
    for (const { topic } of ordered) produced[topic] = (produced[topic] ?? 0) + 1;

    // Malformed records go round the input topics, each breaking the topic's contract differently.
    const template = sim.events.applications[0] as unknown as Record<string, unknown>;
    const malformedByTopic: Record<string, number> = {};
    const malformed: OutgoingRecord[] = Array.from({ length: MALFORMED }, (_, i) => {
      const topic = INPUT_TOPICS[i % INPUT_TOPICS.length] as TopicName;
      malformedByTopic[topic] = (malformedByTopic[topic] ?? 0) + 1;
      return { topic: prefix + topic, key: `bad-${i}`, value: malformedApplication(template, i).value };
    });
    // Every variant breaks the applications contract, and an applications-shaped record breaks
    // every other topic's contract too, so each of them must become a dead letter.

    const redis = await startRedis();
    const dataDir = await mkdtemp(join(tmpdir(), 'fk-kafka-e2e-'));
    cleanup.push(() => redis.stop(), () => rm(dataDir, { recursive: true, force: true }));
    const processor = startProcessorProcess({
      KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: prefix, KAFKA_GROUP_ID: 'e2e', KAFKA_SESSION_TIMEOUT_MS: '6000',
      REDIS_URL: redis.url, FENGKONG_DATA_DIR: dataDir, FENGKONG_PII_KEY: PII_KEY,
      FENGKONG_FEATURE_LATENESS_HOURS: '17520',
    });
    cleanup.push(() => processor.kill());

    const config = loadConfig({ KAFKA_BROKERS: brokers, FENGKONG_PII_KEY: PII_KEY, LOG_LEVEL: 'silent' });
    const producer = await createProducer(config, 'kafka-e2e', { logger: createLogger('silent') });
    await producer.connect();
    cleanup.push(() => producer.disconnect());
    const lag = async () => totalLag(await consumerLag(kafkaOptionsFromConfig(config, 'kafka-e2e-lag'), 'e2e', inputs));

    const records = ordered.map((item) => toRecord(item, prefix));
    // Malformed records are interleaved with the stream, not appended at the end.
    const step = Math.floor(records.length / MALFORMED);
    malformed.forEach((m, i) => records.splice(i * (step + 1), 0, m));
    for (let at = 0; at < records.length; at += CHUNK) {
      await producer.send(records.slice(at, at + CHUNK));
      const waitUntil = Date.now() + 300_000;
      while ((await lag()) > MAX_LAG) {
        if (Date.now() > waitUntil) throw new Error(`processor stopped draining at ${at}:\n${processor.output().slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    const deadline = Date.now() + 600_000;
    while ((await lag()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1_000));
    expect(await lag(), processor.output().slice(-3000)).toBe(0);
    await processor.stop();

    const events = await queryDataDir<{ topic: string; n: number }>(dataDir, 'SELECT topic, count() AS n FROM events FINAL GROUP BY topic');
    const counts = Object.fromEntries(events.map((r) => [r.topic, Number(r.n)]));
    for (const t of INPUT_TOPICS) expect(counts[t] ?? 0, t).toBe(produced[t] ?? 0);

    // Exactly one score per scored event, without FINAL: a duplicate row would show here.
    const [scores] = await queryDataDir<{ n: number; u: number }>(dataDir, 'SELECT count() AS n, uniqExact(score_id) AS u FROM scores');
    const scored = SCORED.reduce((n, t) => n + (produced[t] ?? 0), 0);
    expect(Number(scores!.u)).toBe(scored);
    expect(Number(scores!.n)).toBe(scored);

    const dead = await queryDataDir<{ topic: string; n: number; no_reason: number; no_bytes: number }>(
      dataDir,
      "SELECT original_topic AS topic, count() AS n, countIf(reason = '') AS no_reason, countIf(original_size = 0 OR original_base64 = '') AS no_bytes FROM dead_letters FINAL GROUP BY topic",
    );
    const deadByTopic = Object.fromEntries(dead.map((r) => [r.topic.replace(prefix, ''), r]));
    for (const t of INPUT_TOPICS) {
      const row = deadByTopic[t];
      const expected = malformedByTopic[t] ?? 0;
      expect(Number(row?.n ?? 0), `dead letters of ${t}`).toBe(expected);
      expect(Number(row?.no_reason ?? 0)).toBe(0);
    }
    // Empty records have no bytes to keep; every other malformed record keeps its original.
    const empties = Array.from({ length: MALFORMED }, (_, i) => malformedApplication(template, i)).filter((m) => m.value.length === 0).length;
    expect(dead.reduce((n, r) => n + Number(r.no_bytes), 0)).toBe(empties);

    // No raw phone, ID or account number anywhere downstream of ingestion: every ClickHouse
    // table the processor writes (dead letters' kept originals decoded), Redis, and the logs.
    const raw = rawIdentifiers(ordered.map((o) => o.event));
    expect(raw.size).toBeGreaterThan(1000);
    for (const table of ['events', 'scores', 'decisions', 'alerts', 'labels', 'dead_letters']) {
      const text = table === 'dead_letters' ? "concat(formatRow('TSV', *), base64Decode(original_base64))" : "formatRow('TSV', *)";
      const runs = await queryDataDir<{ d: string }>(dataDir, `SELECT DISTINCT arrayJoin(extractAll(${text}, '${DIGIT_RUN_SQL}')) AS d FROM ${table}`);
      expect(leakedIn(runs.map((r) => r.d), raw), table).toEqual([]);
    }
    const redisState = await dumpRedis(redis.url, () => false);
    expect(redisState.size).toBeGreaterThan(1000);
    expect(leakedIn([...redisState].map(([k, v]) => `${k}\n${v}`).join('\n'), raw), 'redis').toEqual([]);
    expect(leakedIn(processor.output(), raw), 'processor logs').toEqual([]);
  }, 1_500_000);
});
