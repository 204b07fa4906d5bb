/**
 * Public types of the feature layer: the declarative registry entries, the store interface the
 * scoring pipeline and the training export share, and list entries.
 */
import type { EventOf, TopicName } from '../schemas/topics.ts';
import type { TimeUnit } from './duration.ts';
import type { EntityType, ListColor, ListKind } from './entities.ts';

export type { EntityType, ListColor, ListKind } from './entities.ts';

/**
 * How a feature aggregates its source events.
 * - `count`, `sum`, `min`, `max`: over a window (or `all` time) of the matching events' values.
 * - `distinct`: number of distinct values (HyperLogLog in Redis, ~0.81% standard error; exact embedded).
 * - `last`: value of the matching event with the latest event time.
 * - `time_since_last`: time from the previous matching event (before this one) to this event.
 * - `time_until`: a timestamp value (e.g. a due date) of the latest matching event, minus this event's time.
 * - `trend_ratio`: sum over `window` ÷ the per-`window` average of the `baseline` period before it.
 * - `cures`: times the value fell from positive to zero (e.g. days past due cured), all time.
 * - `ratio` / `difference`: of two other features (`of`), computed from the same vector.
 */
export type Aggregate =
  | 'count' | 'sum' | 'min' | 'max' | 'distinct' | 'last' | 'time_since_last' | 'time_until'
  | 'trend_ratio' | 'cures' | 'ratio' | 'difference';

/** Where a feature's events come from: topic(s), an optional filter, a value expression (see expr.ts). */
export interface FeatureSource {
  readonly topic: TopicName | readonly TopicName[];
  /** Filter expression; the event counts only when it is true. */
  readonly where?: string;
  /** Value expression; `count` ignores it; an event whose value is missing is skipped. */
  readonly value?: string;
}

/** One registry entry: one feature. */
export interface FeatureDef {
  /** `<entity>.<name>`, e.g. `enterprise.inflow_sum_7d`. */
  readonly name: string;
  readonly entity: EntityType;
  readonly aggregate: Aggregate;
  /** Window id from the registry's windows, or `all`. Required by windowed aggregates. */
  readonly window?: string;
  /** `trend_ratio` only: the longer window whose part before `window` is the baseline. */
  readonly baseline?: string;
  readonly source?: FeatureSource;
  /** `ratio` / `difference` only: [numerator or minuend, denominator or subtrahend] feature names. */
  readonly of?: readonly [string, string];
  /** Unit of time-valued features; default hours. */
  readonly unit?: TimeUnit;
  readonly description: string;
}

/** A window: its span and the bucket granularity it slides by (both durations like `24h`, `1h`). */
export interface WindowDef {
  readonly span: string;
  readonly bucket: string;
}

/** The whole registry: windows by id, and the features in order (the order model manifests use). */
export interface FeatureRegistry {
  readonly windows: Readonly<Record<string, WindowDef>>;
  readonly features: readonly FeatureDef[];
}

/** One event to apply, in processing order. */
export type FeatureInput = { [T in TopicName]: { readonly topic: T; readonly event: EventOf<T> } }[TopicName];

/** Flat feature name → value. Features of entity types the event does not touch are absent (read them as null). */
export type FeatureVector = Record<string, number | null>;

/**
 * What happened to an event: `applied`; `duplicate` (its id was seen before: nothing changed and
 * the vector is the one first computed, where still stored); `late` (older than the allowed
 * lateness for at least one of its entities: not applied there, counted and reported).
 */
export type EventOutcome = 'applied' | 'duplicate' | 'late';

/** An entry of a black, grey or white list. */
export interface ListEntry {
  readonly kind: ListKind;
  /** The identifier as it appears in events (pseudonym token for persons, phones and accounts). */
  readonly value: string;
  readonly list: ListColor;
  readonly reason: string;
  /** Who put it there (team, system, regulator feed). */
  readonly source: string;
  /** ISO instant after which the entry no longer applies; null = until removed. */
  readonly expiresAt: string | null;
  /** ISO instant it was added. */
  readonly addedAt: string;
}

/** A new list entry; `addedAt` defaults to now. */
export type ListEntryInput = Omit<ListEntry, 'addedAt' | 'expiresAt'> & { readonly expiresAt?: string | null; readonly addedAt?: string };

/** An identifier to look up. */
export interface ListRef {
  readonly kind: ListKind;
  readonly value: string;
}

/** A list entry that matched an identifier of an event; `field` says where in the event. */
export interface ListHit extends ListEntry {
  readonly field: string;
}

export interface FeatureBatchResult {
  /** One per input, point-in-time: the values as of that event, including it. */
  readonly vectors: FeatureVector[];
  /** One per input. */
  readonly outcomes: EventOutcome[];
  /** Events late for at least one of their entities. */
  readonly late: number;
  /** Events whose id was already applied (redelivery, replay, or twice in the batch). */
  readonly duplicates: number;
  /** One per input: the active list entries its identifiers hit. */
  readonly listHits: ListHit[][];
}

/** Counts of what an entity keeps, for tests and operations. */
export interface EntityStats {
  readonly watermark: number | null;
  /** Window buckets held, over all granularities (a bucket is counted once however many series use it). */
  readonly buckets: number;
  /** Event ids remembered for idempotence. */
  readonly dedupEntries: number;
}

/** The feature store: the same interface online (Redis) and embedded (in-process). */
export interface FeatureStore {
  /** Applies a consumer batch in order and returns each event's point-in-time vector, in one round trip. */
  applyBatch(events: readonly FeatureInput[]): Promise<FeatureBatchResult>;
  /** Active list entries for each identifier (aligned with `refs`). */
  lookupLists(refs: readonly ListRef[]): Promise<ListEntry[][]>;
  /** Adds or replaces the entry of an identifier on one list. */
  putListEntry(entry: ListEntryInput): Promise<ListEntry>;
  /** Removes an identifier from one list; true if it was there. */
  removeListEntry(kind: ListKind, value: string, list: ListColor): Promise<boolean>;
  /** What one entity holds (null when it holds nothing). */
  entityStats(entity: EntityType, id: string): Promise<EntityStats | null>;
  /** Feature names in registry order. */
  readonly featureNames: readonly string[];
  close(): Promise<void>;
}
