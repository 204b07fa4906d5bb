/**
 * Dead letters: a record that cannot be processed is republished unchanged to `<topic>.dlq`
 * with the context headers Kafka Connect uses (so existing Kafka tooling reads them), and
 * recorded as a DeadLetter row for ClickHouse. Nothing is dropped silently.
 */
import { createHash } from 'node:crypto';
import type { DeadLetter } from '../schemas/topics/outputs.ts';
import { dlqTopicOf, isTopicName, type EventOf, type TopicName } from '../schemas/topics.ts';
import type { Pseudonymiser } from '../schemas/pseudonym.ts';
import type { IncomingRecord, OutgoingRecord } from './kafka/types.ts';

/** Original bytes kept in ClickHouse, beyond which they are truncated (the DLQ topic keeps all). */
export const MAX_DEAD_LETTER_BYTES = 1024 * 1024;

/** Kafka Connect's error-context header names (ConnectHeaders in Kafka's DeadLetterQueueReporter). */
export const CONNECT_ERROR_HEADERS = {
  topic: '__connect.errors.topic',
  partition: '__connect.errors.partition',
  offset: '__connect.errors.offset',
  stage: '__connect.errors.stage',
  exceptionClass: '__connect.errors.exception.class.name',
  exceptionMessage: '__connect.errors.exception.message',
} as const;

export interface DeadLetterCause {
  readonly stage: DeadLetter['stage'];
  readonly errorClass: string;
  readonly errorCode: string;
  readonly reason: string;
  readonly field?: string;
}

/** Id of a dead letter: stable for the same record position, so redelivery does not duplicate it. */
export function deadLetterId(topic: string, partition: number, offset: string): string {
  return `dlq:${topic}:${partition}:${offset}`;
}

/**
 * The record bytes as the decision log may keep them: personal fields pseudonymised when the
 * bytes parse as JSON (by the topic contract's marked paths, even if the record is otherwise
 * invalid), and long digit runs (phone, ID and account numbers) tokenised when they do not.
 * The `<topic>.dlq` topic keeps the unchanged original, access-controlled like the input topics.
 */
export function storableOriginal(topic: string, bytes: Buffer, pseudonymiser: Pseudonymiser): Buffer {
  const text = bytes.toString('utf8');
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && isTopicName(topic)) {
      const cleaned = pseudonymiser.pseudonymise(topic, value as EventOf<TopicName>);
      return Buffer.from(maskDigitRuns(JSON.stringify(cleaned), pseudonymiser));
    }
  } catch {
    // Not JSON: fall through to masking the raw text.
  }
  return Buffer.from(maskDigitRuns(text, pseudonymiser));
}

const DIGIT_RUN = /(?<![0-9A-Za-z])\+?\d{11,}[Xx]?(?![0-9A-Za-z])/g;

/** Replaces runs of 11+ digits (mobile, resident ID, account numbers) with pseudonym tokens. */
export function maskDigitRuns(text: string, pseudonymiser: Pseudonymiser): string {
  return text.replace(DIGIT_RUN, (run) => pseudonymiser.token('bank_account', run));
}

export function buildDeadLetter(record: IncomingRecord, cause: DeadLetterCause, now: Date, storable?: Buffer): DeadLetter {
  const original = storable ?? record.value ?? Buffer.alloc(0);
  const truncated = original.byteLength > MAX_DEAD_LETTER_BYTES;
  const kept = truncated ? original.subarray(0, MAX_DEAD_LETTER_BYTES) : original;
  const letter: DeadLetter = {
    eventId: deadLetterId(record.topic, record.partition, record.offset),
    schemaVersion: 1,
    eventTime: new Date(record.timestamp > 0 ? record.timestamp : now.getTime()).toISOString(),
    source: 'fengkong-processor',
    originalTopic: record.topic,
    partition: record.partition,
    offset: record.offset,
    stage: cause.stage,
    errorClass: cause.errorClass,
    errorCode: cause.errorCode,
    reason: cause.reason.slice(0, 4096),
    originalBase64: kept.toString('base64'),
    originalTruncated: truncated,
    originalSize: original.byteLength,
  };
  if (cause.field !== undefined) letter.field = cause.field.slice(0, 512);
  return letter;
}

/** The unchanged original record for `<topic>.dlq`, with Connect error headers. */
export function deadLetterRecord(record: IncomingRecord, cause: DeadLetterCause, dlqTopic = dlqTopicOf(record.topic)): OutgoingRecord {
  return {
    topic: dlqTopic,
    key: record.key === null ? null : record.key.toString('utf8'),
    value: record.value ?? Buffer.alloc(0),
    headers: {
      ...record.headers,
      [CONNECT_ERROR_HEADERS.topic]: record.topic,
      [CONNECT_ERROR_HEADERS.partition]: String(record.partition),
      [CONNECT_ERROR_HEADERS.offset]: record.offset,
      [CONNECT_ERROR_HEADERS.stage]: cause.stage,
      [CONNECT_ERROR_HEADERS.exceptionClass]: cause.errorClass,
      [CONNECT_ERROR_HEADERS.exceptionMessage]: cause.reason.slice(0, 1024),
    },
  };
}

/** Short fingerprint of record bytes, for logs (never log the bytes themselves: they may hold personal data). */
export function fingerprint(bytes: Buffer | null): string {
  return bytes === null ? 'null' : createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}
