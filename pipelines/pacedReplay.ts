/**
 * Sending history to the input topics so the processor meets it as it happened: every topic in
 * one event-time order, and, paced by day, the next day sent only once the processor has handled
 * the day before.
 *
 * Why pacing: input topics and partitions are consumed independently. Sent all at once, one
 * topic runs ahead of another by as much event time as the history holds, so an application
 * is scored before the default labels dated before it reach the feature store (or after later
 * ones did). Features fed by labels (`originator.defaults_*`) then differ from what live
 * operation, and the training export, would have computed. Day by day, only events of the same
 * day can meet in another order.
 */
import type { EventProducer, OutgoingRecord } from './kafka/types.ts';

export type ReplayPace = 'day' | 'none';
export const REPLAY_PACES: readonly ReplayPace[] = ['day', 'none'];

/** A record to replay, with the event time it carries (null when it has none: sent in place). */
export interface TimedRecord extends OutgoingRecord {
  readonly eventTime: string | null;
}

export interface PacedSendOptions {
  readonly pace: ReplayPace;
  /**
   * Whether the processor has handled (durably) everything sent so far; `sent` counts this
   * replay's records. Polled between days when pacing, and once at the end.
   */
  readonly caughtUp: (sent: number) => boolean | Promise<boolean>;
  /** Give up after this long (default 30 minutes). */
  readonly timeoutMs?: number;
  /** How often `caughtUp` is asked between days (default 2 ms: cheap in process; raise it for Kafka admin calls). */
  readonly pollMs?: number;
  /** Records per producer call (default 1000). */
  readonly sendBatch?: number;
  readonly onProgress?: (sent: number, total: number) => void;
  /** Explains a time-out: what to check when the processor does not catch up. */
  readonly hint?: string;
}

export class ReplayTimeoutError extends Error {
  constructor(sent: number, total: number, timeoutMs: number, hint: string | undefined) {
    super(`replay: the processor had not handled the ${sent} records sent (of ${total}) after ${Math.round(timeoutMs / 1000)} s${hint ? `; ${hint}` : ''}`);
    this.name = 'ReplayTimeoutError';
  }
}

/** Sorts records by event time, keeping file order among equal times; records without a time go first. */
export function inEventTimeOrder<T extends { readonly eventTime: string | null }>(records: readonly T[]): T[] {
  const timeOf = (eventTime: string | null): number => {
    const ms = eventTime === null ? Number.NaN : Date.parse(eventTime);
    return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
  };
  return records
    .map((r, i) => ({ r, i, t: timeOf(r.eventTime) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((x) => x.r);
}

/** The UTC day of an event time, or null when the time does not parse. */
function dayOf(eventTime: string | null): string | null {
  if (eventTime === null) return null;
  const ms = Date.parse(eventTime);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().slice(0, 10);
}

/**
 * Sends records (already in event-time order) and returns once the processor has handled all of
 * them. With pace `day`, a day's records are sent only when everything before them is handled.
 */
export async function sendPaced(producer: EventProducer, records: readonly TimedRecord[], options: PacedSendOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 30 * 60_000;
  const deadline = Date.now() + timeoutMs;
  const sendBatch = options.sendBatch ?? 1000;
  let sent = 0;
  const waitForProcessor = async (pollMs: number): Promise<void> => {
    while (!(await options.caughtUp(sent))) {
      if (Date.now() > deadline) throw new ReplayTimeoutError(sent, records.length, timeoutMs, options.hint);
      await new Promise((r) => setTimeout(r, pollMs));
    }
  };
  let batch: OutgoingRecord[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await producer.send(batch);
    sent += batch.length;
    batch = [];
    options.onProgress?.(sent, records.length);
  };
  let day: string | null = null;
  for (const { eventTime, ...record } of records) {
    const recordDay = dayOf(eventTime);
    if (options.pace === 'day' && recordDay !== null && recordDay !== day) {
      await flush();
      await waitForProcessor(options.pollMs ?? 2);
      day = recordDay;
    }
    batch.push(record);
    if (batch.length >= sendBatch) await flush();
  }
  await flush();
  await waitForProcessor(Math.max(options.pollMs ?? 2, 100));
}
