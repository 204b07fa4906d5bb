/**
 * Alert-level routes: detail, context, claim (or renew), release, resolve with an outcome,
 * snooze, reassign and comment. Each looks the alert up first to check the caller may act on
 * its team; the store's script then re-checks the team atomically (a concurrent reassignment
 * makes it a 409 `moved`, never an action on the wrong team).
 */
import { CREDIT_VERDICTS } from '../../schemas/topics/collectionOutcome.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AlertNotFoundError } from '../../queues/errors.ts';
import { buildOutcome } from '../../queues/outcome.ts';
import { redactFreeText } from '../../queues/redactFreeText.ts';
import type { QueueAlert } from '../../queues/types.ts';
import { EMPTY_CONTEXT } from '../../queues/context.ts';
import { authorize, canAccessTeam, hasPermission, type Permission } from '../auth/permissions.ts';
import type { QueueApiDeps } from '../deps.ts';
import { BadRequestError } from '../errors.ts';
import { presentAlert, presentDetail } from '../present.ts';
import { AlertDetailOut, AlertParams, ClaimOut, CommentBody, ContextOut, ERROR_RESPONSES, Ok, ReassignBody, ResolveBody, SnoozeBody } from '../schemas.ts';
import { actorOf, principalOf } from '../server.ts';

