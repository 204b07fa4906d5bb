/**
 * `npm run bench -- e2e`: the whole pipeline on its own services (librdkafka mock broker, Redis,
 * chdb), measured side by side in one run:
 * - e2e.consume_only_per_s: the same client on the same broker, consume + JSON.parse only;
 * - e2e.events_per_s: the processor (validate, pseudonymise, features, graph, models, rules,
 *   decisions, outputs to Kafka, decision log in ClickHouse) on the same pre-produced events;
 * - e2e.p50_ms / e2e.p99_ms: producer timestamp → durable ClickHouse write, at a fixed offered
 *   load (default 5,000 events/s; E2E_RATE overrides);
 * - e2e.rss_mb: peak resident memory of this process (processor + chdb engine).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createClient } from 'redis';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../lib/config.ts';
import { createLogger } from '../lib/logger.ts';
import { startKafka } from '../services/kafka.ts';
import { startRedis } from '../services/redis.ts';
import { createConsumer, createProducer } from '../pipelines/kafka/factory.ts';
import { buildRuntime } from '../pipelines/runtime.ts';
import { RunningSummary } from '../pipelines/summary.ts';
import type { ProcessorMetrics } from '../pipelines/metrics.ts';
import { INPUT_TOPICS } from '../schemas/topics.ts';
import { simulate, produceSimulation, eventCount } from '../simulator/index.ts';
import type { SimulationOutput } from '../simulator/index.ts';

const RATE = Number(process.env.E2E_RATE ?? 5000);
const LATENCY_SECONDS = Number(process.env.E2E_SECONDS ?? 10);
const log = (m: string) => console.error(`bench e2e: ${m}`);
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** A slice of a simulation with at most `n` events (earliest first), as an output-shaped object. */
function slice(sim: SimulationOutput, n: number, skip = 0): Pick<SimulationOutput, 'events'> {
  const all = (Object.keys(sim.events) as Array<keyof SimulationOutput['events']>).flatMap((t) => sim.events[t].map((e) => ({ t, e })));
  all.sort((a, b) => a.e.eventTime.localeCompare(b.e.eventTime));
  const chosen = all.slice(skip, skip + n);
  const events = Object.fromEntries(Object.keys(sim.events).map((t) => [t, [] as unknown[]])) as Record<string, unknown[]>;
  for (const { t, e } of chosen) events[t]!.push(e);
  return { events: events as unknown as SimulationOutput['events'] };
}

/** CPU seconds the Redis server has used so far (INFO cpu). */
async function redisCpuSeconds(url: string): Promise<number> {
  const client = createClient({ url });
  await client.connect();
  try {
    const info = await client.info('cpu');
    const value = (name: string) => Number(new RegExp(`^${name}:([0-9.]+)`, 'm').exec(info)?.[1] ?? 0);
    return value('used_cpu_user') + value('used_cpu_sys');
  } finally {
    await client.quit();
  }
}

/** Mean wall time per batch of each processing stage over the throughput phase (where the time goes). */
async function stageBreakdown(histogram: ProcessorMetrics['stageSeconds']): Promise<Record<string, { meanMs: number; batches: number }>> {
  const values = (await histogram.get()).values;
  const out: Record<string, { meanMs: number; batches: number }> = {};
  for (const v of values) {
    const stage = String(v.labels.stage);
    const entry = out[stage] ?? { meanMs: 0, batches: 0 };
    if (v.metricName?.endsWith('_sum')) entry.meanMs = v.value * 1000;
    if (v.metricName?.endsWith('_count')) entry.batches = v.value;
    out[stage] = entry;
  }
  for (const e of Object.values(out)) e.meanMs = e.batches > 0 ? e.meanMs / e.batches : 0;
  return out;
}

