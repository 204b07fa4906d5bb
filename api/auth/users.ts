/**
 * Who may use the queue API: static bearer tokens, each standing for a user with one role
 * (agent, supervisor, risk_ops) and the teams they work. Two sources, both read at start-up:
 *
 * - a users file (FENGKONG_QUEUE_USERS_FILE, YAML) holding only the SHA-256 of each token, so
 *   the file can sit in a config repository without granting access:
 *     users:
 *       - { id: agent-01, role: agent, teams: [early_collection], tokenSha256: 9f86d0…}
 *       - { id: ops-01, role: risk_ops, teams: ['*'], tokenSha256: … }
 *   `npx fengkong queues token` prints a new random token and the line to paste;
 * - FENGKONG_QUEUE_TOKENS, for development and tests: comma-separated
 *   `<id>:<role>:<team>+<team>:<token>` (`*` = every team).
 *
 * Tokens are compared by their SHA-256 digest, so the process never keeps them and a lookup
 * takes the same time whatever the token. Static tokens are a first step: a bank deployment
 * puts the API behind its single sign-on (OIDC) and maps the identity provider's groups to the
 * same roles and teams; nothing else changes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { formatIssue, parseYamlWith } from '../../detectors/rules/yamlPositions.ts';
import { ConfigError } from '../../lib/errors.ts';
import { ROLES, type Role } from '../../queues/types.ts';

/** A signed-in user. `teams` is 'all' for every team. */
export interface Principal {
  readonly id: string;
  readonly role: Role;
  readonly teams: ReadonlySet<string> | 'all';
}

/** User ids appear in outcome events (agentId), so they follow the platform's Id pattern. */
const UserId = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'user ids are letters, digits and _ . : - (at most 128)');
const Teams = z.array(z.string().regex(/^(\*|[a-z][a-z0-9_]{0,47})$/, 'a team id, or * for every team')).min(1);

const UsersFile = z.strictObject({
  users: z.array(
    z.strictObject({
      id: UserId,
      role: z.enum(ROLES),
      teams: Teams,
      tokenSha256: z.string().regex(/^[0-9a-f]{64}$/, 'the SHA-256 of the token, 64 lower-case hex digits'),
    }),
  ),
});

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The minimum length of a static token: 24 characters of a random token carry 144+ bits. */
export const MIN_TOKEN_LENGTH = 24;

/** A new random token (URL-safe, 43 characters). */
export const newToken = (): string => randomBytes(32).toString('base64url');

const teamsOf = (teams: readonly string[]): ReadonlySet<string> | 'all' => (teams.includes('*') ? 'all' : new Set(teams));

export class UserDirectory {
  readonly #byDigest = new Map<string, Principal>();
  readonly #byId = new Map<string, Principal>();

  /** Adds a user by the digest of their token; a digest given twice is a configuration error. */
  add(tokenSha256: string, principal: Principal): void {
    if (this.#byDigest.has(tokenSha256)) throw new ConfigError(`two queue users share one token (user ${principal.id}); give each user their own`);
    this.#byDigest.set(tokenSha256, principal);
    // A user may hold several tokens (one per device); they must agree on role and teams.
    const known = this.#byId.get(principal.id);
    if (known && (known.role !== principal.role || describeTeams(known) !== describeTeams(principal))) {
      throw new ConfigError(`queue user ${principal.id} is configured twice with different roles or teams`);
    }
    this.#byId.set(principal.id, principal);
  }

  /** The user with this id (for assignments), or null. */
  byId(id: string): Principal | null {
    return this.#byId.get(id) ?? null;
  }

  /** Adds a user by token. */
  addToken(token: string, principal: Principal): void {
    if (token.length < MIN_TOKEN_LENGTH) throw new ConfigError(`the token of queue user ${principal.id} is shorter than ${MIN_TOKEN_LENGTH} characters; use \`npx fengkong queues token\``);
    this.add(sha256Hex(token), principal);
  }

  /** The user a bearer token stands for, or null. */
  authenticate(token: string): Principal | null {
    return this.#byDigest.get(sha256Hex(token)) ?? null;
  }

  get size(): number {
    return this.#byDigest.size;
  }

  /** Users from a YAML users file (see the module comment). */
  loadFile(path: string, knownTeams: readonly string[]): void {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new ConfigError(`FENGKONG_QUEUE_USERS_FILE: cannot read ${path} (${(error as Error).message})`, { cause: error });
    }
    const parsed = parseYamlWith(UsersFile, text);
    if (!parsed.ok) throw new ConfigError(`invalid queue users file:\n${parsed.issues.map((i) => formatIssue(path, i)).join('\n')}`);
    for (const u of parsed.value.users) {
      checkTeams(u.id, u.teams, knownTeams);
      this.add(u.tokenSha256, { id: u.id, role: u.role, teams: teamsOf(u.teams) });
    }
  }

  /** Users from FENGKONG_QUEUE_TOKENS (`<id>:<role>:<team>+<team>:<token>`, comma-separated). */
  loadEnv(value: string, knownTeams: readonly string[]): void {
    for (const entry of value.split(',').map((e) => e.trim()).filter(Boolean)) {
      const parts = entry.split(':');
      const [id, role, teams, ...rest] = parts;
      const token = rest.join(':');
      if (!id || !role || !teams || !token) throw new ConfigError(`FENGKONG_QUEUE_TOKENS: entry '${id ?? ''}…' is not <id>:<role>:<team>+<team>:<token>`);
      if (!UserId.safeParse(id).success) throw new ConfigError(`FENGKONG_QUEUE_TOKENS: user id '${id}' has characters other than letters, digits and _ . -`);
      if (!(ROLES as readonly string[]).includes(role)) throw new ConfigError(`FENGKONG_QUEUE_TOKENS: user ${id} has role '${role}'; use one of ${ROLES.join(', ')}`);
      const list = teams.split('+');
      checkTeams(id, list, knownTeams);
      this.addToken(token, { id, role: role as Role, teams: teamsOf(list) });
    }
  }
}

const describeTeams = (p: Principal): string => (p.teams === 'all' ? '*' : [...p.teams].sort().join('+'));

function checkTeams(user: string, teams: readonly string[], known: readonly string[]): void {
  for (const t of teams) if (t !== '*' && !known.includes(t)) throw new ConfigError(`queue user ${user} is given unknown team '${t}'; teams are ${known.join(', ')} (config/routing.yaml)`);
}
