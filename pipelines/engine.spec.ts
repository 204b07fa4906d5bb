import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KnowledgeGraph } from '../detectors/graph/knowledgeGraph.ts';
import { MemoryGraphStore } from '../detectors/graph/memoryStore.ts';
import { application, shareholder, tok, transfer, update, uscc } from '../detectors/graph/testFixtures.ts';
import type { ModelSet } from '../detectors/models/modelSet.ts';
import type { RowScore } from '../detectors/models/runner.ts';
import { RuleSetManager } from '../detectors/rules/manager.ts';
import { loadDecisionConfig } from '../detectors/decision/config.ts';
import { loadWarningConfig } from '../detectors/warning/config.ts';
import { knownModelInputs } from '../detectors/modelInputs.ts';
import { EXAMPLES } from '../schemas/examples.ts';
import type { EventOf } from '../schemas/topics.ts';
import { DEFAULT_RULES_FILE } from './runtime.ts';
import { DetectorEngine, MODEL_DIRECTORIES } from './engine.ts';
import { LoanBook, MemoryLoanStateStore } from './state/loanBook.ts';
import type { FeatureValues } from './processor.ts';

/** A model set whose models return fixed scores and carry the given manifest thresholds. */
function fixedModels(scores: Record<string, number>, alertAt: Record<string, number>): ModelSet {
  const runners = new Map(Object.entries(MODEL_DIRECTORIES).map(([name, dir]) => [dir, {
    pair: { champion: { manifest: { thresholds: { review: 0, alert: alertAt[name] ?? 0.5 } } } },
    score: async (rows: readonly FeatureValues[]): Promise<RowScore[]> =>
      rows.map(() => ({ champion: { model: name, version: '1.0.0', role: 'champion', score: scores[name] ?? 0, status: 'ok' }, reasons: [] })),
  }]));
  return { runner: (dir: string) => runners.get(dir) } as unknown as ModelSet;
}

function engine(models: ModelSet): DetectorEngine {
  const rules = new RuleSetManager({ knownFeatures: knownModelInputs() });
  const loaded = rules.load(readFileSync(DEFAULT_RULES_FILE, 'utf8'), DEFAULT_RULES_FILE);
  if (!loaded.ok) throw new Error('default rules do not load');
  return new DetectorEngine({
    rules, models, graph: new KnowledgeGraph(new MemoryGraphStore()), loans: new LoanBook(new MemoryLoanStateStore()),
    decisionConfig: loadDecisionConfig(), warningConfig: loadWarningConfig(), now: () => new Date('2026-06-10T08:00:00Z'),
  });
}

const transaction: EventOf<'transactions'> = { ...EXAMPLES.transactions, accountId: tok('acct'), counterpartyAccount: tok('cp'), counterpartyName: tok('cpn') };

describe('DetectorEngine', () => {
  it("raises a transaction-fraud alert at the serving model's own alert threshold", async () => {
    const at = { transaction_fraud: 0.0002 };
    const [above] = await engine(fixedModels({ transaction_fraud: 0.0003 }, at)).scoreBatch([{ topic: 'transactions', event: transaction, features: {}, listHits: [] }]);
    const [below] = await engine(fixedModels({ transaction_fraud: 0.0001 }, at)).scoreBatch([{ topic: 'transactions', event: transaction, features: {}, listHits: [] }]);
    expect(above?.alerts.map((a) => a.signal)).toContain('transaction_fraud');
    expect(below?.alerts.map((a) => a.signal)).not.toContain('transaction_fraud');
  });

  it('decides an application and records the event and graph features it saw', async () => {
    const app = application({ person: 'a', ent: 1 });
    const [out] = await engine(fixedModels({ application_fraud: 0.01, default_pd: 0.01 }, {})).scoreBatch([{ topic: 'applications', event: app, features: {}, listHits: [] }]);
    expect(out?.decision?.applicationId).toBe(app.applicationId);
    expect(out?.score?.features['event.app_face_match']).toBe(app.identity.faceMatchScore);
    expect(out?.score?.features).toHaveProperty(['graph.linkedGroupSize']);
    expect(out?.score?.models.map((m) => m.model).sort()).toEqual(['application_fraud', 'default_pd']);
  });

  describe('related parties through the graph', () => {
    // Enterprises 11 and 12 share a shareholder; 11 has a live loan, 13 is unrelated.
    const opened = (ent: number): EventOf<'repayments'> => ({
      ...EXAMPLES.repayments, eventId: `open-${ent}`, loanId: `LN-${ent}`, enterpriseId: uscc(ent), kind: 'loan_opened',
      principal: 1_000_000, outstandingPrincipal: 1_000_000, daysPastDue: 0,
    });
    async function withBook(): Promise<DetectorEngine> {
      const e = engine(fixedModels({}, {}));
      await e.scoreBatch([
        { topic: 'enterprise-updates', event: shareholder(11, { person: 'owner' }, 60), features: {}, listHits: [] },
        { topic: 'enterprise-updates', event: shareholder(12, { person: 'owner' }, 80), features: {}, listHits: [] },
        { topic: 'repayments', event: opened(11), features: {}, listHits: [] },
      ]);
      return e;
    }
    const signals = (out: Awaited<ReturnType<DetectorEngine['scoreBatch']>>[number] | undefined) => out?.alerts.map((a) => `${a.signal}@${a.loanId ?? '-'}`) ?? [];

    it("warns a borrower's loan when a related enterprise is listed as a dishonest debtor, not when an unrelated one is", async () => {
      const e = await withBook();
      const [related] = await e.scoreBatch([{ topic: 'enterprise-updates', event: update('dishonest_debtor_listed', 12, { caseId: 'C-1' }), features: {}, listHits: [] }]);
      const [unrelated] = await e.scoreBatch([{ topic: 'enterprise-updates', event: update('dishonest_debtor_listed', 13, { caseId: 'C-2' }), features: {}, listHits: [] }]);
      expect(signals(related)).toContain('related_party_listing@LN-11');
      expect(related?.alerts.find((a) => a.signal === 'related_party_listing')?.why[0]?.description).toMatch(/shareholder/i);
      expect(signals(unrelated)).not.toContain('related_party_listing@LN-11');
    });

    it('warns a large transfer to a related enterprise, not a small one or one to an unrelated enterprise', async () => {
      const e = await withBook();
      const big = { ...transfer(11, 12), amount: 400_000, balanceAfter: 5_000, accountId: tok('acct-11') };
      const [toRelated] = await e.scoreBatch([{ topic: 'transactions', event: big, features: {}, listHits: [] }]);
      const [small] = await e.scoreBatch([{ topic: 'transactions', event: { ...big, eventId: 'small', amount: 1_000 }, features: {}, listHits: [] }]);
      const [toOther] = await e.scoreBatch([{ topic: 'transactions', event: { ...transfer(11, 13), amount: 400_000, balanceAfter: 5_000 }, features: {}, listHits: [] }]);
      expect(signals(toRelated)).toContain('related_party_transfer@LN-11');
      expect(signals(small)).not.toContain('related_party_transfer@LN-11');
      expect(signals(toOther)).not.toContain('related_party_transfer@LN-11');
    });
  });
});
