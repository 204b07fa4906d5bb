/**
 * A compiled rule set and its evaluation: every applicable rule runs against the context and
 * each hit becomes a `RuleHit` (schemas/topics/outputs.ts). Shadow hits are recorded with
 * `shadow: true` and must never act; paused and retired rules are not evaluated at all.
 */
import type { Static } from '@sinclair/typebox';
import type { RuleHit } from '../../schemas/topics/outputs.ts';
import type { AlertSignal } from '../warning/types.ts';
import type { TopicName } from '../../schemas/topics.ts';
import type { EvalContext } from './context.ts';
import type { Evaluator, References } from './compile.ts';
import type { RuleAction, RuleMode, RuleSetMode, RuleSeverity } from './schema.ts';

export type RuleHitRecord = Static<typeof RuleHit>;

export interface CompiledRule {
  readonly id: string;
  readonly description: string;
  readonly when: string;
  readonly severity: RuleSeverity;
  readonly points: number;
  readonly action: RuleAction;
  readonly reasonCode: string;
  readonly mode: RuleMode;
  readonly signal: AlertSignal | undefined;
  readonly appliesTo: readonly TopicName[];
  readonly evaluate: Evaluator;
  readonly references: References;
}

/** A rule whose condition threw; the rule counts as not hit (conditions are total, so this means a bug). */
export interface RuleEvaluationError {
  readonly ruleId: string;
  readonly message: string;
}

export interface RuleEvaluation {
  /** `<ruleSet>@<version>` of the set that produced the hits. */
  readonly ruleSetVersion: string;
  readonly hits: RuleHitRecord[];
  readonly errors: RuleEvaluationError[];
}

export interface CompiledRuleSet {
  readonly name: string;
  readonly version: string;
  /** `<ruleSet>@<version>`, as written in RuleHit/Decision `ruleSetVersion`. */
  readonly id: string;
  readonly mode: RuleSetMode;
  readonly appliesTo: readonly TopicName[];
  readonly rules: readonly CompiledRule[];
  /** Where the text came from (file path, `redis:<channel>`...). */
  readonly source: string;
  /** sha256 of the text, to tell a re-delivery of the same version from a changed one. */
  readonly digest: string;
  readonly text: string;
  /** Union of the names every evaluated rule reads (features to fetch, models to run...). */
  readonly references: References;
  /** Rules by id. */
  rule(id: string): CompiledRule | undefined;
  /** Runs every applicable rule; `topic` limits to rules that apply to it. */
  evaluate(ctx: EvalContext, topic?: TopicName): RuleEvaluation;
}

/** True for modes that evaluate. */
export const isEvaluated = (mode: RuleMode): boolean => mode === 'active' || mode === 'shadow';

interface Header {
  readonly name: string;
  readonly version: string;
  readonly mode: RuleSetMode;
  readonly appliesTo: readonly TopicName[];
  readonly source: string;
  readonly digest: string;
  readonly text: string;
}

/** Assembles a compiled set from its header and compiled rules. */
export function makeRuleSet(header: Header, rules: readonly CompiledRule[]): CompiledRuleSet {
  const id = `${header.name}@${header.version}`;
  const byId = new Map(rules.map((r) => [r.id, r]));
  const references: References = { features: new Set(), lists: new Set(), graph: new Set(), models: new Set(), eventPaths: new Set() };
  for (const rule of rules) {
    if (!isEvaluated(rule.mode)) continue;
    for (const key of Object.keys(references) as Array<keyof References>) for (const name of rule.references[key]) references[key].add(name);
  }
  const setShadow = header.mode === 'shadow';
  return {
    ...header,
    id,
    rules,
    references,
    rule: (ruleId) => byId.get(ruleId),
    evaluate(ctx, topic) {
      const hits: RuleHitRecord[] = [];
      const errors: RuleEvaluationError[] = [];
      if (topic !== undefined && !header.appliesTo.includes(topic)) return { ruleSetVersion: id, hits, errors };
      for (const rule of rules) {
        if (!isEvaluated(rule.mode)) continue;
        if (topic !== undefined && !rule.appliesTo.includes(topic)) continue;
        let hit: boolean;
        try {
          hit = rule.evaluate(ctx) === true;
        } catch (error) {
          errors.push({ ruleId: rule.id, message: error instanceof Error ? error.message : String(error) });
          continue;
        }
        if (!hit) continue;
        hits.push({
          ruleId: rule.id,
          ruleSetVersion: id,
          reasonCode: rule.reasonCode,
          severity: rule.severity,
          points: rule.points,
          action: rule.action,
          shadow: setShadow || rule.mode === 'shadow',
        });
      }
      return { ruleSetVersion: id, hits, errors };
    },
  };
}