const kafka = await startKafka({ partitions: 4 });
const redis = await startRedis();
const dataDir = await mkdtemp(join(tmpdir(), 'fk-bench-e2e-'));
try {
  // KAFKA_CLIENT=confluent measures the Confluent client (both phases use the same client).
  const env = { KAFKA_CLIENT: process.env.KAFKA_CLIENT ?? 'kafkajs', KAFKA_BROKERS: kafka.brokers, REDIS_URL: redis.url, FENGKONG_DATA_DIR: dataDir, FENGKONG_PII_KEY: 'bench-pseudonymisation-key', LOG_LEVEL: 'silent', METRICS_PORT: '0' };
  const logger = createLogger('silent');
  log('simulating');
  const sim = simulate({ seed: 71, days: 60, enterprises: 400 });
  log(`${eventCount(sim)} events simulated`);
  const THROUGHPUT_EVENTS = 20_000;

  // Phase 1: consume-only baseline.
  const base = loadConfig({ ...env, KAFKA_TOPIC_PREFIX: 'base.' });
  const producer = await createProducer(base, 'bench', { logger });
  await producer.connect();
  const phase1 = slice(sim, THROUGHPUT_EVENTS);
  const n1 = await produceSimulation(producer, phase1, { rate: 0, topicPrefix: 'base.' });
  const consumer = await createConsumer(base, 'bench-consume-only', { logger });
  await consumer.connect();
  await consumer.subscribe(INPUT_TOPICS.map((t) => `base.${t}`), { fromBeginning: true });
  let consumed = 0;
  let parsed = 0;
  const t1 = performance.now();
  await consumer.run({ eachBatch: async (batch) => {
    for (const r of batch.records) if (r.value && JSON.parse(r.value.toString('utf8'))) parsed++;
    consumed += batch.records.length;
  } });
  while (consumed < n1) await new Promise((r) => setTimeout(r, 20));
  const consumeOnly = n1 / ((performance.now() - t1) / 1000);
  await consumer.disconnect();
  log(`consume-only: ${n1} events (${parsed} parsed) at ${consumeOnly.toFixed(0)}/s`);

  // Phase 2: the processor on the same events (its own prefix, same broker, same client).
  const config = loadConfig({ ...env, KAFKA_TOPIC_PREFIX: 'e2e.' });
  const n2 = await produceSimulation(producer, phase1, { rate: 0, topicPrefix: 'e2e.' });
  const summary = new RunningSummary();
  let latencies: number[] = [];
  let measuring = false;
  const runtime = await buildRuntime(config, { logger, onBatch: (b) => {
    summary.add(b);
    if (measuring) latencies.push(...b.latenciesMs);
  } });
  const t2 = performance.now();
  const redisCpu0 = await redisCpuSeconds(redis.url);
  const nodeCpu0 = process.cpuUsage();
  await runtime.processor.start();
  while (summary.events < n2) await new Promise((r) => setTimeout(r, 20));
  const e2e = n2 / ((performance.now() - t2) / 1000);
  log(`processor: ${n2} events at ${e2e.toFixed(0)}/s (includes joining the group)`);
  const stages = await stageBreakdown(runtime.metrics.stageSeconds);
  // CPU per event on each side (this process includes the chdb engine's threads).
  const nodeCpu = process.cpuUsage(nodeCpu0);
  const redisCpu = (await redisCpuSeconds(redis.url)) - redisCpu0;
  const cpuPerEvent = { node: (nodeCpu.user + nodeCpu.system) / 1000 / n2, redis: (redisCpu * 1000) / n2 };

  // Phase 3: fixed offered load, latency per event.
  const phase3 = slice(sim, Math.round(RATE * LATENCY_SECONDS), THROUGHPUT_EVENTS);
  const before = summary.events;
  measuring = true;
  latencies = [];
  const n3 = await produceSimulation(producer, phase3, { rate: RATE, topicPrefix: 'e2e.' });
  const deadline = Date.now() + 120_000;
  while (summary.events < before + n3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  measuring = false;
  log(`latency phase: ${n3} events offered at ${RATE}/s, ${latencies.length} measured`);
  latencies.sort((a, b) => a - b);
  await producer.disconnect();
  await runtime.close();

  console.log(`e2e.client: ${env.KAFKA_CLIENT}`);
  console.log(`e2e.events_per_s: ${e2e.toFixed(0)}`);
  console.log(`e2e.consume_only_per_s: ${consumeOnly.toFixed(0)}`);
  console.log(`e2e.ratio_to_consume: ${(e2e / consumeOnly).toFixed(3)}`);
  console.log(`e2e.offered_per_s: ${RATE}`);
  console.log(`e2e.p50_ms: ${percentile(latencies, 50).toFixed(1)}`);
  console.log(`e2e.p99_ms: ${percentile(latencies, 99).toFixed(1)}`);
  for (const [stage, v] of Object.entries(stages)) console.log(`e2e.stage_${stage}_ms_per_batch: ${v.meanMs.toFixed(1)}`);
  console.log(`e2e.cpu_ms_per_event_processor: ${cpuPerEvent.node.toFixed(3)}`);
  console.log(`e2e.cpu_ms_per_event_redis: ${cpuPerEvent.redis.toFixed(3)}`);
  console.log(`e2e.batches: ${Object.values(stages)[0]?.batches ?? 0}`);
  console.log(`e2e.rss_mb: ${(Math.max(peakRss, process.memoryUsage().rss) / 1048576).toFixed(0)}`);
} finally {
  clearInterval(sampler);
  await kafka.stop();
  await redis.stop();
  await rm(dataDir, { recursive: true, force: true });
}
