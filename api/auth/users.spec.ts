import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/errors.ts';
import { sha256Hex, UserDirectory } from './users.ts';

const TEAMS = ['early_collection', 'late_collection', 'legal'];
const T1 = 'a-long-enough-token-for-agent-one';
const T2 = 'another-long-enough-token-for-ops';

describe('UserDirectory', () => {
  it('reads FENGKONG_QUEUE_TOKENS and authenticates by token', () => {
    const d = new UserDirectory();
    d.loadEnv(`agent-1:agent:early_collection+legal:${T1}, ops-1:risk_ops:*:${T2}`, TEAMS);
    const agent = d.authenticate(T1);
    expect(agent).toMatchObject({ id: 'agent-1', role: 'agent' });
    expect(agent?.teams !== 'all' && [...agent!.teams]).toEqual(['early_collection', 'legal']);
    expect(d.authenticate(T2)).toMatchObject({ id: 'ops-1', role: 'risk_ops', teams: 'all' });
    expect(d.authenticate(`${T1}x`)).toBeNull();
  });

  it('reads a users file holding only token digests', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fk-users-'));
    const file = join(dir, 'users.yaml');
    writeFileSync(file, `users:\n  - { id: sup-1, role: supervisor, teams: [early_collection, late_collection], tokenSha256: ${sha256Hex(T1)} }\n`);
    const d = new UserDirectory();
    d.loadFile(file, TEAMS);
    expect(d.authenticate(T1)).toMatchObject({ id: 'sup-1', role: 'supervisor' });
  });

  it('refuses short tokens, unknown roles and teams, and shared tokens, naming the user', () => {
    const d = new UserDirectory();
    expect(() => d.loadEnv('agent-1:agent:early_collection:short', TEAMS)).toThrow(/agent-1 is shorter than 24/);
    expect(() => d.loadEnv(`agent-1:boss:early_collection:${T1}`, TEAMS)).toThrow(/role 'boss'/);
    expect(() => d.loadEnv(`agent-1:agent:collections:${T1}`, TEAMS)).toThrow(/unknown team 'collections'/);
    expect(() => d.loadEnv(`agent-1:agent:legal:${T1},agent-2:agent:legal:${T1}`, TEAMS)).toThrow(ConfigError);
  });

  it('points at the line of a bad users file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fk-users-'));
    const file = join(dir, 'users.yaml');
    writeFileSync(file, 'users:\n  - { id: sup-1, role: supervisor, teams: [legal], tokenSha256: not-a-digest }\n');
    expect(() => new UserDirectory().loadFile(file, TEAMS)).toThrow(/users\.yaml:2:\d+: .*SHA-256/);
  });
});
