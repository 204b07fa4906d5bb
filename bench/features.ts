/**
 * Feature-store benchmark: `npm run bench -- features [--days 30] [--enterprises 600] [--batch 500]`.
 *
 * Starts its own Redis, simulates a month of pseudonymised events (simulator/), and measures:
 * - features.events_per_s      the Redis feature store applying them in consumer batches
 *                              (every update, read, list lookup and vector write included);
 * - features.raw_baseline_per_s a plain pipelined SET of the same number of keys per event as the
 *                              store writes for that event (state hash + dedup set per entity,
 *                              each HyperLogLog bucket it adds to, the stored vector), same batches,
 *                              same client, same server — measured before and after the store run,
 *                              averaged, so drifting machine load hits both sides alike;
 * - features.ratio_to_raw      the first over the second;
 * - features.bytes_per_entity  MEMORY USAGE of all entity keys (state, dedup, HLL) ÷ entities.
 * Results on stdout, progress and detail on stderr.
 */
import { parseArgs } from 'node:util';
import { createClient } from 'redis';
import { Pseudonymiser } from '../schemas/pseudonym.ts';
import type { TopicName } from '../schemas/topics.ts';
import { eventsInTimeOrder, simulate } from '../simulator/index.ts';
import { startRedis } from '../services/redis.ts';
import type { RedisClientLike } from '../features/redisPort.ts';
import { createRedisFeatureStore } from '../features/redisStore.ts';
import { routeEvent } from '../features/route.ts';
import { resolveStoreOptions } from '../features/storeOptions.ts';
import type { FeatureInput } from '../features/types.ts';

const { values: args } = parseArgs({
  options: {
    days: { type: 'string', default: '30' },
    enterprises: { type: 'string', default: '600' },
    batch: { type: 'string', default: '500' },
    seed: { type: 'string', default: '11' },
  },
});
const days = Number(args.days);
const enterprises = Number(args.enterprises);
const batchSize = Number(args.batch);
const log = (msg: string): void => void process.stderr.write(`${msg}\n`);

log(`simulating ${days} days, ${enterprises} enterprises (seed ${args.seed})…`);
const sim = simulate({ seed: Number(args.seed), days, enterprises });
const pseudo = new Pseudonymiser('fengkong-bench-pseudonymisation-key');
const inputs: FeatureInput[] = [];
for (const { topic, event } of eventsInTimeOrder(sim)) {
  inputs.push({ topic, event: pseudo.pseudonymise(topic as TopicName, event as never) } as FeatureInput);
}
log(`${inputs.length} events`);

// Keys the store writes per event, from the same routing the store uses.
const { compiled } = resolveStoreOptions();
const keysPerEvent = inputs.map((input) => {
  const routed = routeEvent(compiled, input);
  let keys = 1; // the stored vector
  for (const call of routed.calls) {
    keys += 2; // state hash, dedup set
    const plan = compiled.entities[call.entity];
    for (const s of call.series) {
      const sp = plan.series[s];
      if (sp?.op === 'distinct') keys += sp.grans.length + (sp.all ? 1 : 0);
    }
  }
  return keys;
});
const featuresPerEvent = inputs.map((input) => routeEvent(compiled, input).calls.reduce((n, c) => n + compiled.entities[c.entity].features.length, 0));
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
log(`keys written per event: mean ${mean(keysPerEvent).toFixed(2)}; features per event: mean ${mean(featuresPerEvent).toFixed(1)}, min ${Math.min(...featuresPerEvent)}`);

const redis = await startRedis();
const client = createClient({ url: redis.url });
client.on('error', (err: Error) => log(`redis: ${err.message}`));
await client.connect();

async function rawBaseline(tag: string): Promise<number> {
  const value = 'x'.repeat(16);
  const started = process.hrtime.bigint();
  let n = 0;
  for (let i = 0; i < inputs.length; i += batchSize) {
    const sent: Promise<unknown>[] = [];
    for (let j = i; j < Math.min(i + batchSize, inputs.length); j++) {
      const k = keysPerEvent[j] as number;
      for (let x = 0; x < k; x++) sent.push(client.sendCommand(['SET', `raw${tag}:{${j}}:${x}`, value]));
      n++;
    }
    await Promise.all(sent);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await client.sendCommand(['FLUSHDB']);
  return n / seconds;
}

try {
  log('raw baseline (before)…');
  const rawBefore = await rawBaseline('a');
  log(`  ${rawBefore.toFixed(0)} events/s`);

  const store = await createRedisFeatureStore(client as unknown as RedisClientLike, { keyPrefix: 'bench' });
  await client.sendCommand(['CONFIG', 'RESETSTAT']);
  log('feature store…');
  let late = 0;
  let duplicates = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < inputs.length; i += batchSize) {
    const r = await store.applyBatch(inputs.slice(i, i + batchSize));
    late += r.late;
    duplicates += r.duplicates;
    if ((i / batchSize) % 20 === 0) process.stderr.write(`\r  ${Math.min(i + batchSize, inputs.length)}/${inputs.length}`);
  }
  const storeSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  const eventsPerS = inputs.length / storeSeconds;
  log(`\r  ${eventsPerS.toFixed(0)} events/s (${late} late, ${duplicates} duplicates)`);
  const stats = String(await client.sendCommand(['INFO', 'commandstats']));
  const fcall = /cmdstat_fcall:calls=(\d+),usec=(\d+)/.exec(stats);
  if (fcall) log(`  ${fcall[1]} entity calls (FCALL), ${(Number(fcall[2]) / Number(fcall[1])).toFixed(1)} µs of Redis time each; ${(Number(fcall[2]) / 1e6 / storeSeconds * 100).toFixed(0)}% of the run`);

  // Memory of entity keys (state, dedup, HLL), per entity.
  let cursor = '0';
  let entityBytes = 0;
  let vectorBytes = 0;
  let vectors = 0;
  const entities = new Set<string>();
  do {
    const [next, keys] = (await client.sendCommand(['SCAN', cursor, 'MATCH', 'bench:*', 'COUNT', '2000'])) as [string, string[]];
    cursor = next;
    const sizes = await Promise.all(keys.map((k) => client.sendCommand(['MEMORY', 'USAGE', k, 'SAMPLES', '0'])));
    keys.forEach((k, i) => {
      const bytes = Number(sizes[i] ?? 0);
      if (k.startsWith('bench:{v:')) {
        vectorBytes += bytes;
        vectors++;
        return;
      }
      entityBytes += bytes;
      const tag = /\{e:[^}]*\}/.exec(k)?.[0];
      if (tag) entities.add(tag);
    });
  } while (cursor !== '0');
  log(`  ${entities.size} entities, ${(entityBytes / 1e6).toFixed(1)} MB of entity keys; ${vectors} stored vectors, ${(vectorBytes / Math.max(1, vectors)).toFixed(0)} bytes each`);
  await client.sendCommand(['FLUSHDB']);

  log('raw baseline (after)…');
  const rawAfter = await rawBaseline('b');
  log(`  ${rawAfter.toFixed(0)} events/s`);
  const raw = (rawBefore + rawAfter) / 2;

  process.stdout.write(`features.events_per_s: ${eventsPerS.toFixed(0)}\n`);
  process.stdout.write(`features.raw_baseline_per_s: ${raw.toFixed(0)}\n`);
  process.stdout.write(`features.ratio_to_raw: ${(eventsPerS / raw).toFixed(3)}\n`);
  process.stdout.write(`features.bytes_per_entity: ${(entityBytes / Math.max(1, entities.size)).toFixed(0)}\n`);
} finally {
  await client.quit();
  await redis.stop();
}
