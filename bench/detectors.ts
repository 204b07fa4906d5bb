/**
 * `npm run bench -- detectors`: the detector engine (rules + knowledge-graph checks in Redis +
 * ONNX models + decisions + early warning) on batches of 500 simulated events with their
 * point-in-time features, against its own local Redis. Prints:
 * - detectors.batch500_p99_ms: whole engine per batch of 500;
 * - detectors.model_batch500_p99_ms: the three models' batched inference alone on the same rows.
 */
import { createClient, type RedisClientType } from 'redis';
import { startRedis } from '../services/redis.ts';
import { createEmbeddedFeatureStore } from '../features/embeddedStore.ts';
import { KnowledgeGraph } from '../detectors/graph/knowledgeGraph.ts';
import { RedisGraphStore } from '../detectors/graph/redisStore.ts';
import { ModelSet } from '../detectors/models/modelSet.ts';
import { RuleSetManager } from '../detectors/rules/manager.ts';
import { loadDecisionConfig } from '../detectors/decision/config.ts';
import { loadWarningConfig } from '../detectors/warning/config.ts';
import { DetectorEngine, MODEL_DIRECTORIES } from '../pipelines/engine.ts';
import { LoanBook, RedisLoanStateStore } from '../pipelines/state/loanBook.ts';
import { DEFAULT_MODELS_DIR, DEFAULT_RULES_FILE, knownFeatures } from '../pipelines/runtime.ts';
import { Pseudonymiser } from '../schemas/pseudonym.ts';
import type { TopicName } from '../schemas/topics.ts';
import { simulate, eventsInTimeOrder } from '../simulator/index.ts';
import type { FeatureInput } from '../features/types.ts';
import type { ScoringInput } from '../pipelines/processor.ts';
import { readFileSync } from 'node:fs';

const BATCH = 500;
const BATCHES = Number(process.env.DETECTORS_BATCHES ?? 60);
const log = (m: string) => console.error(`bench detectors: ${m}`);
const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))] ?? NaN;

const redis = await startRedis();
const client = createClient({ url: redis.url }) as RedisClientType;
await client.connect();
try {
  const rules = new RuleSetManager({ knownFeatures: knownFeatures() });
  const loaded = rules.load(readFileSync(DEFAULT_RULES_FILE, 'utf8'), DEFAULT_RULES_FILE);
  if (!loaded.ok) throw new Error('default rule set does not load');
  const models = await ModelSet.open({ root: DEFAULT_MODELS_DIR, knownFeatures });
  const engine = new DetectorEngine({
    rules, models, graph: new KnowledgeGraph(new RedisGraphStore(client)), loans: new LoanBook(new RedisLoanStateStore(client)),
    decisionConfig: loadDecisionConfig(), warningConfig: loadWarningConfig(),
  });

  log('simulating and computing point-in-time features');
  const sim = simulate({ seed: 97, days: 60, enterprises: 600 });
  const pseudonymiser = new Pseudonymiser('bench-pseudonymisation-key');
  const features = createEmbeddedFeatureStore({ allowedLatenessMs: 400 * 86_400_000 });
  const stream = [...eventsInTimeOrder(sim)].filter((e) => e.topic !== 'collection-outcomes');
  // Applications are rare in the stream; interleave them so every batch exercises graph checks and decisions.
  const apps = stream.filter((e) => e.topic === 'applications');
  const others = stream.filter((e) => e.topic !== 'applications');
  const batches: ScoringInput[][] = [];
  let a = 0;
  let o = 0;
  for (let b = 0; b < BATCHES; b++) {
    const chunk: Array<{ topic: TopicName; event: never }> = [];
    for (let i = 0; i < BATCH; i++) {
      const pick = i % 25 === 0 && apps.length > 0 ? apps[a++ % apps.length]! : others[o++ % others.length]!;
      chunk.push({ topic: pick.topic, event: pseudonymiser.pseudonymise(pick.topic, pick.event as never) as never });
    }
    const result = await features.applyBatch(chunk as unknown as FeatureInput[]);
    batches.push(chunk.map((c, i) => ({ topic: c.topic, event: c.event, features: result.vectors[i] ?? {}, listHits: result.listHits[i] ?? [] })));
  }
  log(`${BATCHES} batches of ${BATCH} (${apps.length} distinct applications reused), models: ${models.names.join(', ') || 'none'}`);

  const engineMs: number[] = [];
  const modelMs: number[] = [];
  for (const [i, batch] of batches.entries()) {
    const t0 = performance.now();
    await engine.scoreBatch(batch);
    engineMs.push(performance.now() - t0);
    const t1 = performance.now();
    const rows = batch.map((b) => b.features);
    await Promise.all(Object.values(MODEL_DIRECTORIES).map((dir) => models.runner(dir)?.score(rows)));
    modelMs.push(performance.now() - t1);
    if (i % 10 === 9) log(`${i + 1}/${batches.length} batches`);
  }
  // The first batches warm up caches and JIT; they stay in, as a live processor sees them too.
  console.log(`detectors.batch500_p99_ms: ${p99(engineMs).toFixed(1)}`);
  console.log(`detectors.batch500_p50_ms: ${[...engineMs].sort((x, y) => x - y)[Math.floor(engineMs.length / 2)]!.toFixed(1)}`);
  console.log(`detectors.model_batch500_p99_ms: ${p99(modelMs).toFixed(1)}`);
  await models.close();
  await features.close();
} finally {
  await client.quit();
  await redis.stop();
}
