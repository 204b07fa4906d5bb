/**
 * Where the queue service gets alerts: the `alerts` topic, through the EventConsumer interface
 * (Kafka with kafkajs or Confluent, or the in-process log in embedded mode). Offsets are
 * committed only after the handler resolved, i.e. after Redis applied the batch; a redelivery
 * is recognised by alert id in the store.
 *
 * Producers may add two headers the Alert contract has no field for, so the queue deduplicates
 * the way the detector meant: `fk-dedup-key` (detectors/warning's dedupKey, e.g.
 * `<loan>|missed_payment|i4`) and `fk-cooldown-seconds`. Without them the queue uses
 * `<subject>|<signal>` and the cooldown of config/routing.yaml.
 */
import type { Logger } from 'pino';
import type { EventConsumer, IncomingRecord, OutgoingRecord } from '../pipelines/kafka/types.ts';
import { TOPICS } from '../schemas/topics.ts';
import { describeIssues, validateRecord } from '../schemas/validator.ts';
import { QUEUE_LOG } from './logEvents.ts';
import type { IncomingAlert } from './route.ts';

export { ALERT_HINT_HEADERS as ALERT_HEADERS } from '../schemas/topics.ts';
import { ALERT_HINT_HEADERS as ALERT_HEADERS } from '../schemas/topics.ts';

/** A source of alert batches. */
export interface AlertSource {
  /** Starts delivering; a batch counts as handled only once `handler` resolves (a rejection redelivers it). */
  start(handler: (batch: readonly IncomingAlert[]) => Promise<void>): Promise<void>;
  /** Finishes the batch in flight and stops. */
  stop(): Promise<void>;
}

/** The incoming alert of one record, or null (logged) when the record is not a valid Alert. */
export function decodeAlertRecord(record: IncomingRecord, logger?: Logger): IncomingAlert | null {
  if (record.value === null) return null;
  const checked = validateRecord('alerts', record.value);
  if (!checked.ok) {
    logger?.warn({ event: QUEUE_LOG.invalidAlert, topic: record.topic, partition: record.partition, offset: record.offset, reason: describeIssues(checked.issues) }, 'record on the alerts topic is not a valid Alert; skipped');
    return null;
  }
  const dedupKey = record.headers[ALERT_HEADERS.dedupKey];
  const cooldown = Number(record.headers[ALERT_HEADERS.cooldownSeconds]);
  return {
    alert: checked.value,
    ...(dedupKey ? { dedupKey } : {}),
    ...(record.headers[ALERT_HEADERS.cooldownSeconds] !== undefined && Number.isFinite(cooldown) && cooldown >= 0 ? { cooldownSeconds: cooldown } : {}),
  };
}

/** The record a producer sends for an alert, with the dedup headers when known. */
export function alertRecord(incoming: IncomingAlert, topic: string = TOPICS.alerts.name): OutgoingRecord {
  const headers: Record<string, string> = {};
  if (incoming.dedupKey !== undefined) headers[ALERT_HEADERS.dedupKey] = incoming.dedupKey;
  if (incoming.cooldownSeconds !== undefined) headers[ALERT_HEADERS.cooldownSeconds] = String(incoming.cooldownSeconds);
  return { topic, key: TOPICS.alerts.key(incoming.alert), value: JSON.stringify(incoming.alert), headers };
}

/** Alerts from a topic through an EventConsumer (its own consumer group). */
export class TopicAlertSource implements AlertSource {
  readonly #consumer: EventConsumer;
  readonly #topic: string;
  readonly #logger: Logger | undefined;
  readonly #fromBeginning: boolean;

  constructor(consumer: EventConsumer, options: { topic?: string; logger?: Logger; fromBeginning?: boolean } = {}) {
    this.#consumer = consumer;
    this.#topic = options.topic ?? TOPICS.alerts.name;
    this.#logger = options.logger;
    this.#fromBeginning = options.fromBeginning ?? true;
  }

  async start(handler: (batch: readonly IncomingAlert[]) => Promise<void>): Promise<void> {
    await this.#consumer.connect();
    // From the beginning for a new group: alerts raised before the queue service first started
    // still need working. Afterwards the group's committed offsets apply.
    await this.#consumer.subscribe([this.#topic], { fromBeginning: this.#fromBeginning });
    await this.#consumer.run({
      eachBatch: async (batch) => {
        const alerts = batch.records.map((r) => decodeAlertRecord(r, this.#logger)).filter((a): a is IncomingAlert => a !== null);
        if (alerts.length > 0) await handler(alerts);
      },
    });
  }

  async stop(): Promise<void> {
    await this.#consumer.disconnect();
  }
}
