/**
 * Collects generated events per topic with their event time, fills in the envelope and keeps
 * only what falls inside the simulated window (plus history explicitly delivered before it).
 * Output order is by event time; ties keep generation order, which is itself deterministic.
 */
import type { EventOf, TopicName } from '../schemas/topics.ts';
import { iso } from './time.ts';

type EnvelopeKey = 'eventId' | 'schemaVersion' | 'eventTime' | 'source';
/** An event without its envelope, distributed over union members (enterprise-update kinds). */
export type EventBody<T extends TopicName> = EventOf<T> extends infer E ? (E extends unknown ? Omit<E, EnvelopeKey> : never) : never;

/** The input topics the simulator writes, in file-listing order. */
export const SIM_TOPICS = ['applications', 'transactions', 'repayments', 'enterprise-updates', 'labels', 'collection-outcomes'] as const;
export type SimTopic = (typeof SIM_TOPICS)[number];

interface Pending {
  readonly ms: number;
  readonly seq: number;
  readonly event: object;
}

/** Short topic tags used in event ids. */
const ID_TAGS: Record<string, string> = {
  applications: 'app',
  transactions: 'txn',
  repayments: 'rep',
  'enterprise-updates': 'ent',
  labels: 'lbl',
  'collection-outcomes': 'col',
};

/** Source system named on events of each topic. */
const SOURCES: Record<string, string> = {
  applications: 'loan-origination',
  transactions: 'core-banking',
  repayments: 'loan-servicing',
  'enterprise-updates': 'third-party-data',
  labels: 'case-management',
  'collection-outcomes': 'collections',
};

export class Emitter {
  readonly #pending = new Map<string, Pending[]>();
  readonly #counters = new Map<string, number>();
  #seq = 0;

  constructor(
    /** Prefix of every event id, so runs with different seeds never collide on the idempotency key. */
    readonly runId: string,
    readonly startMs: number,
    readonly endMs: number,
  ) {
    for (const t of SIM_TOPICS) this.#pending.set(t, []);
  }

  /**
   * Adds an event at `ms`. Events at or after the end are dropped (they have not happened yet);
   * events before the start are dropped unless `history` (delivered at go-live with their real
   * dates). Returns the event id, or null when the event was dropped.
   */
  emit<T extends SimTopic>(topic: T, ms: number, body: EventBody<T>, options: { history?: boolean } = {}): string | null {
    if (ms >= this.endMs || (ms < this.startMs && !options.history)) return null;
    const n = (this.#counters.get(topic) ?? 0) + 1;
    this.#counters.set(topic, n);
    const eventId = `${this.runId}-${ID_TAGS[topic] ?? topic}-${n}`;
    const event = { eventId, schemaVersion: 1 as const, eventTime: iso(ms), source: SOURCES[topic] ?? 'simulator', ...body };
    this.#pending.get(topic)?.push({ ms, seq: this.#seq++, event });
    return eventId;
  }

  /** True if an event at ms would be kept. */
  inWindow(ms: number): boolean {
    return ms >= this.startMs && ms < this.endMs;
  }

  /** Events of every topic, each list sorted by event time (stable on generation order). */
  finish(): { [T in SimTopic]: Array<EventOf<T>> } {
    const out: Record<string, object[]> = {};
    for (const [topic, list] of this.#pending) {
      list.sort((a, b) => a.ms - b.ms || a.seq - b.seq);
      out[topic] = list.map((p) => p.event);
    }
    return out as { [T in SimTopic]: Array<EventOf<T>> };
  }
}
