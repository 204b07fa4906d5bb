/**
 * The decision notifier: its own consumer group on `decisions` and `collection-outcomes`.
 * Every final decision (automatic approval or rejection, or a decision record made final after a
 * review) and every review that confirmed fraud on a pending application becomes one record on
 * `decision-notifications` for the bank's messaging systems; offsets are committed only after the
 * records are acknowledged. Notification ids derive from the application id, so a redelivered
 * decision overwrites rather than duplicates downstream.
 */
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import { notificationOfDecision, notificationOfFraudReview, notificationOfReviewVerdict } from '../../notifications/buildNotification.ts';
import { reviewVerdictOf } from '../../notifications/reviewVerdict.ts';
import { TOPICS } from '../../schemas/topics.ts';
import type { DecisionNotification } from '../../schemas/topics/notification.ts';
import { describeIssues, validateRecord } from '../../schemas/validator.ts';
import type { EventConsumer, EventProducer, IncomingBatch, OutgoingRecord } from '../kafka/types.ts';
import type { ApplicationLookup } from './applicationLookup.ts';

export const NOTIFIER_TOPICS = ['decisions', 'collection-outcomes'] as const;
export const NOTIFICATIONS_TOPIC = 'decision-notifications';

export const NOTIFIER_METRIC = {
  notifications: 'fengkong_decision_notifications_total',
  skipped: 'fengkong_notifier_skipped_records_total',
} as const;

export const NOTIFIER_LOG = {
  invalid: 'notifier.invalid_record',
  noApplication: 'notifier.no_application',
} as const;

export interface DecisionNotifierOptions {
  readonly consumer: EventConsumer;
  readonly producer: EventProducer;
  readonly lookup: ApplicationLookup;
  readonly logger: Logger;
  readonly registry?: Registry;
  readonly topicPrefix?: string;
}

export class DecisionNotifier {
  readonly #o: DecisionNotifierOptions;
  readonly #prefix: string;
  readonly #sent: Counter<'outcome' | 'decided_by'> | undefined;
  readonly #skipped: Counter<'topic' | 'why'> | undefined;
  #records = 0;
  #running = false;

  constructor(options: DecisionNotifierOptions) {
    this.#o = options;
    this.#prefix = options.topicPrefix ?? '';
    if (options.registry) {
      this.#sent = new Counter({ name: NOTIFIER_METRIC.notifications, help: 'Decision notifications published, by outcome and who decided', labelNames: ['outcome', 'decided_by'], registers: [options.registry] });
      this.#skipped = new Counter({ name: NOTIFIER_METRIC.skipped, help: 'Records the notifier could not use, by topic and reason', labelNames: ['topic', 'why'], registers: [options.registry] });
    }
  }

  /** Records consumed so far. */
  get recordsProcessed(): number {
    return this.#records;
  }

  async start(): Promise<void> {
    const { consumer } = this.#o;
    await consumer.connect();
    await consumer.subscribe(NOTIFIER_TOPICS.map((t) => this.#prefix + t), { fromBeginning: true });
    await consumer.run({ eachBatch: (batch) => this.processBatch(batch) });
    this.#running = true;
  }

  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    await this.#o.consumer.disconnect();
  }

  /** Turns a batch into notifications; resolves once they are acknowledged. */
  async processBatch(batch: IncomingBatch): Promise<void> {
    const base = batch.topic.startsWith(this.#prefix) ? batch.topic.slice(this.#prefix.length) : batch.topic;
    const out: DecisionNotification[] = [];
    for (const record of batch.records) {
      if (record.value === null) continue;
      if (base === 'decisions') {
        const result = validateRecord('decisions', record.value);
        if (!result.ok) {
          this.#skip(base, 'invalid', describeIssues(result.issues), record.offset);
          continue;
        }
        const n = notificationOfDecision(result.value);
        if (n) out.push(n);
      } else if (base === 'collection-outcomes') {
        const result = validateRecord('collection-outcomes', record.value);
        if (!result.ok) {
          this.#skip(base, 'invalid', describeIssues(result.issues), record.offset);
          continue;
        }
        const outcome = result.value;
        const verdict = reviewVerdictOf(outcome.outcome);
        if (!verdict) continue;
        const application = await this.#o.lookup.applicationOfAlert(outcome.alertId);
        if (!application || application.final) {
          // Not an application's alert (a collections case), or the application was already decided.
          if (!application) this.#o.logger.debug({ event: NOTIFIER_LOG.noApplication, alertId: outcome.alertId }, 'outcome names no pending application; nothing to notify');
          continue;
        }
        out.push(outcome.outcome === 'fraud_confirmed'
          ? notificationOfFraudReview(application, outcome.eventTime)
          : notificationOfReviewVerdict(application, verdict, outcome.eventTime));
      }
    }
    if (out.length > 0) {
      const contract = TOPICS[NOTIFICATIONS_TOPIC];
      const records: OutgoingRecord[] = out.map((n) => ({ topic: this.#prefix + NOTIFICATIONS_TOPIC, key: contract.key(n), value: JSON.stringify(n) }));
      await this.#o.producer.send(records);
      for (const n of out) this.#sent?.inc({ outcome: n.outcome, decided_by: n.decidedBy });
    }
    this.#records += batch.records.length;
  }

  #skip(topic: string, why: string, reason: string, offset: string): void {
    this.#skipped?.inc({ topic, why });
    this.#o.logger.warn({ event: NOTIFIER_LOG.invalid, topic, offset, reason }, 'record skipped by the decision notifier');
  }
}
