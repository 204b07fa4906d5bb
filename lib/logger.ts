/**
 * Structured JSON logs (pino). Personal fields are redacted as a second line of defence:
 * events are pseudonymised at ingestion, so raw values should never reach a log call.
 */
import { pino, type Logger } from 'pino';

export const REDACT_PATHS = [
  '*.idNumber', '*.phone', '*.name', '*.accountId', '*.counterpartyAccount', '*.counterpartyName',
  '*.declaredCompanyPhone', '*.registeredPhone', 'password', '*.password', 'piiKey', '*.piiKey',
];

export function createLogger(level = process.env.LOG_LEVEL ?? 'info', destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino({ level, base: { service: 'fengkong' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination as pino.DestinationStream);
}

export type { Logger };
