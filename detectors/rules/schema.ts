/**
 * The rule-set file format, declared once with zod. A rule set is versioned data with an explicit
 * state per rule (`active | shadow | paused | retired`), following the Flink fraud-detection demo's
 * rules-as-data pattern; see rules/default.yaml for a commented example.
 */
import { z } from 'zod';
import { ALERT_SIGNALS } from '../../schemas/topics/outputs.ts';
import { INPUT_TOPICS, type TopicName } from '../../schemas/topics.ts';

export const RULE_SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type RuleSeverity = (typeof RULE_SEVERITIES)[number];
/** What an acting hit asks the decision layer to do; `alert` raises the rule's `signal`. */
export const RULE_ACTIONS = ['approve', 'review', 'reject', 'alert', 'none'] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];
/** active: acts; shadow: evaluated and recorded, never acts; paused/retired: not evaluated. */
export const RULE_MODES = ['active', 'shadow', 'paused', 'retired'] as const;
export type RuleMode = (typeof RULE_MODES)[number];
export const RULE_SET_MODES = ['active', 'shadow'] as const;
export type RuleSetMode = (typeof RULE_SET_MODES)[number];

const inputTopic = z.enum(INPUT_TOPICS as [TopicName, ...TopicName[]]);

export const RuleSpec = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'rule id: letters, digits and _ . : - (1-128)').describe('Stable rule id; hit counts are kept per id'),
  description: z.string().min(1).max(512).describe('What the rule catches, in plain words (shown as the reason text)'),
  when: z.string().min(1).describe('Condition in the rule expression language'),
  severity: z.enum(RULE_SEVERITIES),
  points: z.number().finite().describe('Score points added to the event\u2019s rule score when the rule hits'),
  action: z.enum(RULE_ACTIONS),
  reasonCode: z.string().regex(/^[A-Z][A-Z0-9_]{1,63}$/, 'reason code: UPPER_SNAKE_CASE, 2-64 characters'),
  mode: z.enum(RULE_MODES).default('active'),
  signal: z.enum(ALERT_SIGNALS).optional().describe('Alert signal raised by an acting hit of an `alert` rule'),
  appliesTo: z.array(inputTopic).min(1).optional().describe('Topics this rule runs on (a subset of the set\u2019s); default: all of the set\u2019s'),
});
export type RuleSpec = z.infer<typeof RuleSpec>;

export const RuleSetSpec = z
  .strictObject({
    ruleSet: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'rule set name: lower-case letters, digits, _ and - (1-32)'),
    version: z.string().regex(/^[A-Za-z0-9_.-]{1,31}$/, 'version: letters, digits, _ . - (1-31), e.g. 2026-11-25.1'),
    description: z.string().max(1024).optional(),
    mode: z.enum(RULE_SET_MODES).default('active'),
    appliesTo: z.array(inputTopic).min(1),
    rules: z.array(RuleSpec).min(1),
  })
  .superRefine((set, ctx) => {
    const seen = new Set<string>();
    set.rules.forEach((rule, i) => {
      if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id '${rule.id}'` });
      seen.add(rule.id);
      if (rule.action === 'alert' && !rule.signal) ctx.addIssue({ code: 'custom', path: ['rules', i, 'action'], message: "an 'alert' rule needs a signal" });
      for (const [j, topic] of (rule.appliesTo ?? []).entries()) {
        if (!set.appliesTo.includes(topic)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'appliesTo', j], message: `topic '${topic}' is not in the rule set's appliesTo` });
      }
    });
  });
export type RuleSetSpec = z.infer<typeof RuleSetSpec>;
