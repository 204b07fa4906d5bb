/**
 * The dead letter of a source row that could not be mapped: the DeadLetter contract
 * (schemas/topics/outputs.ts) with stage `import`, the reason, and the row's own bytes, so the
 * row can be inspected and re-imported after a fix. `offset` is the row's line in the
 * decompressed file (there is no Kafka offset yet), `partition` is -1.
 */
import { MAX_EVENT_BYTES } from '../schemas/validator.ts';
import type { DeadLetter } from '../schemas/topics/outputs.ts';
import type { TopicName } from '../schemas/topics.ts';

/** Original bytes kept in a dead letter, as the pipeline's dead letters keep them (1 MiB). */
export const MAX_ORIGINAL_BYTES = MAX_EVENT_BYTES;
/** Longest reason (the contract allows 4096 characters). */
const MAX_REASON = 4096;

export interface RowFailure {
  /** 1-based data row (unique per file, so it names the dead letter). */
  readonly rowNo: number;
  /** Line of the decompressed file the row ends on. */
  readonly line: number;
  readonly raw: string;
  readonly errorClass: string;
  readonly errorCode: string;
  readonly field?: string | undefined;
  readonly reason: string;
}

export function importDeadLetter(failure: RowFailure, opts: { idPrefix: string; source: string; originalTopic: TopicName; at: string }): DeadLetter {
  const bytes = Buffer.from(failure.raw, 'utf8');
  const kept = bytes.subarray(0, MAX_ORIGINAL_BYTES);
  const dl: DeadLetter = {
    eventId: `${opts.idPrefix}:dead-letter:${failure.rowNo}`,
    schemaVersion: 1,
    eventTime: opts.at,
    source: opts.source,
    originalTopic: opts.originalTopic,
    partition: -1,
    offset: String(failure.line),
    stage: 'import',
    errorClass: failure.errorClass.slice(0, 128),
    errorCode: failure.errorCode.slice(0, 128),
    reason: failure.reason.slice(0, MAX_REASON),
    originalBase64: kept.toString('base64'),
    originalTruncated: kept.length < bytes.length,
    originalSize: bytes.length,
  };
  if (failure.field !== undefined) dl.field = failure.field.slice(0, 512);
  return dl;
}
