/**
 * /livez touches nothing but the process; /readyz checks Redis, ClickHouse and Kafka through the
 * service's readiness callback and answers 503 when one is down; /metrics is Prometheus text.
 */
import type { FastifyInstance } from 'fastify';
import type { QueueApiDeps } from '../deps.ts';

export async function registerHealthRoutes(app: FastifyInstance, deps: QueueApiDeps): Promise<void> {
  app.get('/livez', { schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const checks = deps.readiness ? await deps.readiness() : {};
    const ok = Object.values(checks).every(Boolean);
    return reply.code(ok ? 200 : 503).send({ ok, checks });
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    if (!deps.metrics) return reply.code(404).send({ error: 'fengkong:no-metrics', message: 'metrics are not enabled' });
    return reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
}
