import { describe, expect, it } from 'vitest';
import { GRAPH_FEATURE_NAMES, toFeatureVector } from './featureVector.ts';
import { KnowledgeGraph } from './knowledgeGraph.ts';
import { MemoryGraphStore } from './memoryStore.ts';
import { application, apps, guarantee, label, labels, tok, update, updates, uscc } from './testFixtures.ts';

describe('graph checks of applications', () => {
  it('gives a fraud ring member the signals a rule can fire on', async () => {
    const kg = new KnowledgeGraph(new MemoryGraphStore(), { superNodeDegree: 50, decay: 0.5 });
    const first = application({ id: 'R-1', person: 'r1', ent: 1, device: 'RING', ip: '5.5.5.5', minute: 0 });
    const second = application({ id: 'R-2', person: 'r2', ent: 2, device: 'RING', companyPhone: 'shared-co', minute: 5 });
    await kg.applyEvents([
      ...apps(first, second),
      ...labels(label('fraud_confirmed', { applicationId: 'R-1', ent: 1 })),
      ...updates(update('registry_change', 3, { registeredPhone: tok('phone-shared-co') }), guarantee(3, 9), guarantee(9, 3)),
    ]);
    const suspect = application({ id: 'R-3', person: 'r3', ent: 3, device: 'RING', ip: '5.5.5.5', companyPhone: 'shared-co', minute: 9 });
    const clean = application({ id: 'C-1', person: 'c1', ent: 4, minute: 9 });
    await kg.applyEvents(apps(suspect, clean));
    const [s, c] = await kg.checkApplications([suspect, clean]);

    expect(s?.applicationId).toBe('R-3');
    expect(s?.signals).toMatchObject({
      sharedDeviceApplicants: 2,
      sharedIpApplicants: 1,
      sharedCompanyPhoneEnterprises: 1,
      linkedPersons: 2,
      linkedFlaggedCount: 2,
      nearestFlaggedHops: 1,
      phoneUnderOtherEnterprises: 1,
      registryPhoneKnown: true,
      declaredPhoneMismatch: false,
      guaranteeCircle: true,
      guaranteeCircleLength: 2,
      truncated: false,
    });
    // Fraud application R-1 sits one hop away (through the device), enterprise 1 two hops away.
    expect(s?.signals.riskSpreadScore).toBeCloseTo(1 * 0.5 + 1 * 0.25, 10);
    expect(s?.risk.contributions.map((x) => x.node)).toEqual(['app:R-1', `ent:${uscc(1)}`]);

    expect(c?.signals).toMatchObject({
      sharedDeviceApplicants: 0, sharedIpApplicants: 0, linkedPersons: 0, linkedEnterprises: 0, linkedFlaggedCount: 0,
      riskSpreadScore: 0, nearestFlaggedHops: -1, guaranteeCircle: false, registryPhoneKnown: false,
    });
  });

  it('turns signals into a graph.-prefixed numeric feature vector', async () => {
    const kg = new KnowledgeGraph(new MemoryGraphStore());
    const app = application({ person: 'a', ent: 1 });
    await kg.applyEvents(apps(app));
    const [result] = await kg.checkApplications([app]);
    const vector = toFeatureVector(result!.signals);
    expect(Object.keys(vector)).toEqual(GRAPH_FEATURE_NAMES.map((n) => `graph.${n}`));
    expect(Object.values(vector).every((v) => typeof v === 'number' && Number.isFinite(v))).toBe(true);
    expect(vector['graph.guaranteeCircle']).toBe(0);
    expect(vector['graph.linkedGroupSize']).toBe(result!.signals.linkedGroupSize);
  });
});
