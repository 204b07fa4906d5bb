import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../schemas/examples.ts';
import type { EventOf } from '../schemas/topics.ts';
import { describeEventFeature, EVENT_FEATURE_NAMES, EVENT_FEATURES_BY_TOPIC, eventFeatures } from './eventFeatures.ts';

describe('eventFeatures', () => {
  it('gives every declared name of the topic, and only those', () => {
    for (const topic of ['applications', 'transactions', 'repayments'] as const) {
      expect(Object.keys(eventFeatures(topic, EXAMPLES[topic])).sort()).toEqual([...(EVENT_FEATURES_BY_TOPIC[topic] ?? [])].sort());
    }
    expect(eventFeatures('labels', EXAMPLES.labels)).toEqual({});
  });

  it('reads an application: identity failures, bureau, profile and ratios', () => {
    const app: EventOf<'applications'> = {
      ...EXAMPLES.applications,
      identity: { faceMatchScore: 0.41, livenessPassed: false, smsVerified: true, captchaPassed: false, idDocumentValid: true },
      bureauScore: null,
    };
    const f = eventFeatures('applications', app);
    expect(f['event.app_face_match']).toBe(0.41);
    expect(f['event.app_liveness_failed']).toBe(1);
    expect(f['event.app_captcha_failed']).toBe(1);
    expect(f['event.app_sms_unverified']).toBe(0);
    expect(f['event.app_identity_failures']).toBe(2);
    expect(f['event.app_bureau_score']).toBeNull();
    expect(f['event.app_bureau_missing']).toBe(1);
    expect(f['event.app_amount_to_declared_revenue']).toBeCloseTo(800_000 / 14_500_000, 12);
    expect(f['event.app_amount_log']).toBeCloseTo(Math.log1p(800_000), 12);
    expect(f['event.app_urban']).toBe(1);
    expect(f['event.app_channel_app']).toBe(1);
    expect(f['event.app_channel_web']).toBe(0);
    expect(f['event.app_product_working_capital']).toBe(1);
  });

  it('keeps absent profile fields missing, not zero', () => {
    const { enterprise: _dropped, ...bare } = EXAMPLES.applications;
    const f = eventFeatures('applications', bare);
    expect(f['event.app_employees']).toBeNull();
    expect(f['event.app_new_business']).toBeNull();
    expect(f['event.app_urban']).toBeNull();
    expect(f['event.app_amount_to_declared_revenue']).toBeNull();
  });

  it('reads a transaction: share of balance, bookkeeping gap, emptied account', () => {
    const drained: EventOf<'transactions'> = { ...EXAMPLES.transactions, amount: 1000, balanceBefore: 1000, balanceAfter: 0 };
    const f = eventFeatures('transactions', drained);
    expect(f['event.txn_share_of_balance']).toBe(1);
    expect(f['event.txn_balance_error']).toBe(0);
    expect(f['event.txn_empties_account']).toBe(1);
    expect(f['event.txn_out']).toBe(1);
    const unexplained = eventFeatures('transactions', { ...drained, balanceAfter: 400 });
    expect(unexplained['event.txn_balance_error']).toBe(400);
    expect(unexplained['event.txn_empties_account']).toBe(0);
    const inflow = eventFeatures('transactions', { ...drained, direction: 'in', balanceAfter: 2000 });
    expect(inflow['event.txn_balance_error']).toBe(0);
    const { balanceBefore: _b, ...noBefore } = drained;
    expect(eventFeatures('transactions', noBefore)['event.txn_balance_error']).toBeNull();
  });

  it('reads a repayment: paid share and kind', () => {
    const f = eventFeatures('repayments', { ...EXAMPLES.repayments, kind: 'partial', amountDue: 200, amountPaid: 50, daysPastDue: 3 });
    expect(f['event.rep_paid_share']).toBe(0.25);
    expect(f['event.rep_days_past_due']).toBe(3);
    expect(f['event.rep_kind_partial']).toBe(1);
    expect(f['event.rep_kind_missed']).toBe(0);
  });

  it('describes every name', () => {
    for (const name of EVENT_FEATURE_NAMES) expect(describeEventFeature(name), name).toBeTruthy();
    expect(describeEventFeature('event.nope')).toBeUndefined();
  });
});
