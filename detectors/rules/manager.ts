/**
 * Holds the active compiled rule set and swaps it without a restart. A new text is compiled
 * first and only then swapped in (one reference assignment, so an evaluation in flight finishes
 * on the set it started with); a text that does not compile is rejected with line and column and
 * the running version stays. The last N sets are kept for audit and rollback.
 */
import type { Logger } from '../../lib/logger.ts';
import type { TopicName } from '../../schemas/topics.ts';
import type { EvalContext } from './context.ts';
import { compileRuleSet, type LoadOptions, type RuleSetIssue } from './load.ts';
import { RULES_LOG } from './logEvents.ts';
import type { CompiledRuleSet, RuleEvaluation } from './ruleSet.ts';

export type ManagerLoadResult =
  | { ok: true; status: 'loaded' | 'unchanged'; ruleSet: CompiledRuleSet; previous: CompiledRuleSet | undefined }
  | { ok: false; source: string; issues: RuleSetIssue[]; active: CompiledRuleSet | undefined };

/** One entry of the version history. */
export interface RuleSetVersionInfo {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly digest: string;
  readonly source: string;
  readonly activatedAt: string;
  readonly rules: number;
}

export interface RuleSetManagerOptions extends LoadOptions {
  /** How many sets the history keeps, the active one included (default 10). */
  readonly historySize?: number;
  /** Only sets with this `ruleSet` name are accepted (guards against publishing the wrong file). */
  readonly expectName?: string;
  readonly logger?: Logger;
  /** Clock for `activatedAt` (tests). */
  readonly now?: () => Date;
}

type Listener = (active: CompiledRuleSet, previous: CompiledRuleSet | undefined) => void;

export class RuleSetManager {
  private current: CompiledRuleSet | undefined;
  private readonly versions: Array<{ set: CompiledRuleSet; activatedAt: string }> = [];
  private readonly listeners = new Set<Listener>();
  private readonly historySize: number;

  constructor(private readonly options: RuleSetManagerOptions = {}) {
    this.historySize = Math.max(1, options.historySize ?? 10);
  }

  /** The set in force, or undefined before the first successful load. */
  get active(): CompiledRuleSet | undefined {
    return this.current;
  }

  /**
   * Compiles `text` and makes it active. On any issue the previous set stays active. The same
   * name and version with the same text is a no-op; with a different text it is rejected, since
   * hit counts and outcomes are kept per version.
   */
  load(text: string, source: string): ManagerLoadResult {
    const result = compileRuleSet(text, source, this.options);
    if (!result.ok) return this.reject(source, result.issues);
    const set = result.ruleSet;
    if (this.options.expectName && set.name !== this.options.expectName) {
      return this.reject(source, [{ line: 1, col: 1, message: `rule set '${set.name}' is not the expected '${this.options.expectName}'` }]);
    }
    const known = this.versions.find((v) => v.set.id === set.id);
    if (known && known.set.digest !== set.digest) {
      return this.reject(source, [{ line: 1, col: 1, message: `version ${set.version} of ${set.name} was already loaded with different content; give the change a new version` }]);
    }
    if (this.current && this.current.id === set.id) {
      this.options.logger?.debug({ event: RULES_LOG.unchanged, ruleSet: set.id, source }, 'rule set unchanged');
      return { ok: true, status: 'unchanged', ruleSet: this.current, previous: this.current };
    }
    return { ok: true, status: 'loaded', ruleSet: set, previous: this.activate(set, RULES_LOG.loaded) };
  }

  /** Makes a set from the history active again. */
  rollback(version: string): ManagerLoadResult {
    const entry = this.versions.find((v) => v.set.version === version || v.set.id === version);
    if (!entry) {
      const have = this.versions.map((v) => v.set.version).join(', ') || 'none';
      return this.reject(`history:${version}`, [{ line: 1, col: 1, message: `version ${version} is not in the history (have: ${have})` }]);
    }
    if (entry.set === this.current) return { ok: true, status: 'unchanged', ruleSet: entry.set, previous: entry.set };
    return { ok: true, status: 'loaded', ruleSet: entry.set, previous: this.activate(entry.set, RULES_LOG.rolledBack) };
  }

  /** Evaluates the active set; before any set is loaded there are no hits. */
  evaluate(ctx: EvalContext, topic?: TopicName): RuleEvaluation {
    const set = this.current;
    if (!set) return { ruleSetVersion: 'none', hits: [], errors: [] };
    return set.evaluate(ctx, topic);
  }

  /** Versions, newest first. */
  history(): RuleSetVersionInfo[] {
    return this.versions.map(({ set, activatedAt }) => ({
      id: set.id, name: set.name, version: set.version, digest: set.digest, source: set.source, activatedAt, rules: set.rules.length,
    }));
  }

  /** Called after each change of the active set; returns an unsubscribe function. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private activate(set: CompiledRuleSet, event: string): CompiledRuleSet | undefined {
    const previous = this.current;
    this.current = set;
    const at = (this.options.now?.() ?? new Date()).toISOString();
    const i = this.versions.findIndex((v) => v.set.id === set.id);
    if (i >= 0) this.versions.splice(i, 1);
    this.versions.unshift({ set, activatedAt: at });
    this.versions.length = Math.min(this.versions.length, this.historySize);
    this.options.logger?.info({ event, ruleSet: set.id, source: set.source, previous: previous?.id, rules: set.rules.length }, `rule set ${set.id} active`);
    for (const listener of this.listeners) {
      try {
        listener(set, previous);
      } catch (error) {
        this.options.logger?.error({ err: error, event, ruleSet: set.id }, 'rule set change listener failed; the set is active regardless');
      }
    }
    return previous;
  }

  private reject(source: string, issues: RuleSetIssue[]): ManagerLoadResult {
    this.options.logger?.warn(
      { event: RULES_LOG.rejected, source, active: this.current?.id, issues: issues.map((i) => `${source}:${i.line}:${i.col}: ${i.message}`) },
      `rule set from ${source} rejected; ${this.current ? `${this.current.id} keeps scoring` : 'no rule set is active'}`,
    );
    return { ok: false, source, issues, active: this.current };
  }
}
