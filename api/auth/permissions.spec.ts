import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../queues/errors.ts';
import { authorize, hasPermission, PERMISSIONS } from './permissions.ts';
import type { Principal } from './users.ts';

const agent: Principal = { id: 'a', role: 'agent', teams: new Set(['early_collection']) };
const supervisor: Principal = { id: 's', role: 'supervisor', teams: new Set(['early_collection']) };
const ops: Principal = { id: 'o', role: 'risk_ops', teams: 'all' };

describe('permissions', () => {
  it('gives each role its permissions', () => {
    const table = Object.fromEntries([agent, supervisor, ops].map((p) => [p.role, PERMISSIONS.filter((x) => hasPermission(p, x))]));
    expect(table).toEqual({
      agent: ['read', 'work', 'comment'],
      supervisor: ['read', 'work', 'comment', 'reassign', 'supervise'],
      risk_ops: ['read', 'comment', 'reassign', 'supervise'],
    });
  });

  it('limits users to their teams, risk ops to none', () => {
    expect(() => authorize(agent, 'read', 'early_collection')).not.toThrow();
    expect(() => authorize(agent, 'read', 'legal')).toThrow(ForbiddenError);
    expect(() => authorize(supervisor, 'reassign', 'legal')).toThrow(/no access to team legal/);
    expect(() => authorize(ops, 'read', 'legal')).not.toThrow();
    expect(() => authorize(ops, 'work', 'legal')).toThrow(/may not work/);
  });
});
