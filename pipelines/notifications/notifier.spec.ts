import { describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/logger.ts';
import { EXAMPLES } from '../../schemas/examples.ts';
import type { CollectionOutcome } from '../../schemas/topics/collectionOutcome.ts';
import type { DecisionNotification } from '../../schemas/topics/notification.ts';
import type { Decision } from '../../schemas/topics/outputs.ts';
import { validateRecord } from '../../schemas/validator.ts';
import { InProcessConsumer, InProcessLog, InProcessProducer } from '../log/index.ts';
import type { ApplicationLookup, PendingApplication } from './applicationLookup.ts';
import { DecisionNotifier } from './notifier.ts';

const decision = (applicationId: string, tier: Decision['tier'], final: boolean): Decision => ({
  ...EXAMPLES.decisions, eventId: `d-${applicationId}`, decisionId: `dec-${applicationId}`, applicationId, tier, final,
  suggestedLimit: tier === 'auto_reject' ? 0 : 200_000,
  reasons: [{ code: tier === 'auto_reject' ? 'BUREAU_SCORE_BELOW_FLOOR' : 'LIMIT_REVENUE', description: 'internal', value: 512 }],
});

const outcome = (alertId: string, kind: CollectionOutcome['outcome']): CollectionOutcome => ({
  eventId: `co-${alertId}`, schemaVersion: 1, eventTime: '2026-03-05T03:00:00.000Z', outcomeId: `out-${alertId}`, alertId, team: 'manual_review', agentId: 'officer-1', outcome: kind,
});

/** Alert → pending application, as the decision log would answer. */
class FakeLookup implements ApplicationLookup {
  constructor(private readonly byAlert: Record<string, PendingApplication>) {}
  async applicationOfAlert(alertId: string): Promise<PendingApplication | null> {
    return this.byAlert[alertId] ?? null;
  }
}

describe('decision notifier', () => {
  it('notifies every final decision and a review that confirmed fraud, once each, keyed by the enterprise', async () => {
    const log = new InProcessLog({ topics: { decisions: 2, 'collection-outcomes': 1, 'decision-notifications': 2 } });
    const producer = new InProcessProducer(log);
    await producer.connect();
    const notifier = new DecisionNotifier({
      consumer: new InProcessConsumer(log, { groupId: 'notifier-test', maxWaitMs: 10 }),
      producer,
      lookup: new FakeLookup({
        'al-credit_review-APP-3': { applicationId: 'APP-3', enterpriseId: EXAMPLES.decisions.enterpriseId, product: 'term_loan', final: false, suggestedLimit: 300_000, suggestedAnnualRate: 0.062 },
        'al-credit_review-APP-4': { applicationId: 'APP-4', enterpriseId: EXAMPLES.decisions.enterpriseId, product: 'term_loan', final: true, suggestedLimit: 300_000, suggestedAnnualRate: 0.062 },
        'al-credit_review-APP-5': { applicationId: 'APP-5', enterpriseId: EXAMPLES.decisions.enterpriseId, product: 'working_capital', final: false, suggestedLimit: 450_000, suggestedAnnualRate: 0.058 },
        'al-credit_review-APP-6': { applicationId: 'APP-6', enterpriseId: EXAMPLES.decisions.enterpriseId, product: 'working_capital', final: false, suggestedLimit: 450_000, suggestedAnnualRate: 0.058 },
      }),
      logger: createLogger('silent'),
    });
    await notifier.start();
    const decisions = [decision('APP-1', 'auto_approve', true), decision('APP-2', 'auto_reject', true), decision('APP-3', 'manual_review', false), decision('APP-1', 'auto_approve', true)];
    await producer.send(decisions.map((d) => ({ topic: 'decisions', key: d.enterpriseId, value: JSON.stringify(d) })));
    const outcomes = [
      outcome('al-credit_review-APP-3', 'fraud_confirmed'), outcome('al-credit_review-APP-4', 'fraud_confirmed'), outcome('al-other', 'paid'), outcome('al-unknown', 'fraud_confirmed'),
      // A credit officer's verdicts on manual reviews.
      outcome('al-credit_review-APP-5', 'credit_approved'), outcome('al-credit_review-APP-6', 'credit_declined'), outcome('al-credit_review-APP-5', 'dispute'),
    ];
    await producer.send([...outcomes.map((o) => ({ topic: 'collection-outcomes', key: o.alertId, value: JSON.stringify(o) })), { topic: 'decisions', key: 'x', value: '{"not":"a decision"}' }]);
    const deadline = Date.now() + 10_000;
    while (notifier.recordsProcessed < decisions.length + outcomes.length + 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await notifier.stop();

    const records = [0, 1].flatMap((p) => log.read('decision-notifications', p, 0, 100));
    const sent = records.map((r) => {
      const result = validateRecord('decision-notifications', r.value!);
      if (!result.ok) throw new Error('invalid notification');
      expect(r.key?.toString()).toBe(result.value.enterpriseId);
      return result.value;
    });
    const summary = (n: DecisionNotification) => `${n.applicationId}:${n.outcome}:${n.decidedBy}`;
    // APP-1 twice (a redelivered decision) carries one id, so downstream keeps one.
    expect(sent.map(summary).sort()).toEqual([
      'APP-1:approved:automatic', 'APP-1:approved:automatic', 'APP-2:declined:automatic', 'APP-3:declined:manual_review',
      'APP-5:approved:manual_review', 'APP-6:declined:manual_review',
    ]);
    expect(sent.find((n) => n.applicationId === 'APP-5')?.offer).toEqual({ limit: 450_000, annualRate: 0.058 });
    expect(sent.find((n) => n.applicationId === 'APP-6')?.offer).toBeUndefined();
    expect(new Set(sent.filter((n) => n.applicationId === 'APP-1').map((n) => n.notificationId)).size).toBe(1);
    expect(log.committed('notifier-test', 'collection-outcomes', 0)).toBe(log.offsets('collection-outcomes', 0).end);
  });
});
