/**
 * Every Redis key the feature layer uses, from one place. Keys of one entity share the hash tag
 * `{e:<type>:<id>}`, so one Lua call touches one Cluster slot and the store spreads over a
 * Redis Cluster unchanged (BullMQ QueueKeys / Feast entity-keyed layout). `prefix` namespaces a
 * deployment (and isolates tests).
 */
import { createHash } from 'node:crypto';
import type { EntityType, ListKind } from './entities.ts';

/**
 * An id as it goes inside a hash tag: ids with braces (free-form device fingerprints) would
 * cut the tag short and pile unrelated entities into one slot, so they go by a digest.
 */
const tagSafe = (id: string): string => (/[{}]/.test(id) ? `~${createHash('sha1').update(id).digest('hex')}` : id);

export interface EntityKeys {
  /**
   * Hash: buckets, running window aggregates, last values. Named with the entity type's plan
   * version: a registry change that alters what is stored starts new state instead of
   * misreading the old (which expires by its TTL).
   */
  readonly state: string;
  /** Sorted set: event ids applied to the entity (score = event time), for idempotence. */
  readonly dedup: string;
  /** Prefix of the entity's HyperLogLog bucket keys (distinct counts). */
  readonly hllPrefix: string;
}

export class FeatureKeys {
  constructor(readonly prefix = 'fk') {}

  /** The hash tag of an entity: all its keys live in the slot it hashes to. */
  entityTag(entity: EntityType, id: string): string {
    return `{e:${entity}:${tagSafe(id)}}`;
  }

  entity(entity: EntityType, id: string, planVersion: string): EntityKeys {
    const base = `${this.prefix}:${this.entityTag(entity, id)}`;
    return { state: `${base}:s:${planVersion}`, dedup: `${base}:d`, hllPrefix: `${base}:h:${planVersion}:` };
  }

  /** The vector computed for an event, kept so a redelivery returns exactly what was scored. */
  vector(eventId: string): string {
    return `${this.prefix}:{v:${tagSafe(eventId)}}`;
  }

  /** Hash of one identifier's list entries, field = list colour. */
  list(kind: ListKind, value: string): string {
    return `${this.prefix}:{l:${kind}:${tagSafe(value)}}`;
  }

  /**
   * redis-om names a key `<schema name>:<entity id>`; with the hash tag as the id, a profile
   * lands in its entity's slot.
   */
  profileSchemaName(entity: EntityType): string {
    return `${this.prefix}:p:${entity}`;
  }

  profileId(entity: EntityType, id: string): string {
    return this.entityTag(entity, id);
  }

  /** Pattern matching every key under this prefix (for tests and maintenance, never on a hot path). */
  everything(): string {
    return `${this.prefix}:*`;
  }
}
