/**
 * The queue API (fastify): zod schemas validate every request and generate the OpenAPI document
 * (@fastify/swagger, UI at /documentation); bearer tokens authenticate every /api/ request;
 * @fastify/rate-limit bounds requests per user; the web console is served at /console/.
 * Refused requests (401, 403) are recorded in the audit log like any action.
 */
import { randomUUID } from 'node:crypto';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { ForbiddenError } from '../queues/errors.ts';
import { QUEUE_LOG } from '../queues/logEvents.ts';
import type { Actor } from '../queues/types.ts';
import { sha256Hex, type Principal } from './auth/users.ts';
import type { QueueApiDeps } from './deps.ts';
import { errorReply } from './errors.ts';
import { registerAlertRoutes } from './routes/alerts.ts';
import { registerConsoleRoutes } from './routes/console.ts';
import { registerEventRoutes } from './routes/events.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerQueueRoutes } from './routes/queues.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user of an /api/ request (set by the auth hook). */
    principal: Principal | null;
  }
}

export const API_PREFIX = '/api/v1';

/** The signed-in user; the auth hook guarantees one on /api/ routes. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new ForbiddenError('not signed in');
  return request.principal;
}

/** The actor recorded in the change stream and audit log for a request. */
export function actorOf(request: FastifyRequest): Actor {
  const p = request.principal;
  return { id: p?.id ?? 'anonymous', role: p?.role ?? 'anonymous', requestId: String(request.id), ip: request.ip };
}

const bearer = (header: string | undefined): string | null => {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? (m[1] as string) : null;
};

export async function buildQueueApi(deps: QueueApiDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger as FastifyBaseLogger } : { logger: false }),
    genReqId: () => randomUUID(),
    // Behind the bank's load balancer the client address comes from X-Forwarded-For.
    trustProxy: true,
    bodyLimit: 64 * 1024,
    // Server-Sent Events streams never go idle; close() must end them rather than wait.
    forceCloseConnections: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('principal', null);

  const recordDenied = async (request: FastifyRequest, status: number, reason: string, target: { team?: string; alertId?: string } = {}): Promise<void> => {
    deps.metrics?.denied.inc({ status: String(status) });
    request.log.warn({ event: QUEUE_LOG.denied, status, reason, user: request.principal?.id }, 'request refused');
    try {
      await deps.store.recordDenied(actorOf(request), { action: `${request.method} ${request.routeOptions.url ?? request.url}`, status, reason, ...target });
    } catch (error) {
      request.log.error({ err: error }, 'could not record a refused request in the audit stream');
    }
  };

  app.setErrorHandler(async (error, request, reply) => {
    const { status, body } = errorReply(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    if (status === 403) {
      const params = (request.params ?? {}) as { team?: string; alertId?: string };
      await recordDenied(request, 403, body.message, { ...(params.team ? { team: params.team } : {}), ...(params.alertId ? { alertId: params.alertId } : {}) });
    }
    await reply.code(status).send(body);
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Fengkong alert queues',
        description: 'Collection teams\u2019 alert queues: list, next by priority, claim with a lease, resolve with an outcome, snooze, reassign, comment; live changes as Server-Sent Events. Authenticate with `Authorization: Bearer <token>`.',
        version: '1.0.0',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/documentation' });

  await app.register(fastifyRateLimit, {
    max: deps.rateLimitPerMinute ?? 600,
    timeWindow: 60_000,
    // Per user (the token's digest) once signed in, per address before; health and static files are free.
    keyGenerator: (request) => {
      const token = bearer(request.headers.authorization);
      return token ? `t:${sha256Hex(token).slice(0, 24)}` : `ip:${request.ip}`;
    },
    allowList: (request) => !request.url.startsWith('/api/'),
  });

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    const token = bearer(request.headers.authorization);
    const principal = token ? deps.users.authenticate(token) : null;
    if (!principal) {
      await recordDenied(request, 401, token ? 'unknown token' : 'no bearer token');
      await reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="fengkong-queues"')
        .send({ error: 'fengkong:unauthenticated', message: token ? 'the bearer token is not valid' : 'send Authorization: Bearer <token>' });
      return reply;
    }
    request.principal = principal;
    return undefined;
  });

  await registerHealthRoutes(app, deps);
  await app.register(async (api) => {
    await registerQueueRoutes(api, deps);
    await registerAlertRoutes(api, deps);
    await registerEventRoutes(api, deps);
  }, { prefix: API_PREFIX });
  await registerConsoleRoutes(app, deps);
  return app;
}
