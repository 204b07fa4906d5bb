import { describe, expect, it } from 'vitest';
import { applyEvents } from './applyEvents.ts';
import { graphConfig } from './config.ts';
import { enterpriseGraphRisk, enterpriseGraphRiskMany } from './enterpriseGraphRisk.ts';
import { MemoryGraphStore } from './memoryStore.ts';
import { application, apps, guarantee, labels, label, personRef, shareholder, transactions, transfer, update, updates, uscc } from './testFixtures.ts';
import type { NodeId } from './types.ts';

const ent = (n: number): NodeId => `ent:${uscc(n)}`;
const config = graphConfig({ decay: 0.5 });

describe('enterprise graph credit', () => {
  it('spreads lawsuits, listings and defaults of owners, guarantors and counterparties, decayed per hop', async () => {
    const store = new MemoryGraphStore();
    await applyEvents(store, [
      // 2 holds shares in 1 and lost a judgment; 3 guarantees 1 and defaulted; 1 pays 4, which is sued.
      ...updates(shareholder(1, { ent: 2 }, 40), update('litigation_judged', 2, { caseId: 'C1', outcome: 'lost', judgmentAmount: 1 })),
      ...updates(guarantee(3, 1)), ...labels(label('default', { ent: 3 })),
      ...transactions(transfer(1, 4)),
      ...updates(update('litigation_filed', 4, { caseId: 'C2', role: 'defendant', caseType: 'contract_dispute', claimAmount: 1 })),
    ]);
    const r = await enterpriseGraphRisk(store, ent(1), config);
    const w = config.enterpriseFlagWeights;
    expect(r.enterprise).toBe(ent(1));
    expect(r.score).toBeCloseTo((w.judgment_lost + w.defaulted + w.litigation_defendant) * 0.5, 10);
    expect(new Set(r.contributions.map((c) => c.node))).toEqual(new Set([ent(2), ent(3), ent(4)]));
  });

  it('reaches a listed person behind a common officer two hops away, and ignores application links', async () => {
    const store = new MemoryGraphStore();
    await applyEvents(store, [
      ...updates(
        update('officer_change', 1, { officer: personRef('p'), role: 'director', action: 'appointed' }),
        update('officer_change', 2, { officer: personRef('p'), role: 'director', action: 'appointed' }),
        update('dishonest_debtor_listed', 2, {}),
      ),
      ...apps(application({ person: 'x', ent: 1, device: 'D' }), application({ person: 'y', ent: 5, device: 'D' })),
      ...labels(label('fraud_confirmed', { ent: 5 })),
    ]);
    const [one, other] = await enterpriseGraphRiskMany(store, [ent(1), ent(5)], config);
    expect(one?.contributions.map((c) => [c.node, c.hops])).toEqual([[ent(2), 2]]);
    expect(one?.score).toBeCloseTo(config.enterpriseFlagWeights.dishonest_debtor * 0.25, 10);
    // Its own fraud flag is not graph risk.
    expect(other?.score).toBe(0);
  });
});
