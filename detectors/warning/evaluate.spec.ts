import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, EXAMPLE_ENTERPRISES } from '../../schemas/examples.ts';
import { validateEvent } from '../../schemas/validator.ts';
import { ConfigError } from '../../lib/errors.ts';
import { compileRuleSet } from '../rules/load.ts';
import { DEFAULT_WARNING_CONFIG_PATH, loadWarningConfig, parseWarningConfig } from './config.ts';
import type { WarningContext } from './context.ts';
import { evaluateWarnings } from './evaluate.ts';
import { alertsFromRuleHits } from './ruleAlerts.ts';
import type { WarningAlert } from './alert.ts';

const c = loadWarningConfig();
const loan = { loanId: 'LN-2026-0305-000212', enterpriseId: EXAMPLE_ENTERPRISES.borrower, outstandingPrincipal: 536_880.4, daysPastDue: 0 };
const ctx: WarningContext = {
  input: { topic: 'repayments', event: { ...EXAMPLES.repayments, daysPastDue: 31 } },
  loan,
  probabilityOfDefault: 0.45,
  raisedAt: '2026-07-06T00:00:00.000Z',
};

function valid(alerts: WarningAlert[]): WarningAlert[] {
  for (const a of alerts) {
    const check = validateEvent('alerts', a.alert);
    if (!check.ok) throw new Error(`alert breaks the contract: ${JSON.stringify(check.issues)}`);
  }
  return alerts;
}

describe('evaluateWarnings', () => {
  it('raises every signal that applies, most severe first, as contract-valid alerts', () => {
    const alerts = valid(evaluateWarnings(ctx, c));
    expect(alerts.map((a) => [a.alert.signal, a.alert.severity])).toEqual([
      ['high_default_probability', 'critical'],
      ['missed_payment', 'high'],
      ['dpd_transition', 'medium'],
    ]);
  });

  it('fills the alert from the loan and the event, with a plain-words why', () => {
    const missed = evaluateWarnings(ctx, c).find((a) => a.alert.signal === 'missed_payment') as WarningAlert;
    expect(missed.alert).toMatchObject({
      loanId: loan.loanId, enterpriseId: loan.enterpriseId, exposure: loan.outstandingPrincipal, daysPastDue: 31,
      probabilityOfDefault: 0.45, sourceEventId: EXAMPLES.repayments.eventId, eventTime: EXAMPLES.repayments.eventTime, raisedAt: ctx.raisedAt,
    });
    expect(missed.alert.why.map((w) => w.code)).toEqual(['MISSED_PAYMENT', 'DEFAULT_PROBABILITY', 'EXPOSURE', 'DAYS_PAST_DUE']);
    expect(missed.alert.why[1]?.description).toBe('Latest probability of default is 45.0%');
  });

  it('gives dedup keys per loan and signal (plus detail) and cooldowns in seconds', () => {
    const byKey = Object.fromEntries(evaluateWarnings(ctx, c).map((a) => [a.alert.signal, a]));
    expect(byKey.missed_payment?.dedupKey).toBe(`${loan.loanId}|missed_payment|i4`);
    expect(byKey.missed_payment?.cooldownSeconds).toBe(c.missedPayment.cooldownHours * 3600);
    expect(byKey.dpd_transition?.dedupKey).toBe(`${loan.loanId}|dpd_transition|dpd30`);
    expect(byKey.high_default_probability?.dedupKey).toBe(`${loan.loanId}|high_default_probability`);
  });

  it('derives alert ids from the signal and the source event, so a redelivery gives the same ids', () => {
    const first = evaluateWarnings(ctx, c).map((a) => a.alert.alertId);
    expect(evaluateWarnings(ctx, c).map((a) => a.alert.alertId)).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
    const long = { ...ctx, input: { topic: 'repayments' as const, event: { ...EXAMPLES.repayments, eventId: 'e'.repeat(128) } } };
    valid(evaluateWarnings(long, c));
  });

  it('keeps at most maxWhy reasons', () => {
    const alerts = evaluateWarnings(ctx, { ...c, maxWhy: 2 });
    expect(alerts.every((a) => a.alert.why.length <= 2)).toBe(true);
  });

  it('raises nothing for a quiet event', () => {
    const quiet: WarningContext = { ...ctx, input: { topic: 'repayments', event: { ...EXAMPLES.repayments, kind: 'paid', amountPaid: 70_415.62, daysPastDue: 0 } }, probabilityOfDefault: 0.01 };
    expect(evaluateWarnings(quiet, c)).toEqual([]);
  });
});

describe('alertsFromRuleHits', () => {
  const text = readFileSync(new URL('../../rules/default.yaml', import.meta.url), 'utf8');
  const loaded = compileRuleSet(text, 'default.yaml');
  if (!loaded.ok) throw new Error('default rule set does not load');
  const set = loaded.ruleSet;

  it('turns acting alert hits into alerts with the rule description as the reason', () => {
    const { hits } = set.evaluate({ event: EXAMPLES.repayments }, 'repayments');
    const alerts = valid(alertsFromRuleHits(hits, set, { ...ctx, input: { topic: 'repayments', event: EXAMPLES.repayments } }, c));
    expect(alerts.map((a) => a.alert.signal)).toEqual(['missed_payment']);
    expect(alerts[0]?.alert.why[0]).toMatchObject({ code: 'MISSED_PAYMENT', description: 'An installment was missed', value: 'pl.missed_payment' });
    expect(alerts[0]?.dedupKey).toBe(`${loan.loanId}|missed_payment|rule:pl.missed_payment`);
    expect(alerts[0]?.alert.alertId).not.toBe(evaluateWarnings(ctx, c).find((a) => a.alert.signal === 'missed_payment')?.alert.alertId);
  });

  it('raises nothing for shadow hits or non-alert actions', () => {
    const hits = [
      { ruleId: 'pl.missed_payment', ruleSetVersion: set.id, reasonCode: 'MISSED_PAYMENT', severity: 'high' as const, points: 40, action: 'alert', shadow: true },
      { ruleId: 'app.device_velocity', ruleSetVersion: set.id, reasonCode: 'DEVICE_SHARED_24H', severity: 'high' as const, points: 40, action: 'review', shadow: false },
    ];
    expect(alertsFromRuleHits(hits, set, ctx, c)).toEqual([]);
  });
});

describe('warning config', () => {
  const text = readFileSync(DEFAULT_WARNING_CONFIG_PATH, 'utf8');
  it('rejects thresholds that contradict each other, with the position', () => {
    const bad = text.replace('severeRatio: 0.1', 'severeRatio: 0.5');
    const line = bad.split('\n').findIndex((l) => l.includes('severeRatio: 0.5')) + 1;
    expect(() => parseWarningConfig(bad, 'warning.yaml')).toThrow(ConfigError);
    expect(() => parseWarningConfig(bad, 'warning.yaml')).toThrow(new RegExp(`warning.yaml:${line}:\\d+: inflowCollapse.severeRatio`));
    expect(() => parseWarningConfig(text.replace('- { from: 60, severity: high }', '- { from: 20, severity: high }'))).toThrow(/increasing order/);
    expect(() => parseWarningConfig(text.replace('severity: high\n  cooldownHours: 24', 'severity: severe\n  cooldownHours: 24'))).toThrow(/missedPayment.severity/);
  });
});
