/**
 * The alert queues in Redis. Every mutation is one Lua script (queues/lua/) that changes the
 * alert and its team's sorted sets and appends the change to the change stream in the same
 * atomic step — the stream is a transactional outbox: whatever is in Redis is in the stream,
 * and the mirror (mirror.ts) carries it to ClickHouse and Kafka. Reads are plain pipelined
 * commands. The clock is injected (scripts get `now` as an argument) so tests control time.
 */
import type { RedisPort } from '../features/redisPort.ts';
import { changeFields } from './changeEntry.ts';
import type { CollectionOutcome } from '../schemas/topics/collectionOutcome.ts';
import type { Alert } from '../schemas/topics/outputs.ts';
import type { RoutingConfig } from './config.ts';
import { AlertNotFoundError, QueueConflictError, type ConflictReason } from './errors.ts';
import { alertFromHash } from './hash.ts';
import { QueueKeys } from './keys.ts';
import { QUEUE_SCRIPTS } from './luaScripts.ts';
import type { IncomingAlert, RoutedAlert } from './route.ts';
import { SYSTEM_ACTOR, type Actor, type AlertDetail, type Comment, type Evidence, type QueueAlert, type QueueState } from './types.ts';

export interface QueueStoreOptions {
  readonly redis: RedisPort;
  readonly config: RoutingConfig;
  /** Key prefix (default `fk`): a deployment or a test gets its own namespace. */
  readonly prefix?: string;
  readonly clock?: () => number;
  /**
   * Approximate length the change stream is trimmed to (default 200,000 changes, ~80 MB). XADD
   * trimming ignores consumer groups: a mirror stopped for longer than this many changes loses the
   * oldest (at ten changes a second, five and a half hours).
   */
  readonly streamMaxLen?: number;
  /** How long an ingested alert id is remembered to drop redeliveries (default 24 h). */
  readonly redeliveryHorizonMs?: number;
  /** Comments kept per alert (default 200). */
  readonly maxComments?: number;
  /** Resolved alerts listed per team (default 1,000). */
  readonly resolvedKept?: number;
  /** Alerts handled per sweep step and call (default 500). */
  readonly sweepLimit?: number;
}

export type EnqueueResult =
  | { readonly result: 'created' | 'duplicate'; readonly alertId: string; readonly team: string }
  | { readonly result: 'appended'; readonly alertId: string; readonly team: string; readonly from?: string }
  | { readonly result: 'suppressed'; readonly alertId: string; readonly team: string };

export interface ClaimResult {
  readonly alertId: string;
  readonly leaseId: number;
  readonly leaseUntil: number;
  readonly renewed: boolean;
}

export interface SweepResult {
  readonly leasesExpired: number;
  readonly woken: number;
  readonly escalated: number;
}

export interface ReassignTarget {
  readonly toTeam: string;
  /** Agent to assign; absent puts the alert back in the queue. */
  readonly toAgent?: string;
  readonly reason: string;
}

interface ScriptReply {
  readonly result: string;
  readonly alertId?: string;
  readonly reason?: ConflictReason;
  readonly assignee?: string;
  readonly team?: string;
  readonly [k: string]: unknown;
}

const CONFLICT_TEXT: Record<ConflictReason, string> = {
  claimed: 'is claimed by another agent',
  not_holder: 'is not held by you',
  lease_expired: 'has a lease that ran out; claim it again',
  resolved: 'is already resolved',
  snoozed: 'is snoozed',
  open: 'is not claimed; claim it first',
  moved: 'has moved to another team',
  empty: 'queue is empty',
};

export class RedisQueueStore {
  readonly keys: QueueKeys;
  readonly config: RoutingConfig;
  readonly #redis: RedisPort;
  readonly #clock: () => number;
  readonly #maxLen: number;
  readonly #horizon: number;
  readonly #maxComments: number;
  readonly #resolvedKept: number;
  readonly #sweepLimit: number;

  constructor(options: QueueStoreOptions) {
    this.#redis = options.redis;
    this.config = options.config;
    this.keys = new QueueKeys(options.prefix);
    this.#clock = options.clock ?? Date.now;
    this.#maxLen = options.streamMaxLen ?? 200_000;
    this.#horizon = options.redeliveryHorizonMs ?? 24 * 3600_000;
    this.#maxComments = options.maxComments ?? 200;
    this.#resolvedKept = options.resolvedKept ?? 1000;
    this.#sweepLimit = options.sweepLimit ?? 500;
  }

