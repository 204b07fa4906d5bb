import { describe, expect, it } from 'vitest';
import { applyEvents } from './applyEvents.ts';
import { inconsistencies } from './inconsistencies.ts';
import { MemoryGraphStore } from './memoryStore.ts';
import { application, apps, tok, update, updates, uscc } from './testFixtures.ts';

const options = { superNodeDegree: 500, membersCap: 10 };

describe('inconsistencies', () => {
  it('flags a declared company phone that differs from the registry phone, and clears when they agree', async () => {
    const store = new MemoryGraphStore();
    await applyEvents(store, updates(update('registry_change', 1, { registeredPhone: tok('phone-registry') })));
    const differs = await inconsistencies(store, application({ person: 'a', ent: 1, companyPhone: 'declared' }), options);
    expect(differs).toMatchObject({ registryPhoneKnown: true, declaredPhoneMismatch: true, registryPhone: `phone:${tok('phone-registry')}` });
    const agrees = await inconsistencies(store, application({ person: 'a', ent: 1, companyPhone: 'registry' }), options);
    expect(agrees.declaredPhoneMismatch).toBe(false);
  });

  it('does not call an unknown registry phone a mismatch', async () => {
    const store = new MemoryGraphStore();
    const r = await inconsistencies(store, application({ person: 'a', ent: 1 }), options);
    expect(r).toMatchObject({ registryPhoneKnown: false, declaredPhoneMismatch: false, registryPhone: null });
  });

  it('finds the same phone under other enterprises: on their registry record or their applications', async () => {
    const store = new MemoryGraphStore();
    await applyEvents(store, [
      ...updates(update('registry_change', 7, { registeredPhone: tok('phone-m') })),
      ...apps(application({ person: 'x', ent: 8, companyPhone: 'c' })),
    ]);
    const app = application({ person: 'a', ent: 1, phone: 'm', companyPhone: 'c' });
    await applyEvents(store, apps(app));
    const r = await inconsistencies(store, app, options);
    expect(r.phoneUnderOtherEnterprises).toBe(2);
    expect([...r.otherEnterprises].sort()).toEqual([`ent:${uscc(7)}`, `ent:${uscc(8)}`].sort());
    expect(r.capped).toBe(false);
  });

  it('forgets a registry phone the enterprise has since replaced', async () => {
    const store = new MemoryGraphStore();
    await applyEvents(store, updates(update('registry_change', 7, { registeredPhone: tok('phone-m') }, 0), update('registry_change', 7, { registeredPhone: tok('phone-new') }, 5)));
    const r = await inconsistencies(store, application({ person: 'a', ent: 1, phone: 'm' }), options);
    expect(r.phoneUnderOtherEnterprises).toBe(0);
  });
});
