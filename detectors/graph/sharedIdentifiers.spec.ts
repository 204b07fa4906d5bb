import { describe, expect, it } from 'vitest';
import { applyEvents } from './applyEvents.ts';
import { MemoryGraphStore } from './memoryStore.ts';
import { sharedIdentifierCounts, sharedIdentifierCountsMany } from './sharedIdentifiers.ts';
import { application, apps } from './testFixtures.ts';

const DAY_MIN = 24 * 60;
const options = { windowMs: 7 * 86_400_000, superNodeDegree: 500 };

describe('shared identifiers', () => {
  it('counts other applicants on the same device within the window, not the applicant or older uses', async () => {
    const store = new MemoryGraphStore();
    const old = application({ person: 'old', ent: 9, device: 'D', minute: 0 });
    const a = application({ person: 'a', ent: 1, device: 'D', minute: 10 * DAY_MIN });
    const b = application({ person: 'b', ent: 2, device: 'D', minute: 11 * DAY_MIN });
    const again = application({ person: 'a', ent: 1, device: 'D', minute: 12 * DAY_MIN });
    const c = application({ person: 'c', ent: 3, device: 'D', minute: 13 * DAY_MIN });
    await applyEvents(store, apps(old, a, b, again, c));
    const counts = await sharedIdentifierCounts(store, c, options);
    // a (twice) and b used D within 7 days of c; "old" did 13 days before.
    expect(counts.device).toMatchObject({ persons: 2, enterprises: 2, applicants: 2, capped: false });
    expect(counts.phone.applicants).toBe(0);
    expect(counts.ip.applicants).toBe(0);
  });

  it('sees one person fronting several companies from one phone, and ten people behind one company', async () => {
    const store = new MemoryGraphStore();
    const shells = [1, 2, 3, 4].map((ent) => application({ person: 'front', ent, phone: 'm', minute: ent }));
    const staff = [1, 2, 3].map((i) => application({ person: `staff${i}`, ent: 50, ip: '8.8.4.4', minute: 10 + i }));
    await applyEvents(store, apps(...shells, ...staff));
    const [shell, worker] = await sharedIdentifierCountsMany(store, [shells[3]!, staff[2]!], options);
    expect(shell?.phone).toMatchObject({ persons: 0, enterprises: 3, applicants: 3 });
    expect(worker?.ip).toMatchObject({ persons: 2, enterprises: 0, applicants: 2 });
  });

  it('counts other enterprises declaring the same company phone', async () => {
    const store = new MemoryGraphStore();
    const x = application({ person: 'x', ent: 1, companyPhone: 'shared' });
    const y = application({ person: 'y', ent: 2, companyPhone: 'shared', minute: 1 });
    const z = application({ person: 'z', ent: 2, companyPhone: 'shared', minute: 2 });
    await applyEvents(store, apps(x, y, z));
    expect((await sharedIdentifierCounts(store, z, options)).companyPhone.applicants).toBe(1);
  });

  it('caps the count on a super-node and says so', async () => {
    const store = new MemoryGraphStore();
    const crowd = Array.from({ length: 30 }, (_, i) => application({ person: `p${i}`, ent: 100 + i, ip: '100.64.0.1', minute: i }));
    await applyEvents(store, apps(...crowd));
    const counts = await sharedIdentifierCounts(store, crowd[29]!, { ...options, superNodeDegree: 10 });
    expect(counts.ip).toMatchObject({ applicants: 10, capped: true });
    expect(counts.device.capped).toBe(false);
  });
});
