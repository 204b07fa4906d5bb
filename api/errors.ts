/**
 * The API's error replies, one shape for all: `{ error: <stable code>, message, field?, issues? }`.
 * Request validation failures are 400 naming the first invalid field (`body.promiseDate`);
 * queue errors map by class (not found 404, conflict 409, forbidden 403); anything else is a
 * 500 without internals, logged with the request id.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { FengkongError } from '../lib/errors.ts';
import { AlertNotFoundError, ForbiddenError, QueueConflictError } from '../queues/errors.ts';

/** A request that passed the schema but makes no sense (e.g. a promise date in the past). */
export class BadRequestError extends FengkongError {
  constructor(readonly field: string, message: string) {
    super('fengkong:bad-request', message);
  }
}

export interface ErrorBody {
  error: string;
  message: string;
  field?: string;
  issues?: Array<{ field: string; message: string }>;
  [k: string]: unknown;
}

interface ZodIssueLike {
  readonly instancePath: string;
  readonly message: string;
  readonly params?: { readonly keys?: readonly string[] };
}

/** `body.promiseDate` from a validation context and a JSON pointer; unknown keys name the key. */
function fieldOf(context: string, issue: ZodIssueLike): string {
  const path = issue.instancePath.split('/').filter(Boolean);
  const extra = issue.params?.keys?.[0];
  return [context, ...path, ...(extra ? [extra] : [])].join('.');
}

/** Status and body for an error. */
export function errorReply(error: unknown): { status: number; body: ErrorBody } {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const e = error as unknown as { validation: ZodIssueLike[]; validationContext?: string };
    const context = e.validationContext ?? 'body';
    const issues = e.validation.map((i) => ({ field: fieldOf(context, i), message: i.params?.keys ? `unknown field ${i.params.keys.join(', ')}` : i.message }));
    const first = issues[0] as { field: string; message: string };
    return { status: 400, body: { error: 'fengkong:bad-request', message: `${first.field}: ${first.message}`, field: first.field, issues } };
  }
  if (error instanceof BadRequestError) return { status: 400, body: { error: error.code, message: `${error.field}: ${error.message}`, field: error.field } };
  if (error instanceof ForbiddenError) return { status: 403, body: { error: error.code, message: error.message } };
  if (error instanceof AlertNotFoundError) return { status: 404, body: { error: error.code, message: error.message } };
  if (error instanceof QueueConflictError) return { status: 409, body: { error: error.code, message: error.message, reason: error.reason, ...error.details } };
  const fe = error as Partial<FastifyError>;
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    // fastify's own client errors: malformed JSON, empty body with a JSON content type, 413, 415, 429.
    return { status: fe.statusCode, body: { error: `fengkong:http-${fe.statusCode}`, message: fe.message ?? 'bad request', ...(fe.statusCode === 400 ? { field: 'body' } : {}) } };
  }
  if (error instanceof FengkongError && error.retriable) return { status: 503, body: { error: error.code, message: 'a backing service is unavailable; try again shortly' } };
  return { status: 500, body: { error: 'fengkong:internal', message: 'internal error; the request id is in the response headers' } };
}

export async function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown): Promise<void> {
  const { status, body } = errorReply(error);
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  await reply.code(status).send(body);
}
