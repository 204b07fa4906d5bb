/**
 * Entity profiles: the slowly changing attributes of enterprises, applicants and loans, kept
 * from the events (declared at application, registry changes, loan servicing) so detectors and
 * case views can look them up. The merge rules are here, once; storage is redis-om repositories
 * (HASH schemas: the Redis here has no RediSearch/RedisJSON, so save/fetch only, no search) or
 * in-process maps for the embedded default.
 *
 * A profile field takes the value of the latest event (by event time) that carries it; an
 * older event only fills fields still empty, so replay and out-of-order delivery converge.
 */
import { Repository, Schema, type Entity } from 'redis-om';
import type { EventOf } from '../schemas/topics.ts';
import { FeatureKeys } from './keys.ts';
import type { RedisClientLike } from './redisPort.ts';
import type { FeatureInput } from './types.ts';

export interface EnterpriseProfile {
  readonly enterpriseId: string;
  readonly name?: string;
  readonly industryCode?: string;
  readonly region?: string;
  readonly employees?: number;
  readonly declaredAnnualRevenue?: number;
  readonly registeredCapital?: number;
  readonly status?: string;
  readonly bureauScore?: number;
  /** Resident-ID token of the legal representative. */
  readonly legalRepToken?: string;
  readonly firstSeenAt: string;
  readonly updatedAt: string;
}

export interface ApplicantProfile {
  /** Resident-ID token. */
  readonly idToken: string;
  readonly role?: string;
  /** Mobile token last given. */
  readonly phoneToken?: string;
  /** Enterprise last applied for. */
  readonly enterpriseId?: string;
  readonly applications: number;
  readonly firstSeenAt: string;
  readonly updatedAt: string;
}

export interface LoanProfile {
  readonly loanId: string;
  readonly enterpriseId?: string;
  readonly applicationId?: string;
  readonly product?: string;
  readonly principal?: number;
  readonly termMonths?: number;
  readonly annualRate?: number;
  readonly status: 'open' | 'closed';
  readonly openedAt?: string;
  readonly closedAt?: string;
  readonly daysPastDue?: number;
  readonly outstandingPrincipal?: number;
  readonly firstSeenAt: string;
  readonly updatedAt: string;
}

export type ProfileKind = 'enterprise' | 'applicant' | 'loan';
type ProfileOf<K extends ProfileKind> = K extends 'enterprise' ? EnterpriseProfile : K extends 'applicant' ? ApplicantProfile : LoanProfile;
type Fields = Record<string, string | number | undefined>;

/** One change an event makes to one profile. */
interface ProfileChange {
  readonly kind: ProfileKind;
  readonly id: string;
  readonly at: string;
  /** Fields to set (undefined values are ignored). */
  readonly set: Fields;
  /** Counters to add to. */
  readonly add?: Readonly<Record<string, number>>;
}

/** The profile changes one event implies. */
export function profileChanges(input: FeatureInput): ProfileChange[] {
  const at = input.event.eventTime;
  switch (input.topic) {
    case 'applications': {
      const e = input.event as EventOf<'applications'>;
      return [
        {
          kind: 'enterprise', id: e.enterpriseId, at,
          set: {
            name: e.enterpriseName, industryCode: e.enterprise?.industryCode, region: e.enterprise?.region,
            employees: e.enterprise?.employees, declaredAnnualRevenue: e.enterprise?.declaredAnnualRevenue,
          },
        },
        {
          kind: 'applicant', id: e.applicant.idNumber, at,
          set: { role: e.applicant.role, phoneToken: e.applicant.phone, enterpriseId: e.enterpriseId },
          add: { applications: 1 },
        },
      ];
    }
    case 'repayments': {
      const e = input.event as EventOf<'repayments'>;
      const set: Fields = { enterpriseId: e.enterpriseId, daysPastDue: e.daysPastDue, outstandingPrincipal: e.outstandingPrincipal };
      if (e.kind === 'loan_opened') {
        Object.assign(set, {
          applicationId: e.applicationId, product: e.product, principal: e.principal, termMonths: e.termMonths,
          annualRate: e.annualRate, status: 'open', openedAt: at,
        });
      }
      if (e.kind === 'loan_closed') Object.assign(set, { status: 'closed', closedAt: at });
      return [{ kind: 'loan', id: e.loanId, at, set }];
    }
    case 'enterprise-updates': {
      const e = input.event as EventOf<'enterprise-updates'>;
      if (e.kind === 'registry_change') {
        return [{
          kind: 'enterprise', id: e.enterpriseId, at,
          set: {
            name: e.registeredName, status: e.status, registeredCapital: e.registeredCapital,
            industryCode: e.industryCode, legalRepToken: e.legalRepresentative?.idNumber,
          },
        }];
      }
      if (e.kind === 'bureau_score_change') return [{ kind: 'enterprise', id: e.enterpriseId, at, set: { bureauScore: e.newScore } }];
      return [];
    }
    default:
      return [];
  }
}

const ID_FIELD: Readonly<Record<ProfileKind, string>> = { enterprise: 'enterpriseId', applicant: 'idToken', loan: 'loanId' };

