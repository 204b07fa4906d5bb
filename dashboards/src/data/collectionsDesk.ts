/**
 * Collection teams working the pipeline's alerts in simulated time, with the queue service's own
 * code (queues/) on a throw-away redis-server: the alerts topic read by `TopicAlertSource` (its
 * own consumer group on the pipeline's in-process log), routed and enqueued by `AlertIngestor`
 * at the instant each alert was raised, the timers of `RedisQueueStore.sweepAll` (lease expiry,
 * snooze wake-up, SLA escalation) run every simulated hour, and every change carried by
 * `QueueMirror` to ClickHouse (queue_history, audit_log) and to the topics: resolutions to
 * collection-outcomes, which the pipeline stores like any input.
 *
 * What is simulated is only the people: during office hours (09:00-18:00 Beijing time, Monday
 * to Saturday) each team's agents claim the next alert by priority and resolve it with an
 * outcome drawn per team, now and then comment, snooze, or walk away from a claim (its lease
 * expires). The draws are seeded, so a load is reproducible.
 */
import type { Logger } from 'pino';
import { connectUrl, type RedisPort } from '../../../features/redisPort.ts';
import type { ClickHouseClient } from '../../../pipelines/clickhouse/types.ts';
import type { EventProducer } from '../../../pipelines/kafka/types.ts';
import { InProcessConsumer, type InProcessLog } from '../../../pipelines/log/index.ts';
import { TopicAlertSource } from '../../../queues/alertSource.ts';
import { loadRoutingConfig, type RoutingConfig } from '../../../queues/config.ts';
import { AlertIngestor } from '../../../queues/ingest.ts';
import { QueueMirror } from '../../../queues/mirror.ts';
import { buildOutcome, type Resolution } from '../../../queues/outcome.ts';
import type { IncomingAlert } from '../../../queues/route.ts';
import { RedisQueueStore } from '../../../queues/store.ts';
import type { Actor } from '../../../queues/types.ts';
import { TOPICS } from '../../../schemas/topics.ts';
import { startRedis, type LocalRedis } from '../../../services/redis.ts';
import { Rng } from '../../../simulator/rng.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** Consumer group of the desk's alert source (the queue service's default). */
const GROUP = 'fengkong-queues';
/** Office hours in UTC: 09:00-18:00 in Beijing (UTC+8). */
const OFFICE_HOURS_UTC = { from: 1, to: 10 } as const;
const AGENTS_PER_TEAM = 2;
/** Alerts one agent works in an office hour. */
const ALERTS_PER_AGENT_HOUR = 2;

type OutcomeKind = Resolution['outcome'];
const COLLECTION_MIX: ReadonlyArray<readonly [OutcomeKind, number]> = [['promise_to_pay', 40], ['paid', 20], ['unreachable', 25], ['dispute', 5], ['false_alarm', 10]];
const OUTCOME_MIX: Readonly<Record<string, ReadonlyArray<readonly [OutcomeKind, number]>>> = {
  fraud_investigation: [['fraud_confirmed', 35], ['false_alarm', 65]],
  manual_review: [['false_alarm', 70], ['fraud_confirmed', 10], ['dispute', 20]],
};
/** A credit officer's verdicts on credit_review alerts (manual and careful review tiers). */
const CREDIT_REVIEW_MIX: ReadonlyArray<readonly [OutcomeKind, number]> = [['credit_approved', 60], ['credit_declined', 32], ['fraud_confirmed', 8]];

export interface DeskOptions {
  readonly log: InProcessLog;
  /** Producer on the pipeline's log: queue events and outcomes go there. */
  readonly producer: EventProducer;
  readonly clickhouse: ClickHouseClient;
  readonly seed: number;
  /** Start of the simulated period: the desk's clock starts there. */
  readonly fromMs: number;
  /**
   * The desk's last shift ends here (default: never). A period that ends while alerts wait for
   * the next shift leaves a queue with open, ageing work, as a live desk always has; a desk that
   * cleared everything would leave the queue panels with nothing to show.
   */
  readonly lastShiftEndsMs?: number;
  readonly routing?: RoutingConfig;
  readonly logger?: Logger;
}

export class CollectionsDesk {
  /** Queue actions taken, outcomes recorded, alerts ingested by result. */
  readonly counts: Record<string, number> = {};
  readonly #o: DeskOptions;
  readonly #store: RedisQueueStore;
  readonly #ingestor: AlertIngestor;
  readonly #mirror: QueueMirror;
  readonly #closers: Array<() => Promise<void>>;
  readonly #rng: Rng;
  /** The simulated clock the store reads. */
  readonly #time: { now: number };
  #pending: IncomingAlert[] = [];
  #hour: number;
  #outcomes = 0;

  private constructor(o: DeskOptions, parts: { store: RedisQueueStore; mirror: QueueMirror; closers: Array<() => Promise<void>>; time: { now: number } }) {
    this.#o = o;
    this.#store = parts.store;
    this.#ingestor = new AlertIngestor(parts.store, o.logger ? { logger: o.logger } : {});
    this.#mirror = parts.mirror;
    this.#closers = parts.closers;
    this.#rng = Rng.from(o.seed, 'collections-desk');
    this.#time = parts.time;
    this.#hour = Math.floor(o.fromMs / HOUR) * HOUR;
  }

  /** Starts redis-server, the store, the mirror and the alert source. */
  static async start(o: DeskOptions): Promise<CollectionsDesk> {
    const closers: Array<() => Promise<void>> = [];
    const close = async () => {
      for (const c of closers.splice(0).reverse()) await c().catch((err: unknown) => o.logger?.warn({ err }, 'closing part of the collections desk failed'));
    };
    try {
      const redis: LocalRedis = await startRedis();
      closers.push(() => redis.stop());
      const ports: RedisPort[] = [];
      for (let i = 0; i < 2; i++) {
        const port = await connectUrl(redis.url, (err) => o.logger?.warn({ err }, 'redis connection error'));
        ports.push(port);
        closers.push(() => port.close());
      }
      const [commands, mirrorRedis] = ports as [RedisPort, RedisPort];
      const time = { now: o.fromMs };
      const store = new RedisQueueStore({ redis: commands, config: o.routing ?? loadRoutingConfig(), clock: () => time.now });
      // Started by finish(): the change stream holds every change until then, and one pass
      // writes them in a few large inserts (chdb pays per INSERT) with the same rows.
      const mirror = new QueueMirror({ redis: mirrorRedis, keys: store.keys, clickhouse: o.clickhouse, producer: o.producer, consumer: 'desk-mirror', batchSize: 5000, blockMs: 50, ...(o.logger ? { logger: o.logger } : {}) });
      const source = new TopicAlertSource(new InProcessConsumer(o.log, { groupId: GROUP, maxWaitMs: 20, ...(o.logger ? { logger: o.logger } : {}) }), o.logger ? { logger: o.logger } : {});
      const desk = new CollectionsDesk(o, { store, mirror, closers, time });
      await source.start(async (batch) => {
        desk.#pending.push(...batch);
      });
      closers.push(() => source.stop());
      return desk;
    } catch (error) {
      await close();
      throw error;
    }
  }

  #count(key: string, n = 1): void {
    this.counts[key] = (this.counts[key] ?? 0) + n;
  }

  /** Resolves once the alert source has read every alert on the topic so far. */
  async #caughtUp(): Promise<void> {
    const topic = TOPICS.alerts.name;
    const log = this.#o.log;
    const behind = (): boolean =>
      Array.from({ length: log.partitionCount(topic) }, (_, p) => log.committed(GROUP, topic, p) < log.offsets(topic, p).end).some(Boolean);
    const deadline = Date.now() + 60_000;
    while (behind()) {
      if (Date.now() > deadline) throw new Error('the collections desk did not read the alerts topic within a minute');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /**
   * Works every simulated hour up to `untilMs`: alerts raised in the hour are enqueued at their
   * time, the timers run, agents work in office hours.
   */
  async workUntil(untilMs: number): Promise<void> {
    await this.#caughtUp();
    this.#pending.sort((a, b) => Date.parse(a.alert.raisedAt) - Date.parse(b.alert.raisedAt));
    for (; this.#hour < untilMs; this.#hour += HOUR) {
      const end = this.#hour + HOUR;
      while (this.#pending.length > 0 && Date.parse((this.#pending[0] as IncomingAlert).alert.raisedAt) < end) {
        const incoming = this.#pending.shift() as IncomingAlert;
        this.#time.now = Math.max(this.#time.now, Date.parse(incoming.alert.raisedAt));
        const [result] = await this.#ingestor.ingest([incoming]);
        if (result) this.#count(`queue.${result.result}`);
      }
      this.#time.now = Math.max(this.#time.now, this.#hour);
      const swept = await this.#store.sweepAll();
      this.#count('queue.lease_expired', swept.leasesExpired);
      this.#count('queue.woken', swept.woken);
      this.#count('queue.escalated', swept.escalated);
      if (this.#officeHour(this.#hour) && this.#hour < (this.#o.lastShiftEndsMs ?? Infinity)) await this.#work(this.#hour);
    }
  }

  /**
   * Enqueues what is left (alerts raised after the last hour worked), runs the mirror over the
   * change stream until it is drained and returns how many outcome records it sent to the
   * pipeline's collection-outcomes topic.
   */
  async finish(): Promise<number> {
    await this.#caughtUp();
    for (const incoming of this.#pending.splice(0)) {
      this.#time.now = Math.max(this.#time.now, Date.parse(incoming.alert.raisedAt));
      const [result] = await this.#ingestor.ingest([incoming]);
      if (result) this.#count(`queue.${result.result}`);
    }
    await this.#mirror.start();
    try {
      await this.#mirror.drained();
    } finally {
      await this.#mirror.stop();
    }
    return this.#outcomes;
  }

  #officeHour(ms: number): boolean {
    const d = new Date(ms);
    return d.getUTCDay() !== 0 && d.getUTCHours() >= OFFICE_HOURS_UTC.from && d.getUTCHours() < OFFICE_HOURS_UTC.to;
  }

  /** One office hour of every team's agents. */
  async #work(hourMs: number): Promise<void> {
    for (const team of Object.keys(this.#store.config.teams)) {
      for (let a = 1; a <= AGENTS_PER_TEAM; a++) {
        const agent: Actor = { id: `agent-${team}-${a}`, role: 'agent', requestId: `desk-${hourMs}-${team}-${a}` };
        for (let k = 0; k < ALERTS_PER_AGENT_HOUR; k++) {
          const r = this.#rng.derive(hourMs, team, a, k);
          const startMs = hourMs + (k * 60) / ALERTS_PER_AGENT_HOUR * MINUTE + r.int(0, 5) * MINUTE;
          this.#time.now = Math.max(this.#time.now, startMs);
          const claim = await this.#store.claim(team, null, agent);
          if (!claim) break;
          this.#count('queue.claimed');
          if (r.chance(0.05)) continue; // walked away: the lease runs out and the sweeper returns it
          this.#time.now += r.int(3, 12) * MINUTE;
          if (r.chance(0.15)) {
            await this.#store.comment(claim.alertId, agent, r.pick(['客户称下周回款', 'Left a voicemail; will call again', '已发送还款提醒短信']));
            this.#count('queue.commented');
          }
          if (r.chance(0.08)) {
            await this.#store.snooze(claim.alertId, team, agent, this.#time.now + 24 * HOUR, { reason: 'customer asked to be called tomorrow' });
            this.#count('queue.snoozed');
            continue;
          }
          const alert = await this.#store.get(claim.alertId);
          if (!alert) continue;
          const outcome = r.weighted(alert.signal === 'credit_review' ? CREDIT_REVIEW_MIX : (OUTCOME_MIX[team] ?? COLLECTION_MIX));
          const amount = Math.round(Math.max(5_000, Math.min(500_000, (alert.exposure ?? 100_000) * r.range(0.02, 0.1))));
          const resolution: Resolution = {
            outcome,
            ...(outcome === 'promise_to_pay' ? { promiseDate: new Date(this.#time.now + r.int(3, 14) * 24 * HOUR).toISOString().slice(0, 10), promiseAmount: amount } : {}),
            ...(outcome === 'paid' ? { paidAmount: amount } : {}),
            ...(outcome === 'unreachable' ? { note: '电话无人接听' } : {}),
          };
          await this.#store.resolve(claim.alertId, team, agent, buildOutcome(alert, agent.id, resolution, this.#time.now));
          this.#count(`outcome.${outcome}`);
          this.#outcomes++;
        }
      }
    }
  }

  async close(): Promise<void> {
    for (const c of this.#closers.splice(0).reverse()) await c().catch((err: unknown) => this.#o.logger?.warn({ err }, 'closing part of the collections desk failed'));
  }
}
