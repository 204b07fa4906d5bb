/**
 * Every Redis key of the alert queues, from one place.
 *
 * All queue keys share one hash tag, `{q}`: claim, resolve, reassign and escalation move an
 * alert between a team's ready, lease, snooze and SLA sets, and between teams, in one atomic Lua
 * call; Redis Cluster only runs a script whose keys live in one slot. Open alerts number in the
 * thousands, far below what one slot serves, so spreading them would buy nothing and cost the
 * atomicity (the trade BullMQ makes with one `{queue}` tag per queue). The Lua scripts build
 * per-alert keys from the base they are given (lua/includes/keys.lua mirrors the shapes below),
 * which is Cluster-safe because every such key carries the same tag.
 */

export class QueueKeys {
  /** `<prefix>:{q}`: the part every key starts with (passed to Lua as ARGV[1]). */
  readonly base: string;

  constructor(readonly prefix = 'fk') {
    this.base = `${prefix}:{q}`;
  }

  /** Sorted set: open alerts of a team, score = priority (highest first). */
  ready(team: string): string {
    return `${this.base}:ready:${team}`;
  }

  /** Sorted set: claimed alerts of a team, score = lease expiry (epoch ms). */
  leases(team: string): string {
    return `${this.base}:leases:${team}`;
  }

  /** Sorted set: snoozed alerts of a team, score = wake time (epoch ms). */
  snoozed(team: string): string {
    return `${this.base}:snoozed:${team}`;
  }

  /** Sorted set: unresolved, not yet escalated alerts of a team, score = SLA deadline (epoch ms). */
  sla(team: string): string {
    return `${this.base}:sla:${team}`;
  }

  /** Sorted set: recently resolved alerts of a team, score = resolution time (epoch ms). */
  resolved(team: string): string {
    return `${this.base}:resolved:${team}`;
  }

  /** Hash: one queue alert's state and facts. */
  alert(alertId: string): string {
    return `${this.base}:a:${alertId}`;
  }

  /** List: evidence (each alert merged into this one), oldest first. */
  evidence(alertId: string): string {
    return `${this.base}:e:${alertId}`;
  }

  /** List: comments, oldest first. */
  comments(alertId: string): string {
    return `${this.base}:c:${alertId}`;
  }

  /** String: id of the open alert of `<subject>|<signal>`. */
  open(openKey: string): string {
    return `${this.base}:open:${openKey}`;
  }

  /** String with a TTL: a dedup key inside its cooldown. */
  cooldown(dedupKey: string): string {
    return `${this.base}:cool:${dedupKey}`;
  }

  /** String with a TTL: an incoming alert id already ingested (redelivery guard). */
  seen(alertId: string): string {
    return `${this.base}:seen:${alertId}`;
  }

  /** Stream: every change, in order (SSE feed, ClickHouse and Kafka mirror). */
  changes(): string {
    return `${this.base}:changes`;
  }

  /** Pattern matching every queue key (tests and maintenance, never on a hot path). */
  everything(): string {
    return `${this.prefix}:{q}:*`;
  }
}
