/**
 * Fraud rings, checked on the emitted application events (truth only names the members): members
 * really share phones, devices, IPs or addresses; one company phone is declared under different
 * company names; they fail identity checks more often but not always; and legitimate applicants
 * share identifiers too (public IPs, branch terminals, a partner's server, families), so "shares
 * something" alone is not a detector.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { simulate, type SimulationOutput } from './simulate.ts';

type App = SimulationOutput['events']['applications'][number];

let output: SimulationOutput;
let fraudOf: Map<string, { ringId: number | null; isFraud: boolean }>;

const identifiersOf = (a: App): string[] => [
  `phone:${a.applicant.phone}`, `phone:${a.declaredCompanyPhone}`, `device:${a.deviceId}`, `ip:${a.ip}`, `address:${a.address}`,
];
const failedChecks = (a: App): boolean =>
  !a.identity.idDocumentValid || !a.identity.livenessPassed || !a.identity.smsVerified || !a.identity.captchaPassed || a.identity.faceMatchScore < 0.7;

beforeAll(() => {
  output = simulate({ seed: 21, days: 60, enterprises: 1500 });
  fraudOf = new Map(output.truth.applications.map((a) => [a.applicationId, { ringId: a.ringId, isFraud: a.isFraud }]));
});

describe('fraud rings in the application stream', () => {
  it('links every ring into one component through shared identifiers', () => {
    const byRing = new Map<number, App[]>();
    for (const a of output.events.applications) {
      const ringId = fraudOf.get(a.applicationId)?.ringId;
      if (ringId == null) continue;
      byRing.set(ringId, [...(byRing.get(ringId) ?? []), a]);
    }
    const rings = [...byRing.values()].filter((apps) => apps.length >= 3);
    expect(rings.length).toBeGreaterThanOrEqual(3);
    for (const apps of rings) {
      // Union-find over the ring's applications, joined when they share any identifier.
      const parent = apps.map((_, i) => i);
      const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i] as number)));
      const owner = new Map<string, number>();
      apps.forEach((a, i) => {
        for (const id of identifiersOf(a)) {
          const j = owner.get(id);
          if (j === undefined) owner.set(id, i);
          else parent[find(i)] = find(j);
        }
      });
      const roots = new Set(apps.map((_, i) => find(i)));
      expect(roots.size, `ring of ${apps.length} applications is connected`).toBe(1);
      // And they span several enterprises (shells), not one company applying twice.
      expect(new Set(apps.map((a) => a.enterpriseId)).size).toBeGreaterThanOrEqual(3);
    }
  });

  it('declares one company phone under different company names', () => {
    const namesByPhone = new Map<string, Set<string>>();
    for (const a of output.events.applications) {
      namesByPhone.set(a.declaredCompanyPhone, (namesByPhone.get(a.declaredCompanyPhone) ?? new Set()).add(a.enterpriseName));
    }
    const multi = [...namesByPhone.entries()].filter(([, names]) => names.size >= 2);
    expect(multi.length).toBeGreaterThanOrEqual(3);
    const ringPhones = new Set(output.truth.rings.map((r) => r.companyPhone));
    expect(multi.filter(([phone]) => ringPhones.has(phone)).length).toBeGreaterThanOrEqual(3);
  });

  it('fails identity checks more often for ring members, but not always', () => {
    const ring = output.events.applications.filter((a) => fraudOf.get(a.applicationId)?.ringId != null);
    const legit = output.events.applications.filter((a) => !fraudOf.get(a.applicationId)?.isFraud);
    const rate = (apps: App[]): number => apps.filter(failedChecks).length / apps.length;
    expect(ring.length).toBeGreaterThan(20);
    expect(legit.length).toBeGreaterThan(100);
    expect(rate(ring)).toBeGreaterThan(3 * rate(legit));
    expect(rate(ring)).toBeLessThan(0.9);
    expect(rate(legit)).toBeGreaterThan(0);
  });

  it('has legitimate applicants of different enterprises sharing identifiers too', () => {
    const enterprisesById = new Map<string, Set<string>>();
    for (const a of output.events.applications) {
      if (fraudOf.get(a.applicationId)?.isFraud) continue;
      for (const id of identifiersOf(a)) enterprisesById.set(id, (enterprisesById.get(id) ?? new Set()).add(a.enterpriseId));
    }
    const shared = [...enterprisesById.entries()].filter(([, firms]) => firms.size >= 2).map(([id]) => id);
    expect(shared.some((id) => id.startsWith('ip:'))).toBe(true);
    expect(shared.some((id) => id.startsWith('device:'))).toBe(true);
    // A naive "shares any identifier with another firm" rule flags many genuine applications.
    const sharedSet = new Set(shared);
    const legit = output.events.applications.filter((a) => !fraudOf.get(a.applicationId)?.isFraud);
    const flagged = legit.filter((a) => identifiersOf(a).some((id) => sharedSet.has(id)));
    expect(flagged.length / legit.length).toBeGreaterThan(0.1);
  });
});
