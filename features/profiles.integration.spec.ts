import calculateSlot from 'cluster-key-slot';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FeatureKeys } from './keys.ts';
import { createEmbeddedProfileStore, createRedisProfileStore, type ProfileStore } from './profiles.ts';
import type { RedisClientLike } from './redisPort.ts';
import { app, DAY, rep, tok, uscc } from './testFixtures.ts';
import type { FeatureInput } from './types.ts';

let client: ReturnType<typeof createClient>;
const prefix = `prof${process.pid}`;
beforeAll(async () => {
  client = createClient({ url: inject('redisUrl') });
  await client.connect();
});
afterAll(async () => {
  await client.quit();
});

const registry = (at: number, name: string, id: string): FeatureInput => ({
  topic: 'enterprise-updates',
  event: { eventId: id, schemaVersion: 1, eventTime: new Date(Date.parse('2026-03-02T00:00:00Z') + at).toISOString(), enterpriseId: uscc(1), kind: 'registry_change', registeredName: name, status: 'active' },
});

const stores: [string, () => ProfileStore][] = [
  ['embedded', () => createEmbeddedProfileStore()],
  ['redis (redis-om)', () => createRedisProfileStore(client as unknown as RedisClientLike, { keyPrefix: prefix })],
];

describe.each(stores)('entity profiles: %s', (_name, make) => {
  it('keeps enterprise, applicant and loan profiles from events, latest event time winning', async () => {
    const store = make();
    await store.applyEvents([
      app({ id: 'a1', at: 0, enterprise: 1, person: 'p1', phone: 'ph1' }),
      registry(2 * DAY, 'New Name Co.', 'r2'),
      registry(1 * DAY, 'Old Name Co.', 'r1'), // older, arrives later: must not win
      app({ id: 'a2', at: DAY / 2, enterprise: 1, person: 'p1', phone: 'ph2' }),
      rep({ id: 'l1', at: 0, loanId: 'loan-p', kind: 'loan_opened', enterprise: 1 }),
      rep({ id: 'l2', at: 30 * DAY, loanId: 'loan-p', kind: 'missed', dpd: 5 }),
    ]);
    const ent = await store.get('enterprise', uscc(1));
    expect(ent?.name).toBe('New Name Co.');
    expect(ent?.status).toBe('active');
    expect(ent?.firstSeenAt).toBe('2026-03-02T00:00:00.000Z');
    const person = await store.get('applicant', tok('p1'));
    expect(person).toMatchObject({ applications: 2, phoneToken: tok('ph2'), enterpriseId: uscc(1), role: 'legal_rep' });
    const loan = await store.get('loan', 'loan-p');
    expect(loan).toMatchObject({ status: 'open', daysPastDue: 5, enterpriseId: uscc(1) });
    await store.applyEvents([rep({ id: 'l3', at: 40 * DAY, loanId: 'loan-p', kind: 'loan_closed' })]);
    expect((await store.get('loan', 'loan-p'))?.status).toBe('closed');
    expect(await store.get('loan', 'no-such-loan')).toBeNull();
    await store.close();
  });
});

describe('redis-om profile keys', () => {
  it('share their entity\u2019s hash tag, so a profile sits in its entity\u2019s Cluster slot', async () => {
    const keys = new FeatureKeys(prefix);
    const id = tok('slot-person');
    await createRedisProfileStore(client as unknown as RedisClientLike, { keyPrefix: prefix }).applyEvents([app({ id: 's1', at: 0, person: 'slot-person' })]);
    const profileKey = `${keys.profileSchemaName('applicant')}:${keys.profileId('applicant', id)}`;
    expect(await client.exists(profileKey)).toBe(1);
    expect(calculateSlot(profileKey)).toBe(calculateSlot(keys.entity('applicant', id, 'v1').state));
  });
});
