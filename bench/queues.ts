/**
 * Alert-queue benchmark: `npm run bench -- queues [--rate 1000] [--seconds 10] [--batch 10]`.
 *
 * Starts its own Redis and offers alerts at a fixed rate (default 1,000/s) in small batches, as
 * the alerts-topic consumer hands them over, through the real ingestion path: routing and
 * priority (queues/route.ts) and the enqueue script (dedup by loan and signal, cooldown,
 * redelivery guard, ready and SLA sets, change-stream append) — one Lua call per alert,
 * pipelined on one connection. The alerts are early-warning alerts raised from simulator events
 * (queues/demo/simulatedAlerts.ts), re-keyed onto 5,000 loans so about a third repeat an open
 * alert (append path) and 2% are redeliveries.
 *
 * Prints:
 * - queues.route_per_s     alerts routed and enqueued per second at the offered load;
 * - queues.route_p99_ms    99th percentile from the moment an alert's batch is due to Redis's reply
 *                          for that alert (due, not sent, time: a stall delays every later alert and
 *                          counts, avoiding coordinated omission);
 * - queues.route_p50_ms, queues.route_max_per_s (the same path unpaced), queues.open_alerts.
 * Results on stdout, progress on stderr.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { connectUrl } from '../features/redisPort.ts';
import { startRedis } from '../services/redis.ts';
import type { Alert } from '../schemas/topics/outputs.ts';
import { loadRoutingConfig } from '../queues/config.ts';
import { simulatedAlerts } from '../queues/demo/simulatedAlerts.ts';
import { routeAlert, type IncomingAlert } from '../queues/route.ts';
import { RedisQueueStore } from '../queues/store.ts';

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '10' },
    batch: { type: 'string', default: '10' },
    loans: { type: 'string', default: '5000' },
  },
});
const rate = Number(args.rate);
const seconds = Number(args.seconds);
const batchSize = Number(args.batch);
const loans = Number(args.loans);
const log = (msg: string): void => void process.stderr.write(`${msg}\n`);

/** A small deterministic generator (mulberry32), so every run offers the same alerts. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

log('raising alerts from simulator events…');
const templates = simulatedAlerts({ seed: 7, days: 60, enterprises: 200 }).alerts.map((a) => a.alert);
if (templates.length === 0) throw new Error('the simulation raised no alerts to use as templates');
const random = prng(2026);

function makeAlerts(n: number, tag: string): IncomingAlert[] {
  const out: IncomingAlert[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && random() < 0.02) {
      out.push(out[Math.floor(random() * out.length)] as IncomingAlert); // redelivery
      continue;
    }
    const t = templates[Math.floor(random() * templates.length)] as Alert;
    const loan = Math.floor(random() * loans);
    const id = `${tag}-${i}`;
    const alert: Alert = {
      ...t, eventId: `alert-${id}`, alertId: `al-${id}`, sourceEventId: `src-${id}`, loanId: `bench-L${loan}`,
      exposure: 50_000 + Math.round(random() * 2_000_000), probabilityOfDefault: Math.round(random() * 1000) / 1000,
      daysPastDue: Math.floor(random() * 120), raisedAt: new Date().toISOString(),
    };
    out.push({ alert, cooldownSeconds: 3600 });
  }
  return out;
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

const redisServer = await startRedis();
const redis = await connectUrl(redisServer.url, (err) => log(`redis: ${err.message}`));
try {
  const config = loadRoutingConfig();
  const enqueue = (a: IncomingAlert) => paced.enqueue(a, routeAlert(a, config));
  const paced = new RedisQueueStore({ redis, config, prefix: 'bench' });

  // Warm-up: loads the scripts and the connection.
  for (const a of makeAlerts(500, 'warm')) await enqueue(a);

  const total = Math.round(rate * seconds);
  const alerts = makeAlerts(total, 'run');
  const latencies: number[] = new Array(total);
  // The simulation behind the templates left a large heap; collect it now rather than in the
  // middle of the measured run (--expose-gc turned on at run time, the documented V8 way).
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  log(`offering ${total} alerts at ${rate}/s in batches of ${batchSize}…`);
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const start = performance.now();
  let done = 0;
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i += batchSize) {
    const due = start + (i / rate) * 1000;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    // The batch is offered whole at its due time, as a consumer hands one over.
    for (let j = i; j < Math.min(total, i + batchSize); j++) {
      pending.push(enqueue(alerts[j] as IncomingAlert).then(() => {
        latencies[j] = performance.now() - due;
        done++;
      }));
    }
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  loopDelay.disable();
  log(`event-loop delay during the run: p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms`);
  const sorted = latencies.slice().sort((a, b) => a - b);

  // The same path unpaced: everything offered at once in batches, for the ceiling.
  const burst = makeAlerts(20_000, 'burst');
  const burstStore = new RedisQueueStore({ redis, config, prefix: 'bench-burst' });
  const b0 = performance.now();
  for (let i = 0; i < burst.length; i += 500) {
    await Promise.all(burst.slice(i, i + 500).map((a) => burstStore.enqueue(a, routeAlert(a, config))));
  }
  const maxPerS = burst.length / ((performance.now() - b0) / 1000);
  const open = (await Promise.all(Object.keys(config.teams).map((t) => redis.send(undefined, ['ZCARD', paced.keys.ready(t)])))).reduce((s: number, n) => s + Number(n), 0);

  process.stdout.write(`queues.route_per_s: ${(done / elapsed).toFixed(0)}\n`);
  process.stdout.write(`queues.route_p99_ms: ${quantile(sorted, 0.99).toFixed(2)}\n`);
  process.stdout.write(`queues.route_p50_ms: ${quantile(sorted, 0.5).toFixed(2)}\n`);
  process.stdout.write(`queues.route_max_ms: ${(sorted[sorted.length - 1] ?? 0).toFixed(2)}\n`);
  process.stdout.write(`queues.route_max_per_s: ${maxPerS.toFixed(0)}\n`);
  process.stdout.write(`queues.open_alerts: ${open}\n`);
} finally {
  await redis.close();
  await redisServer.stop();
}
