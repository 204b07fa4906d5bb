import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DECISION_REASONS } from '../detectors/decision/reasonCodes.ts';
import { EXAMPLES } from '../schemas/examples.ts';
import type { Decision } from '../schemas/topics/outputs.ts';
import { validateEvent } from '../schemas/validator.ts';
import { notificationOfDecision, notificationOfFraudReview, notificationOfReviewVerdict } from './buildNotification.ts';
import { CUSTOMER_REASONS, customerReasonOf, declineReasons } from './customerReasons.ts';

interface RuleSpec {
  readonly id: string;
  readonly reasonCode: string;
  readonly description: string;
}
const RULES_FILE = fileURLToPath(new URL('../rules/default.yaml', import.meta.url));
const RULES = (parse(readFileSync(RULES_FILE, 'utf8')) as { rules: RuleSpec[] }).rules;
const INTERNAL_CODES = [...new Set([...RULES.map((r) => r.reasonCode), ...Object.keys(DECISION_REASONS)])];

/** A decision as the engine makes it: reasons carry internal codes and descriptions with the figures. */
function decision(tier: Decision['tier'], codes: readonly string[], overrides: Partial<Decision> = {}): Decision {
  return {
    ...EXAMPLES.decisions,
    decisionId: `dec-${tier}`,
    applicationId: `APP-${tier}`,
    tier,
    final: tier === 'auto_approve' || tier === 'auto_reject',
    creditScore: 587,
    probabilityOfDefault: 0.0731,
    fraudScore: 0.9137,
    suggestedLimit: tier === 'auto_reject' ? 0 : 350_000,
    suggestedAnnualRate: 0.055,
    reasons: codes.map((code) => {
      const rule = RULES.find((r) => r.reasonCode === code);
      return {
        code,
        description: `${rule ? `${rule.id}: ${rule.description}` : code} (credit score 587, PD 7.31%, fraud score 0.9137)`,
        value: 0.9137,
        threshold: 0.85,
      };
    }),
    ...overrides,
  };
}

/** Every string and number anywhere in a value, and every key. */
function walk(value: unknown, keys: string[] = [], leaves: Array<string | number> = []): { keys: string[]; leaves: Array<string | number> } {
  if (typeof value === 'string' || typeof value === 'number') leaves.push(value);
  else if (Array.isArray(value)) value.forEach((v) => walk(v, keys, leaves));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      keys.push(k);
      walk(v, keys, leaves);
    }
  }
  return { keys, leaves };
}

/** Asserts that nothing internal leaks: rule ids and names, reason codes, scores, probabilities. */
function expectCustomerSafe(n: unknown, d: Decision): void {
  const text = JSON.stringify(n);
  const { keys, leaves } = walk(n);
  for (const rule of RULES) {
    expect(text, `rule id ${rule.id}`).not.toContain(rule.id);
    expect(text, `rule description of ${rule.id}`).not.toContain(rule.description);
  }
  for (const code of INTERNAL_CODES) expect(text, `reason code ${code}`).not.toMatch(new RegExp(`\\b${code}\\b`));
  for (const key of keys) expect(key).not.toMatch(/score|probab|pd$|fraud|risk|rule|reasonCode|threshold|tier/i);
  const secrets = [d.creditScore, d.probabilityOfDefault, d.fraudScore];
  for (const leaf of leaves) {
    if (typeof leaf === 'number') expect(secrets, `number ${leaf}`).not.toContain(leaf);
    else for (const s of secrets) {
      expect(leaf).not.toContain(String(s));
      expect(leaf).not.toContain(`${(s * 100).toFixed(2)}%`);
    }
  }
}

