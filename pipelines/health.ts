/**
 * Operations endpoints of a processor (fastify): `/metrics` (Prometheus), `/livez` (the process
 * only), `/readyz` (Kafka assignment, Redis and ClickHouse; 503 when one is down).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

export type ReadinessCheck = () => Promise<{ ok: boolean; detail?: string }>;

export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startHealthServer(options: { port: number; host?: string; registry: Registry; checks: Readonly<Record<string, ReadinessCheck>> }): Promise<HealthServer> {
  const app: FastifyInstance = Fastify({ logger: false });
  app.get('/livez', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const results: Record<string, { ok: boolean; detail?: string }> = {};
    await Promise.all(Object.entries(options.checks).map(async ([name, check]) => {
      try {
        results[name] = await check();
      } catch (error) {
        results[name] = { ok: false, detail: error instanceof Error ? error.message : String(error) };
      }
    }));
    const ok = Object.values(results).every((r) => r.ok);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready', checks: results });
  });
  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', options.registry.contentType);
    return options.registry.metrics();
  });
  await app.listen({ port: options.port, host: options.host ?? '0.0.0.0' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { port, close: () => app.close() };
}