  now(): number {
    return this.#clock();
  }

  async #run(script: keyof typeof QUEUE_SCRIPTS, keys: readonly string[], args: readonly (string | number)[]): Promise<ScriptReply> {
    const raw = await QUEUE_SCRIPTS[script].run(this.#redis, keys, args);
    return JSON.parse(String(raw)) as ScriptReply;
  }

  /** Throws the error a script's not_found / conflict reply stands for. */
  #check(reply: ScriptReply, alertId: string): void {
    if (reply.result === 'not_found') throw new AlertNotFoundError(alertId);
    if (reply.result === 'conflict') {
      const reason = reply.reason ?? 'claimed';
      const details: Record<string, string> = {};
      if (reply.assignee) details.assignee = reply.assignee;
      if (reply.team) details.team = reply.team;
      throw new QueueConflictError(alertId, reason, `alert ${alertId} ${CONFLICT_TEXT[reason]}`, details);
    }
  }

  /** Adds a routed alert (or merges it into the open alert of its loan and signal). */
  async enqueue(incoming: IncomingAlert, routed: RoutedAlert, actor: Actor = SYSTEM_ACTOR): Promise<EnqueueResult> {
    const a = incoming.alert;
    const s = (v: number | string | undefined): string => (v === undefined ? '' : String(v));
    const facts = [a.signal, a.severity, s(a.loanId), s(a.applicationId), s(a.enterpriseId), s(a.probabilityOfDefault), s(a.exposure), s(a.daysPastDue), a.raisedAt];
    const k = this.keys;
    const raw = await QUEUE_SCRIPTS.enqueue.run(this.#redis, [k.changes(), k.ready(routed.team), k.sla(routed.team)], [
      k.base, this.now(), this.#maxLen, a.alertId, routed.team, routed.openKey, routed.dedupKey, routed.cooldownSeconds * 1000,
      this.#horizon, routed.priority, routed.expectedLoss, routed.slaSeconds * 1000, JSON.stringify(a),
      JSON.stringify(a.why), this.config.maxEvidence, actor === SYSTEM_ACTOR ? SYSTEM_ACTOR_JSON : JSON.stringify(actor), ...facts,
    ]);
    const [result, alertId, team, from] = (raw as string[]).map(String) as [EnqueueResult['result'], string, string, string];
    if (result === 'appended' && from) return { result, alertId, team, from };
    return { result, alertId, team } as EnqueueResult;
  }

  /** Claims the given alert, or the team's next by priority (alertId null); null when the queue is empty. */
  async claim(team: string, alertId: string | null, agent: Actor, leaseMs = this.config.lease.seconds * 1000): Promise<ClaimResult | null> {
    const k = this.keys;
    const reply = await this.#run('claim', [k.changes(), k.ready(team), k.leases(team)], [
      k.base, this.now(), this.#maxLen, alertId ?? '', team, agent.id, leaseMs, JSON.stringify(agent),
    ]);
    if (reply.result === 'empty') return null;
    this.#check(reply, alertId ?? '');
    return { alertId: String(reply.alertId), leaseId: Number(reply.leaseId), leaseUntil: Number(reply.leaseUntil), renewed: reply.renewed === true };
  }

  /** Gives a claimed alert back to the queue (holder only). */
  async release(alertId: string, team: string, agent: Actor): Promise<void> {
    const k = this.keys;
    const reply = await this.#run('release', [k.changes(), k.ready(team), k.leases(team)], [k.base, this.now(), this.#maxLen, alertId, team, agent.id, JSON.stringify(agent)]);
    this.#check(reply, alertId);
  }

  /** Resolves a claimed alert with its outcome event (holder with a live lease only). */
  async resolve(alertId: string, team: string, agent: Actor, outcome: CollectionOutcome): Promise<number> {
    const k = this.keys;
    const retentionMs = Math.round(this.config.resolvedRetentionDays * 86_400_000);
    const reply = await this.#run('resolve', [k.changes(), k.leases(team), k.sla(team), k.resolved(team)], [
      k.base, this.now(), this.#maxLen, alertId, team, agent.id, JSON.stringify(outcome), retentionMs, this.#resolvedKept, JSON.stringify(agent),
    ]);
    this.#check(reply, alertId);
    return Number(reply.resolvedAt);
  }

  /** Snoozes until `untilMs`; `force` lets a supervisor snooze without holding the lease. */
  async snooze(alertId: string, team: string, actor: Actor, untilMs: number, options: { force?: boolean; reason?: string } = {}): Promise<void> {
    const k = this.keys;
    const reply = await this.#run('snooze', [k.changes(), k.ready(team), k.leases(team), k.snoozed(team)], [
      k.base, this.now(), this.#maxLen, alertId, team, actor.id, untilMs, options.force ? '1' : '0', options.reason ?? '', JSON.stringify(actor),
    ]);
    this.#check(reply, alertId);
  }

  /** Moves an alert to another team and/or assigns it to an agent. */
  async reassign(alertId: string, fromTeam: string, target: ReassignTarget, actor: Actor): Promise<void> {
    const k = this.keys;
    const to = this.config.teams[target.toTeam];
    if (!to) throw new RangeError(`unknown team ${target.toTeam}`);
    const reply = await this.#run(
      'reassign',
      [k.changes(), k.ready(fromTeam), k.leases(fromTeam), k.snoozed(fromTeam), k.sla(fromTeam), k.ready(target.toTeam), k.leases(target.toTeam), k.sla(target.toTeam)],
      [k.base, this.now(), this.#maxLen, alertId, fromTeam, target.toTeam, target.toAgent ?? '', this.config.lease.assignedSeconds * 1000, Math.round(to.slaMinutes * 60_000), target.reason, JSON.stringify(actor)],
    );
    this.#check(reply, alertId);
  }

  /** Adds a comment (the text should already be redacted of personal data). */
  async comment(alertId: string, actor: Actor, text: string): Promise<void> {
    const k = this.keys;
    const comment: Comment = { at: this.now(), authorId: actor.id, authorRole: actor.role, text };
    const reply = await this.#run('comment', [k.changes()], [k.base, this.now(), this.#maxLen, alertId, JSON.stringify(comment), this.#maxComments, JSON.stringify(actor)]);
    this.#check(reply, alertId);
  }

  /** Runs one team's timers (lease expiry, snooze wake-up, SLA escalation) until nothing is due. */
  async sweep(team: string): Promise<SweepResult> {
    const t = this.config.teams[team];
    if (!t) throw new RangeError(`unknown team ${team}`);
    const k = this.keys;
    const total = { leasesExpired: 0, woken: 0, escalated: 0 };
    for (;;) {
      const reply = await this.#run('sweep', [k.changes(), k.ready(team), k.leases(team), k.snoozed(team), k.sla(team)], [
        k.base, this.now(), this.#maxLen, team, t.escalation.priorityBoost, t.escalation.toTeam ?? '', this.#sweepLimit, JSON.stringify(SYSTEM_ACTOR),
      ]);
      total.leasesExpired += Number(reply.leasesExpired);
      total.woken += Number(reply.woken);
      total.escalated += Number(reply.escalated);
      if (reply.more !== true) return total;
    }
  }

  /** Sweeps every team. */
  async sweepAll(): Promise<SweepResult> {
    const total = { leasesExpired: 0, woken: 0, escalated: 0 };
    for (const team of Object.keys(this.config.teams)) {
      const r = await this.sweep(team);
      total.leasesExpired += r.leasesExpired;
      total.woken += r.woken;
      total.escalated += r.escalated;
    }
    return total;
  }

  /** Alerts per team and state (open, claimed, snoozed), for the depth gauge. */
  async depths(): Promise<Array<{ team: string; state: QueueState; count: number }>> {
    const k = this.keys;
    const teams = Object.keys(this.config.teams);
    const sets: Array<[QueueState, (team: string) => string]> = [['open', (t) => k.ready(t)], ['claimed', (t) => k.leases(t)], ['snoozed', (t) => k.snoozed(t)]];
    const rows = teams.flatMap((team) => sets.map(([state, key]) => ({ team, state, key: key(team) })));
    const counts = await Promise.all(rows.map((r) => this.#redis.send(r.key, ['ZCARD', r.key])));
    return rows.map((r, i) => ({ team: r.team, state: r.state, count: Number(counts[i]) }));
  }

  /** Records an action that was refused (for the audit log); no queue state changes. */
  async recordDenied(actor: Actor, details: { action: string; team?: string; alertId?: string; reason: string; status: number }): Promise<void> {
    const fields = changeFields({ action: 'denied', at: this.now(), actor, alertId: details.alertId ?? '', team: details.team ?? '', details: { attempted: details.action, reason: details.reason, status: details.status } });
    await this.#redis.send(this.keys.changes(), ['XADD', this.keys.changes(), 'MAXLEN', '~', String(this.#maxLen), '*', ...fields]);
  }

  async #hashes(ids: readonly string[]): Promise<QueueAlert[]> {
    const replies = await Promise.all(ids.map((id) => this.#redis.send(this.keys.alert(id), ['HGETALL', this.keys.alert(id)])));
    const out: QueueAlert[] = [];
    for (const r of replies) {
      const a = alertFromHash(flatToRecord(r));
      if (a) out.push(a);
    }
    return out;
  }

  /** One alert, or null. */
  async get(alertId: string): Promise<QueueAlert | null> {
    const [a] = await this.#hashes([alertId]);
    return a ?? null;
  }

  /** One alert with its evidence and comments, or null. */
  async detail(alertId: string): Promise<AlertDetail | null> {
    const k = this.keys;
    const [alert, evidence, comments] = await Promise.all([
      this.get(alertId),
      this.#redis.send(k.evidence(alertId), ['LRANGE', k.evidence(alertId), '0', '-1']),
      this.#redis.send(k.comments(alertId), ['LRANGE', k.comments(alertId), '0', '-1']),
    ]);
    if (!alert) return null;
    const parse = <T>(list: unknown): T[] => (Array.isArray(list) ? list.map((s) => JSON.parse(String(s)) as T) : []);
    return { ...alert, evidence: parse<Alert>(evidence).map(evidenceOf), comments: parse<Comment>(comments) };
  }

  /**
   * A team's alerts in the given states: open ones by priority (at most `limit`), then claimed
   * and snoozed ones, then the most recently resolved (at most `limit`).
   */
  async list(team: string, options: { states?: readonly QueueState[]; limit?: number } = {}): Promise<QueueAlert[]> {
    const states = new Set(options.states ?? ['open', 'claimed', 'snoozed']);
    const limit = options.limit ?? 200;
    const k = this.keys;
    const ids = await Promise.all([
      states.has('open') ? this.#redis.send(k.ready(team), ['ZREVRANGE', k.ready(team), '0', String(limit - 1)]) : [],
      states.has('claimed') ? this.#redis.send(k.leases(team), ['ZRANGE', k.leases(team), '0', '-1']) : [],
      states.has('snoozed') ? this.#redis.send(k.snoozed(team), ['ZRANGE', k.snoozed(team), '0', '-1']) : [],
      states.has('resolved') ? this.#redis.send(k.resolved(team), ['ZREVRANGE', k.resolved(team), '0', String(limit - 1)]) : [],
    ]);
    const all = (await this.#hashes(ids.flat() as string[])).filter((a) => a.team === team && states.has(a.state));
    const seen = new Set<string>();
    return all.filter((a) => (seen.has(a.alertId) ? false : (seen.add(a.alertId), true)));
  }
}

/** Evidence entries are the alerts as raised; the detail shows these fields of each. */
function evidenceOf(a: Alert): Evidence {
  return {
    alertId: a.alertId, signal: a.signal, severity: a.severity, sourceEventId: a.sourceEventId, raisedAt: a.raisedAt, why: a.why,
    ...(a.daysPastDue !== undefined ? { daysPastDue: a.daysPastDue } : {}),
    ...(a.probabilityOfDefault !== undefined ? { probabilityOfDefault: a.probabilityOfDefault } : {}),
    ...(a.exposure !== undefined ? { exposure: a.exposure } : {}),
  };
}

/** The system actor, serialised once: it goes with every ingested alert. */
const SYSTEM_ACTOR_JSON = JSON.stringify(SYSTEM_ACTOR);

/** HGETALL reply (flat array in RESP2, or an object) as a record. */
function flatToRecord(reply: unknown): Record<string, string> {
  if (Array.isArray(reply)) {
    const out: Record<string, string> = {};
    for (let i = 0; i + 1 < reply.length; i += 2) out[String(reply[i])] = String(reply[i + 1]);
    return out;
  }
  if (reply && typeof reply === 'object') return reply as Record<string, string>;
  return {};
}