describe('decision notifications', () => {
  const everyRuleCode = RULES.map((r) => r.reasonCode);

  it('declines in both languages with plain reasons, never a score, probability, rule id or name, or internal code', () => {
    const d = decision('auto_reject', ['FRAUD_SCORE_REJECT', 'CREDIT_SCORE_BAND', 'DEFAULT_PROBABILITY', 'BUREAU_SCORE', ...everyRuleCode]);
    const n = notificationOfDecision(d)!;
    expect(validateEvent('decision-notifications', n).ok).toBe(true);
    expect(n.outcome).toBe('declined');
    expect(n.decidedBy).toBe('automatic');
    expect(n.offer).toBeUndefined();
    expect(n.reasons.length).toBeGreaterThan(0);
    expect(n.reasons.length).toBeLessThanOrEqual(4);
    for (const r of [n.message, ...n.reasons]) {
      expect(r.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(r.en).toMatch(/^[\x20-\x7e\u2019\u2013¥]+$/);
    }
    expectCustomerSafe(n, d);
  });

  it('approves with the offer terms and how the limit was set, and nothing internal', () => {
    const d = decision('auto_approve', ['CREDIT_SCORE_BAND', 'DEFAULT_PROBABILITY', 'BUREAU_SCORE', 'LIMIT_REVENUE', 'RATE_BAND']);
    const n = notificationOfDecision(d)!;
    expect(validateEvent('decision-notifications', n).ok).toBe(true);
    expect(n).toMatchObject({ outcome: 'approved', decidedBy: 'automatic', offer: { limit: 350_000, annualRate: 0.055 } });
    expect(n.message.zh).toContain('¥350,000');
    expect(n.message.en).toContain('5.50%');
    expect(n.reasons).toEqual([CUSTOMER_REASONS.limit_revenue]);
    expectCustomerSafe(n, d);
  });

  it('waits for the reviewer: no notification while the decision is not final, the reviewer\u2019s once it is', () => {
    expect(notificationOfDecision(decision('manual_review', ['RULE_REVIEW']))).toBeNull();
    const reviewed = decision('careful_review', ['FRAUD_SCORE_HIGH', 'LIMIT_PRODUCT_CAP'], { final: true });
    expect(notificationOfDecision(reviewed)).toMatchObject({ outcome: 'approved', decidedBy: 'manual_review' });
    const declined = decision('careful_review', ['FRAUD_SCORE_HIGH'], { final: true, suggestedLimit: 0 });
    const n = notificationOfDecision(declined)!;
    expect(n).toMatchObject({ outcome: 'declined', decidedBy: 'manual_review' });
    expectCustomerSafe(n, declined);
  });

  it('words fraud and blacklist findings as a verification failure, and a confirmed-fraud review as a decline', () => {
    for (const code of ['FRAUD_SCORE_REJECT', 'LIST_HIT', 'LIST_HIT_BLACK', 'GRAPH_NEAR_FLAGGED', 'DEVICE_SHARED_24H']) expect(customerReasonOf(code)).toBe('information_not_verified');
    const n = notificationOfFraudReview({ applicationId: 'APP-9', enterpriseId: EXAMPLES.decisions.enterpriseId, product: 'term_loan' }, '2026-04-01T00:00:00.000Z');
    expect(validateEvent('decision-notifications', n).ok).toBe(true);
    expect(n).toMatchObject({ outcome: 'declined', decidedBy: 'manual_review', reasons: [CUSTOMER_REASONS.information_not_verified] });
    expect(JSON.stringify(n)).not.toMatch(/fraud|欺诈/i);
  });

  it("notifies a credit officer's verdict: approval with the suggested offer, decline with the general reason, nothing internal", () => {
    const d = decision('manual_review', ['CREDIT_SCORE_BAND', 'DEFAULT_PROBABILITY', ...everyRuleCode]);
    const app = { applicationId: d.applicationId, enterpriseId: d.enterpriseId, product: d.product, suggestedLimit: 420_000, suggestedAnnualRate: 0.0615 };
    const approved = notificationOfReviewVerdict(app, 'approved', '2026-04-02T03:00:00.000Z');
    expect(approved).toMatchObject({ outcome: 'approved', decidedBy: 'manual_review', offer: { limit: 420_000, annualRate: 0.0615 } });
    expect(approved.message.en).toContain('420,000');
    const declined = notificationOfReviewVerdict(app, 'declined', '2026-04-02T03:00:00.000Z');
    expect(declined).toMatchObject({ outcome: 'declined', decidedBy: 'manual_review' });
    expect(declined.offer).toBeUndefined();
    expect(declined.reasons.length).toBe(1);
    // An approval without a limit to grant is not an approval.
    expect(notificationOfReviewVerdict({ ...app, suggestedLimit: 0 }, 'approved', '2026-04-02T03:00:00.000Z').outcome).toBe('declined');
    for (const n of [approved, declined]) {
      expect(validateEvent('decision-notifications', n).ok).toBe(true);
      expectCustomerSafe(n, d);
    }
  });

  it('gives at most four specific reasons, the overall assessment only when nothing specific applies, and falls back for unknown codes', () => {
    expect(declineReasons(['CREDIT_SCORE_BAND', 'DEFAULT_PROBABILITY'])).toEqual(['overall']);
    expect(declineReasons(['CREDIT_SCORE_BAND', 'DISHONEST_DEBTOR', 'ENTERPRISE_TOO_YOUNG'])).toEqual(['public_records', 'business_age']);
    expect(declineReasons(['SOME_NEW_CODE_NOBODY_MAPPED'])).toEqual(['overall']);
    expect(declineReasons(['ID_LIVENESS_FAILED', 'LIST_HIT', 'DISHONEST_DEBTOR', 'BUREAU_SCORE_BELOW_FLOOR', 'ENTERPRISE_TOO_YOUNG', 'LOAN_STACKING'])).toHaveLength(4);
    // A model reason's code is a feature name.
    expect(customerReasonOf('enterprise.invoice_sales_sum_365d')).toBe('revenue');
    expect(customerReasonOf('applicant.app_count_30d')).toBe('information_not_verified');
  });
});
