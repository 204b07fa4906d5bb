/**
 * Turns rule-set YAML into a compiled set, or into a list of `line:col` issues: YAML syntax,
 * the zod file schema, then every condition compiled once. Nothing is half-loaded: any issue
 * rejects the whole set, and the caller keeps whatever set it was running.
 */
import { createHash } from 'node:crypto';
import { isScalar } from 'yaml';
import { compileExpression, type CompileOptions, type CompileResult } from './compile.ts';
import { isTopicName, type TopicName } from '../../schemas/topics.ts';
import { makeRuleSet, type CompiledRule, type CompiledRuleSet } from './ruleSet.ts';
import { RuleSetSpec } from './schema.ts';
import { parseYaml, positionAt, positionOfPath, scalarIndexToOffset, zodIssuesToSource, type SourceIssue } from './yamlPositions.ts';
import { FengkongError } from '../../lib/errors.ts';

export interface LoadOptions {
  /** Feature registry names; when given, an unknown `features.*` name rejects the set. */
  readonly knownFeatures?: Iterable<string>;
  /** Check `event.*` paths against the topic contracts (default true). */
  readonly checkEventPaths?: boolean;
}

/** A rule set that was rejected, with the issues in source order. */
export interface RuleSetIssue extends SourceIssue {
  readonly ruleId?: string;
}

export type LoadResult = { ok: true; ruleSet: CompiledRuleSet } | { ok: false; source: string; issues: RuleSetIssue[] };

/** Thrown by `loadRuleSetOrThrow`: the set cannot be used; the message lists `source:line:col: ...`. */
export class RuleSetRejectedError extends FengkongError {
  constructor(
    readonly source: string,
    readonly issues: readonly RuleSetIssue[],
  ) {
    super('fengkong:rule-set-rejected', `rule set ${source} rejected:\n${issues.map((i) => `${source}:${i.line}:${i.col}: ${i.message}`).join('\n')}`, { retriable: false });
  }
}

const byPosition = (a: SourceIssue, b: SourceIssue) => a.line - b.line || a.col - b.col;

/** At most this many issues are reported: YAML errors cascade, and the first ones are the useful ones. */
export const MAX_ISSUES = 20;

function finish(source: string, issues: RuleSetIssue[]): LoadResult {
  const sorted = issues.sort(byPosition);
  if (sorted.length <= MAX_ISSUES) return { ok: false, source, issues: sorted };
  const last = sorted[MAX_ISSUES - 1] as RuleSetIssue;
  return { ok: false, source, issues: [...sorted.slice(0, MAX_ISSUES), { line: last.line, col: last.col, message: `... and ${sorted.length - MAX_ISSUES} more issues` }] };
}

const isTopicList = (v: unknown): v is TopicName[] => Array.isArray(v) && v.length > 0 && v.every((t) => typeof t === 'string' && isTopicName(t));

/** Parses, validates and compiles a rule set. Never throws. */
export function compileRuleSet(text: string, source: string, options: LoadOptions = {}): LoadResult {
  const parsed = parseYaml(text);
  if (parsed.issues.length > 0) return finish(source, parsed.issues);
  const raw: unknown = parsed.doc.toJS();
  const spec = RuleSetSpec.safeParse(raw);
  const issues: RuleSetIssue[] = spec.success ? [] : zodIssuesToSource(parsed, spec.error);

  // Conditions are compiled even when other fields are wrong, so one run reports every problem.
  const rawSet = (typeof raw === 'object' && raw !== null ? raw : {}) as { appliesTo?: unknown; rules?: unknown };
  const rawRules: unknown[] = Array.isArray(rawSet.rules) ? rawSet.rules : [];
  const known = options.knownFeatures ? [...options.knownFeatures] : undefined;
  const compiled = new Map<number, CompileResult & { ok: true }>();
  rawRules.forEach((rawRule, i) => {
    const r = (typeof rawRule === 'object' && rawRule !== null ? rawRule : {}) as { id?: unknown; when?: unknown; appliesTo?: unknown };
    if (typeof r.when !== 'string') return;
    const ruleId = typeof r.id === 'string' ? r.id : `#${i + 1}`;
    const topics = isTopicList(r.appliesTo) ? r.appliesTo : isTopicList(rawSet.appliesTo) ? rawSet.appliesTo : undefined;
    const compileOptions: CompileOptions = {
      ...(known ? { knownFeatures: known } : {}),
      ...(options.checkEventPaths === false || !topics ? {} : { topics }),
    };
    const result = compileExpression(r.when, compileOptions);
    const whenNode = parsed.doc.getIn(['rules', i, 'when'], true);
    const at = (index: number) =>
      isScalar(whenNode) ? positionAt(parsed.lineCounter, scalarIndexToOffset(text, whenNode, index)) : positionOfPath(parsed, ['rules', i, 'when']);
    if (!result.ok) {
      for (const issue of result.issues) issues.push({ ...at(issue.index), ruleId, message: `rule ${ruleId}: ${issue.message}` });
    } else if (result.kind !== 'boolean' && result.kind !== 'any') {
      issues.push({ ...at(0), ruleId, message: `rule ${ruleId}: the condition gives a ${result.kind}; it must be true or false (a comparison, && / ||, or exists/contains/startsWith)` });
    } else {
      compiled.set(i, result);
    }
  });
  if (issues.length > 0 || !spec.success) return finish(source, issues);

  const set = spec.data;
  const rules: CompiledRule[] = set.rules.map((rule, i) => {
    const result = compiled.get(i);
    if (!result) throw new Error(`rule ${rule.id} was validated but not compiled`);
    return {
      id: rule.id,
      description: rule.description,
      when: rule.when,
      severity: rule.severity,
      points: rule.points,
      action: rule.action,
      reasonCode: rule.reasonCode,
      mode: rule.mode,
      signal: rule.signal,
      appliesTo: rule.appliesTo ?? set.appliesTo,
      evaluate: result.evaluate,
      references: result.references,
    };
  });
  const digest = createHash('sha256').update(text).digest('hex');
  return {
    ok: true,
    ruleSet: makeRuleSet({ name: set.ruleSet, version: set.version, mode: set.mode, appliesTo: set.appliesTo, source, digest, text }, rules),
  };
}

/** Like `compileRuleSet` but throws `RuleSetRejectedError`; for start-up, where a bad file must stop the process. */
export function loadRuleSetOrThrow(text: string, source: string, options: LoadOptions = {}): CompiledRuleSet {
  const result = compileRuleSet(text, source, options);
  if (!result.ok) throw new RuleSetRejectedError(source, result.issues);
  return result.ruleSet;
}
