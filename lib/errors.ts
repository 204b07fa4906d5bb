/**
 * One error taxonomy for Fengkong: every error has a stable `code` and a `retriable` flag.
 * Processors decide retry, pause or dead-letter from `retriable`, never from message text
 * (the kafkajs `retriable` pattern).
 */
export class FengkongError extends Error {
  /** Stable machine-readable code, e.g. `fengkong:invalid-event`. */
  readonly code: string;
  /** True when the same operation may succeed if tried again later. */
  readonly retriable: boolean;

  constructor(code: string, message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retriable = options.retriable ?? false;
  }
}

/** An input event that can never be processed: it goes to the dead-letter topic at once. */
export class NonRetriableEventError extends FengkongError {
  constructor(
    message: string,
    readonly field: string | undefined,
    options: { cause?: unknown } = {},
  ) {
    super('fengkong:invalid-event', message, { retriable: false, ...options });
  }
}

/** Configuration is missing or wrong; the message names the variable and what to do. */
export class ConfigError extends FengkongError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('fengkong:config', message, { retriable: false, ...options });
  }
}

/** A backing service (Redis, Kafka, ClickHouse) is unreachable or slow; try again later. */
export class ServiceUnavailableError extends FengkongError {
  constructor(
    readonly service: 'redis' | 'kafka' | 'clickhouse',
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(`fengkong:${service}-unavailable`, message, { retriable: true, ...options });
  }
}

/** Wraps an error with short context at a boundary, keeping the original as `cause`. */
export function wrapError(context: string, cause: unknown): FengkongError {
  if (cause instanceof FengkongError) {
    const wrapped = new FengkongError(cause.code, `${context}: ${cause.message}`, {
      retriable: cause.retriable,
      cause,
    });
    return wrapped;
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  return new FengkongError('fengkong:unexpected', `${context}: ${message}`, { cause });
}
