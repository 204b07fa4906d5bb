/**
 * Server-Sent Events: `GET /api/v1/events` streams queue changes of the teams the user may read
 * (`event: change`, `id:` = the change's stream id, `data:` = JSON). A client reconnecting with
 * `Last-Event-ID` first gets the changes it missed. Comment lines every `heartbeatMs` keep
 * proxies from closing an idle stream. The console reads it with fetch() rather than
 * EventSource, so the bearer token travels in the Authorization header, never in the URL.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { QueueChange } from '../../queues/types.ts';
import { canAccessTeam } from '../auth/permissions.ts';
import type { QueueApiDeps } from '../deps.ts';
import { ERROR_RESPONSES, ErrorOut, EventsQuery, type ChangeEventOut } from '../schemas.ts';
import { principalOf } from '../server.ts';

/** What a client is told about a change: enough to update a list, nothing it may not see. */
export function changeEvent(c: QueueChange): z.output<typeof ChangeEventOut> {
  const a = c.alert ?? {};
  const from = c.details?.fromTeam ?? c.details?.from;
  return {
    id: c.id,
    action: c.action,
    at: new Date(c.at).toISOString(),
    alertId: c.alertId,
    team: c.team,
    actorId: c.actor.id,
    ...(typeof from === 'string' ? { fromTeam: from } : {}),
    ...(a.state ? { state: a.state } : {}),
    ...(a.assignee ? { assignee: a.assignee } : {}),
  };
}

/** Changes clients never see: refusals, and suppressed repeats (no alert changed). */
const SILENT = new Set(['denied', 'suppressed']);

export async function registerEventRoutes(app: FastifyInstance, deps: QueueApiDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/events',
    {
      schema: {
        tags: ['queues'],
        summary: 'Live queue changes as Server-Sent Events (text/event-stream, event `change`)',
        querystring: EventsQuery,
        response: { ...ERROR_RESPONSES, 503: ErrorOut },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const feed = deps.feed;
      if (!feed) return reply.code(503).send({ error: 'fengkong:sse-unavailable', message: 'live updates are not enabled on this server' });
      const asked = request.query.teams?.split(',').map((t) => t.trim()).filter(Boolean);
      const teams = new Set((asked ?? Object.keys(deps.store.config.teams)).filter((t) => canAccessTeam(p, t)));
      // A change that moves an alert between teams concerns both.
      const visible = (c: QueueChange): boolean => {
        if (SILENT.has(c.action)) return false;
        const from = c.details?.fromTeam ?? c.details?.from;
        return teams.has(c.team) || (typeof from === 'string' && teams.has(from));
      };

      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      const send = (c: QueueChange) => {
        if (visible(c)) res.write(`event: change\nid: ${c.id}\ndata: ${JSON.stringify(changeEvent(c))}\n\n`);
      };
      res.write(`retry: 2000\nevent: ready\ndata: ${JSON.stringify({ teams: [...teams] })}\n\n`);
      const lastId = request.headers['last-event-id'];
      if (typeof lastId === 'string' && /^\d+-\d+$/.test(lastId)) for (const c of await feed.since(lastId)) send(c);
      const unsubscribe = feed.subscribe(send);
      deps.metrics?.sseClients.inc();
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), deps.heartbeatMs ?? 15_000);
      heartbeat.unref();
      request.raw.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
        deps.metrics?.sseClients.dec();
      });
    },
  );
}
