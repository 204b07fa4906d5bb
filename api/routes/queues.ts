/**
 * Team-level routes: who am I, the teams, a team's queue, claim the next alert by priority, and
 * the supervisor's board (load per agent, ageing, SLA breaches).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AlertNotFoundError } from '../../queues/errors.ts';
import type { QueueState } from '../../queues/types.ts';
import { authorize, canAccessTeam } from '../auth/permissions.ts';
import type { QueueApiDeps } from '../deps.ts';
import { BadRequestError } from '../errors.ts';
import { presentAlert } from '../present.ts';
import { AlertList, Board, ClaimOut, ERROR_RESPONSES, ListQuery, Me, TeamParams, TeamsOut } from '../schemas.ts';
import { actorOf, principalOf } from '../server.ts';

const ACTIVE: readonly QueueState[] = ['open', 'claimed', 'snoozed'];
const HOUR = 3600_000;

/** Rejects a team id the configuration does not know (400, not 403: it is not about access). */
export function knownTeam(deps: QueueApiDeps, team: string): void {
  if (!deps.store.config.teams[team]) throw new BadRequestError('params.team', `unknown team ${team}; teams are ${Object.keys(deps.store.config.teams).join(', ')}`);
}

export async function registerQueueRoutes(app: FastifyInstance, deps: QueueApiDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { store } = deps;

  r.get('/me', { schema: { tags: ['users'], summary: 'The signed-in user', response: { 200: Me, ...ERROR_RESPONSES } } }, async (request) => {
    const p = principalOf(request);
    return { id: p.id, role: p.role, teams: p.teams === 'all' ? Object.keys(store.config.teams) : [...p.teams] };
  });

  r.get('/teams', { schema: { tags: ['queues'], summary: 'Teams with their labels and SLA', response: { 200: TeamsOut, ...ERROR_RESPONSES } } }, async (request) => {
    const p = principalOf(request);
    return {
      teams: Object.entries(store.config.teams).map(([id, t]) => ({ id, label: t.label, slaMinutes: t.slaMinutes, canRead: canAccessTeam(p, id) })),
    };
  });

  r.get(
    '/queues/:team/alerts',
    { schema: { tags: ['queues'], summary: 'A team\u2019s alerts, open ones by priority', params: TeamParams, querystring: ListQuery, response: { 200: AlertList, ...ERROR_RESPONSES } } },
    async (request) => {
      const { team } = request.params;
      knownTeam(deps, team);
      authorize(principalOf(request), 'read', team);
      const states: QueueState[] = request.query.state === 'active' ? [...ACTIVE] : [request.query.state];
      const now = store.now();
      const alerts = await store.list(team, { states, limit: request.query.limit });
      return { team, alerts: alerts.map((a) => presentAlert(a, now)) };
    },
  );

  r.post(
    '/queues/:team/next',
    {
      schema: {
        tags: ['queues'],
        summary: 'Claim the team\u2019s highest-priority open alert (204 when the queue is empty)',
        params: TeamParams,
        response: { 200: ClaimOut, 204: z.undefined().describe('The queue is empty'), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { team } = request.params;
      knownTeam(deps, team);
      authorize(principalOf(request), 'work', team);
      const claimed = await store.claim(team, null, actorOf(request));
      deps.metrics?.actions.inc({ action: 'claim_next', result: claimed ? 'ok' : 'empty' });
      if (!claimed) return reply.code(204).send();
      const alert = await store.get(claimed.alertId);
      if (!alert) throw new AlertNotFoundError(claimed.alertId);
      return { alertId: claimed.alertId, leaseUntil: new Date(claimed.leaseUntil).toISOString(), renewed: claimed.renewed, alert: presentAlert(alert, store.now()) };
    },
  );

  r.get(
    '/queues/:team/board',
    { schema: { tags: ['supervision'], summary: 'Team load, ageing and SLA breaches (supervisors, risk ops)', params: TeamParams, response: { 200: Board, ...ERROR_RESPONSES } } },
    async (request) => {
      const { team } = request.params;
      knownTeam(deps, team);
      authorize(principalOf(request), 'supervise', team);
      const now = store.now();
      const alerts = await store.list(team, { states: ACTIVE, limit: 1000 });
      const agents = new Map<string, { claimed: number; oldest: number }>();
      const ageing = { lt_1h: 0, '1h_4h': 0, '4h_24h': 0, gt_24h: 0 };
      let escalated = 0;
      const breaches = [];
      for (const a of alerts) {
        const age = now - a.enqueuedAt;
        ageing[age < HOUR ? 'lt_1h' : age < 4 * HOUR ? '1h_4h' : age < 24 * HOUR ? '4h_24h' : 'gt_24h'] += 1;
        if (a.escalated) escalated += 1;
        if (a.escalated || now > a.slaDeadline) breaches.push(a);
        if (a.state === 'claimed' && a.assignee) {
          const s = agents.get(a.assignee) ?? { claimed: 0, oldest: 0 };
          s.claimed += 1;
          s.oldest = Math.max(s.oldest, now - (a.claimedAt ?? now));
          agents.set(a.assignee, s);
        }
      }
      breaches.sort((x, y) => x.slaDeadline - y.slaDeadline);
      return {
        team,
        at: new Date(now).toISOString(),
        counts: {
          open: alerts.filter((a) => a.state === 'open').length,
          claimed: alerts.filter((a) => a.state === 'claimed').length,
          snoozed: alerts.filter((a) => a.state === 'snoozed').length,
          escalated,
          slaBreached: breaches.length,
        },
        agents: [...agents.entries()].map(([agentId, s]) => ({ agentId, claimed: s.claimed, oldestClaimSeconds: Math.round(s.oldest / 1000) })).sort((a, b) => b.claimed - a.claimed),
        ageing: (Object.keys(ageing) as Array<keyof typeof ageing>).map((bucket) => ({ bucket, count: ageing[bucket] })),
        breaches: breaches.slice(0, 100).map((a) => presentAlert(a, now)),
      };
    },
  );
}
