/**
 * What each role may do, and on which teams. Agents work their own teams' queues; supervisors
 * also reassign and see team load; risk ops read every team and reassign, but do not work
 * alerts themselves (collection is the teams' job; risk ops watch and steer).
 */
import { ForbiddenError } from '../../queues/errors.ts';
import type { Role } from '../../queues/types.ts';
import type { Principal } from './users.ts';

export const PERMISSIONS = ['read', 'work', 'comment', 'reassign', 'supervise'] as const;
export type Permission = (typeof PERMISSIONS)[number];

const BY_ROLE: Record<Role, ReadonlySet<Permission>> = {
  agent: new Set(['read', 'work', 'comment']),
  supervisor: new Set(['read', 'work', 'comment', 'reassign', 'supervise']),
  risk_ops: new Set(['read', 'comment', 'reassign', 'supervise']),
};

export const hasPermission = (p: Principal, permission: Permission): boolean => BY_ROLE[p.role].has(permission);

export const canAccessTeam = (p: Principal, team: string): boolean => p.teams === 'all' || p.teams.has(team);

/** Throws ForbiddenError unless the user's role has the permission and the user works the team. */
export function authorize(p: Principal, permission: Permission, team: string): void {
  if (!hasPermission(p, permission)) throw new ForbiddenError(`role ${p.role} may not ${permission} alerts`);
  if (!canAccessTeam(p, team)) throw new ForbiddenError(`user ${p.id} has no access to team ${team}`);
}

/** The teams of a list the user may read. */
export const readableTeams = (p: Principal, teams: readonly string[]): string[] => teams.filter((t) => canAccessTeam(p, t));