export async function registerAlertRoutes(app: FastifyInstance, deps: QueueApiDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { store } = deps;

  /** The alert, after checking the caller has the permission on its team. */
  const load = async (request: FastifyRequest, alertId: string, permission: Permission): Promise<QueueAlert> => {
    const alert = await store.get(alertId);
    if (!alert) throw new AlertNotFoundError(alertId);
    authorize(principalOf(request), permission, alert.team);
    return alert;
  };
  const done = (action: string) => deps.metrics?.actions.inc({ action, result: 'ok' });

  r.get(
    '/alerts/:alertId',
    { schema: { tags: ['alerts'], summary: 'An alert with its evidence, comments and resolution', params: AlertParams, response: { 200: AlertDetailOut, ...ERROR_RESPONSES } } },
    async (request) => {
      await load(request, request.params.alertId, 'read');
      const detail = await store.detail(request.params.alertId);
      if (!detail) throw new AlertNotFoundError(request.params.alertId);
      return presentDetail(detail, store.now());
    },
  );

  r.get(
    '/alerts/:alertId/context',
    { schema: { tags: ['alerts'], summary: 'The loan\u2019s recent repayments and transactions, the enterprise\u2019s graph links and third-party events', params: AlertParams, response: { 200: ContextOut, ...ERROR_RESPONSES } } },
    async (request) => {
      const alert = await load(request, request.params.alertId, 'read');
      const subject = { ...(alert.loanId ? { loanId: alert.loanId } : {}), ...(alert.enterpriseId ? { enterpriseId: alert.enterpriseId } : {}) };
      const c = deps.context ? await deps.context.contextFor(subject) : EMPTY_CONTEXT;
      return { repayments: [...c.repayments], transactions: [...c.transactions], graphLinks: [...c.graphLinks], thirdPartyEvents: c.thirdPartyEvents.map((e) => ({ ...e, facts: { ...e.facts } })) };
    },
  );

  r.post(
    '/alerts/:alertId/claim',
    { schema: { tags: ['alerts'], summary: 'Claim the alert with a lease (claiming one you hold renews the lease)', params: AlertParams, response: { 200: ClaimOut, ...ERROR_RESPONSES } } },
    async (request) => {
      const alert = await load(request, request.params.alertId, 'work');
      const claimed = await store.claim(alert.team, alert.alertId, actorOf(request));
      if (!claimed) throw new AlertNotFoundError(alert.alertId);
      done(claimed.renewed ? 'renew' : 'claim');
      const after = await store.get(alert.alertId);
      if (!after) throw new AlertNotFoundError(alert.alertId);
      return { alertId: alert.alertId, leaseUntil: new Date(claimed.leaseUntil).toISOString(), renewed: claimed.renewed, alert: presentAlert(after, store.now()) };
    },
  );

  r.post(
    '/alerts/:alertId/release',
    { schema: { tags: ['alerts'], summary: 'Give a claimed alert back to the queue', params: AlertParams, response: { 200: Ok, ...ERROR_RESPONSES } } },
    async (request) => {
      const alert = await load(request, request.params.alertId, 'work');
      await store.release(alert.alertId, alert.team, actorOf(request));
      done('release');
      return { ok: true as const };
    },
  );

  r.post(
    '/alerts/:alertId/resolve',
    { schema: { tags: ['alerts'], summary: 'Resolve a claimed alert with its outcome (published to collection-outcomes)', params: AlertParams, body: ResolveBody, response: { 200: AlertDetailOut, ...ERROR_RESPONSES } } },
    async (request) => {
      const alert = await load(request, request.params.alertId, 'work');
      const body = request.body;
      const now = store.now();
      if (CREDIT_VERDICTS.has(body.outcome) && alert.signal !== 'credit_review') {
        throw new BadRequestError('body.outcome', `${body.outcome} decides a credit review; this alert is ${alert.signal}`);
      }
      if (body.outcome === 'promise_to_pay' && body.promiseDate < new Date(now).toISOString().slice(0, 10)) {
        throw new BadRequestError('body.promiseDate', 'a promise to pay needs a date today or later');
      }
      const outcome = buildOutcome(alert, principalOf(request).id, body, now);
      await store.resolve(alert.alertId, alert.team, actorOf(request), outcome);
      done('resolve');
      const detail = await store.detail(alert.alertId);
      if (!detail) throw new AlertNotFoundError(alert.alertId);
      return presentDetail(detail, store.now());
    },
  );

  r.post(
    '/alerts/:alertId/snooze',
    { schema: { tags: ['alerts'], summary: 'Take the alert out of the queue until a time', params: AlertParams, body: SnoozeBody, response: { 200: Ok, ...ERROR_RESPONSES } } },
    async (request) => {
      const alert = await load(request, request.params.alertId, 'work');
      const now = store.now();
      const until = request.body.until !== undefined ? Date.parse(request.body.until) : now + (request.body.minutes as number) * 60_000;
      const field = request.body.until !== undefined ? 'body.until' : 'body.minutes';
      if (until <= now) throw new BadRequestError(field, 'the wake time must be in the future');
      if (until - now > store.config.maxSnoozeHours * 3600_000) throw new BadRequestError(field, `an alert may be snoozed for at most ${store.config.maxSnoozeHours} hours`);
      const force = hasPermission(principalOf(request), 'supervise');
      await store.snooze(alert.alertId, alert.team, actorOf(request), until, { force, ...(request.body.reason ? { reason: redactFreeText(request.body.reason) } : {}) });
      done('snooze');
      return { ok: true as const };
    },
  );

  r.post(
    '/alerts/:alertId/reassign',
    { schema: { tags: ['alerts'], summary: 'Move the alert to a team and/or assign it to an agent (supervisors, risk ops)', params: AlertParams, body: ReassignBody, response: { 200: AlertDetailOut, ...ERROR_RESPONSES } } },
    async (request) => {
      const alert = await load(request, request.params.alertId, 'reassign');
      const { toTeam, toAgent, reason } = request.body;
      if (!store.config.teams[toTeam]) throw new BadRequestError('body.toTeam', `unknown team ${toTeam}`);
      if (toAgent !== undefined) {
        const assignee = deps.users.byId(toAgent);
        if (!assignee) throw new BadRequestError('body.toAgent', `no queue user ${toAgent}`);
        if (!hasPermission(assignee, 'work') || !canAccessTeam(assignee, toTeam)) throw new BadRequestError('body.toAgent', `${toAgent} does not work alerts of team ${toTeam}`);
      }
      await store.reassign(alert.alertId, alert.team, { toTeam, reason: redactFreeText(reason), ...(toAgent ? { toAgent } : {}) }, actorOf(request));
      done('reassign');
      const detail = await store.detail(alert.alertId);
      if (!detail) throw new AlertNotFoundError(alert.alertId);
      return presentDetail(detail, store.now());
    },
  );

  r.post(
    '/alerts/:alertId/comments',
    { schema: { tags: ['alerts'], summary: 'Comment on the alert', params: AlertParams, body: CommentBody, response: { 200: Ok, ...ERROR_RESPONSES } } },
    async (request) => {
      const alert = await load(request, request.params.alertId, 'comment');
      await store.comment(alert.alertId, actorOf(request), redactFreeText(request.body.text));
      done('comment');
      return { ok: true as const };
    },
  );
}