/** Applies one change to a stored profile (or creates it); pure. */
export function mergeProfile(kind: ProfileKind, current: Fields | null, change: ProfileChange): Fields {
  const out: Fields = current ? { ...current } : { [ID_FIELD[kind]]: change.id, firstSeenAt: change.at, updatedAt: change.at };
  if (kind === 'applicant' && out.applications === undefined) out.applications = 0;
  if (kind === 'loan' && out.status === undefined) out.status = 'open';
  const newer = change.at >= String(out.updatedAt ?? '');
  for (const [field, value] of Object.entries(change.set)) {
    if (value === undefined) continue;
    if (newer || out[field] === undefined) out[field] = value;
  }
  for (const [field, n] of Object.entries(change.add ?? {})) out[field] = Number(out[field] ?? 0) + n;
  if (change.at < String(out.firstSeenAt ?? change.at)) out.firstSeenAt = change.at;
  if (newer) out.updatedAt = change.at;
  return out;
}

export interface ProfileStore {
  /** Updates the profiles the events touch (in order). Not idempotent for counters: call once per applied event. */
  applyEvents(events: readonly FeatureInput[]): Promise<void>;
  get<K extends ProfileKind>(kind: K, id: string): Promise<ProfileOf<K> | null>;
  close(): Promise<void>;
}

/** Groups changes per profile so each is read and written once per batch. */
function groupChanges(events: readonly FeatureInput[]): Map<string, ProfileChange[]> {
  const groups = new Map<string, ProfileChange[]>();
  for (const input of events) {
    for (const change of profileChanges(input)) {
      const key = `${change.kind}\u0000${change.id}`;
      let list = groups.get(key);
      if (!list) groups.set(key, (list = []));
      list.push(change);
    }
  }
  return groups;
}

/** In-process profiles (embedded mode). */
export function createEmbeddedProfileStore(): ProfileStore {
  const held = new Map<string, Fields>();
  return {
    async applyEvents(events) {
      for (const [key, changes] of groupChanges(events)) {
        let p = held.get(key) ?? null;
        for (const c of changes) p = mergeProfile(c.kind, p, c);
        if (p) held.set(key, p);
      }
    },
    async get(kind, id) {
      const p = held.get(`${kind}\u0000${id}`);
      return p ? ({ ...p } as unknown as ProfileOf<typeof kind>) : null;
    },
    async close() {
      held.clear();
    },
  };
}

/** redis-om HASH schemas; every field optional at the storage level. */
function schemas(keys: FeatureKeys): Record<ProfileKind, Schema> {
  const opts = { dataStructure: 'HASH' as const };
  return {
    enterprise: new Schema(keys.profileSchemaName('enterprise'), {
      enterpriseId: { type: 'string' }, name: { type: 'string' }, industryCode: { type: 'string' }, region: { type: 'string' },
      employees: { type: 'number' }, declaredAnnualRevenue: { type: 'number' }, registeredCapital: { type: 'number' },
      status: { type: 'string' }, bureauScore: { type: 'number' }, legalRepToken: { type: 'string' },
      firstSeenAt: { type: 'string' }, updatedAt: { type: 'string' },
    }, opts),
    applicant: new Schema(keys.profileSchemaName('applicant'), {
      idToken: { type: 'string' }, role: { type: 'string' }, phoneToken: { type: 'string' }, enterpriseId: { type: 'string' },
      applications: { type: 'number' }, firstSeenAt: { type: 'string' }, updatedAt: { type: 'string' },
    }, opts),
    loan: new Schema(keys.profileSchemaName('loan'), {
      loanId: { type: 'string' }, enterpriseId: { type: 'string' }, applicationId: { type: 'string' }, product: { type: 'string' },
      principal: { type: 'number' }, termMonths: { type: 'number' }, annualRate: { type: 'number' }, status: { type: 'string' },
      openedAt: { type: 'string' }, closedAt: { type: 'string' }, daysPastDue: { type: 'number' }, outstandingPrincipal: { type: 'number' },
      firstSeenAt: { type: 'string' }, updatedAt: { type: 'string' },
    }, opts),
  };
}

/** Plain fields of a fetched redis-om entity; null when the hash does not exist. */
function fieldsOf(entity: Entity, idField: string): Fields | null {
  const out: Fields = {};
  for (const [k, v] of Object.entries(entity)) {
    if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  }
  return out[idField] === undefined ? null : out;
}

/**
 * Profiles in Redis through redis-om repositories. Keys are `<prefix>:p:<kind>:{e:<kind>:<id>}`:
 * the entity's hash tag, so a profile shares its entity's Cluster slot. A batch costs two
 * concurrent rounds: fetch every touched profile, then save them.
 */
export function createRedisProfileStore(client: RedisClientLike, options: { keyPrefix?: string } = {}): ProfileStore {
  const keys = new FeatureKeys(options.keyPrefix ?? 'fk');
  const repos = {} as Record<ProfileKind, Repository>;
  for (const [kind, schema] of Object.entries(schemas(keys)) as [ProfileKind, Schema][]) {
    repos[kind] = new Repository(schema, client as never);
  }
  return {
    async applyEvents(events) {
      const groups = [...groupChanges(events).values()];
      const fetched = await Promise.all(groups.map((changes) => {
        const first = changes[0] as ProfileChange;
        return repos[first.kind].fetch(keys.profileId(first.kind, first.id));
      }));
      await Promise.all(groups.map((changes, i) => {
        const first = changes[0] as ProfileChange;
        let p = fieldsOf(fetched[i] as Entity, ID_FIELD[first.kind]);
        for (const c of changes) p = mergeProfile(c.kind, p, c);
        return repos[first.kind].save(keys.profileId(first.kind, first.id), p as Entity);
      }));
    },
    async get(kind, id) {
      const entity = await repos[kind].fetch(keys.profileId(kind, id));
      return fieldsOf(entity, ID_FIELD[kind]) as unknown as ProfileOf<typeof kind> | null;
    },
    async close() {
      // The client belongs to the caller.
    },
  };
}
