/**
 * `fengkong rules validate|test|publish`: check a rule-set file (errors as `file:line:col:
 * message`), run it over JSONL events, and publish it to running processors through Redis.
 */
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { readLines } from '../../lib/jsonl.ts';
import { compileRuleSet, type LoadResult } from '../../detectors/rules/load.ts';
import type { EvalContext } from '../../detectors/rules/context.ts';
import type { CompiledRuleSet } from '../../detectors/rules/ruleSet.ts';
import { publishRuleSet, ruleKeys } from '../../detectors/rules/redisChannel.ts';
import { knownModelInputs } from '../../detectors/modelInputs.ts';
import { INPUT_TOPICS, isTopicName, type TopicName } from '../../schemas/topics.ts';
import { REPAYMENT_KINDS } from '../../schemas/topics/repayment.ts';
import { ENTERPRISE_UPDATE_KINDS } from '../../schemas/topics/enterpriseUpdate.ts';

interface CheckOptions {
  /** Check feature names against the feature registry (commander's --no-feature-check sets false). */
  featureCheck: boolean;
}

async function loadFile(file: string, opts: CheckOptions): Promise<LoadResult> {
  const text = await readFile(file, 'utf8');
  return compileRuleSet(text, file, opts.featureCheck ? { knownFeatures: knownModelInputs() } : {});
}

function printIssues(result: LoadResult & { ok: false }): void {
  for (const i of result.issues) console.log(`${result.source}:${i.line}:${i.col}: ${i.message}`);
}

const CONTEXT_KEYS = new Set(['event', 'features', 'graph', 'models', 'lists', 'topic']);

/** A JSONL line is either a bare event or `{event, features, graph, models, lists, topic?}`. */
function toContext(value: unknown): { ctx: EvalContext; topic: string | undefined } {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.includes('event') && typeof obj.event === 'object' && keys.every((k) => CONTEXT_KEYS.has(k))) {
      const rec = (k: string) => (typeof obj[k] === 'object' && obj[k] !== null ? (obj[k] as Record<string, never>) : {});
      return {
        ctx: { event: obj.event, features: rec('features'), graph: rec('graph'), models: rec('models'), lists: rec('lists') },
        topic: typeof obj.topic === 'string' ? obj.topic : undefined,
      };
    }
  }
  return { ctx: { event: value, features: {}, graph: {}, models: {}, lists: {} }, topic: undefined };
}

/** Best guess of an event's topic from its identifying fields (only used without --topic). */
export function inferTopic(event: unknown): TopicName | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const e = event as Record<string, unknown>;
  if ('applicationId' in e && 'identity' in e) return 'applications';
  if ('transactionId' in e) return 'transactions';
  if ('loanId' in e && typeof e.kind === 'string' && (REPAYMENT_KINDS as readonly string[]).includes(e.kind)) return 'repayments';
  if ('enterpriseId' in e && typeof e.kind === 'string' && Object.hasOwn(ENTERPRISE_UPDATE_KINDS, e.kind)) return 'enterprise-updates';
  return undefined;
}

async function testRules(set: CompiledRuleSet, eventsFile: string, topicOption: TopicName | undefined): Promise<{ events: number; hits: number; shadow: number; bad: number }> {
  const totals = { events: 0, hits: 0, shadow: 0, bad: 0 };
  for await (const { line, bytes } of readLines(eventsFile)) {
    const text = bytes.toString('utf8').trim();
    if (text === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      totals.bad++;
      console.log(`${eventsFile}:${line}: invalid JSON (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    const { ctx, topic: lineTopic } = toContext(value);
    const topic = topicOption ?? (lineTopic !== undefined && isTopicName(lineTopic) ? lineTopic : inferTopic(ctx.event));
    const result = set.evaluate(ctx, topic);
    totals.events++;
    totals.hits += result.hits.length;
    totals.shadow += result.hits.filter((h) => h.shadow).length;
    const id = typeof (ctx.event as { eventId?: unknown })?.eventId === 'string' ? (ctx.event as { eventId: string }).eventId : `line ${line}`;
    const hits = result.hits.map((h) => `${h.ruleId}(${h.action}${h.shadow ? ',shadow' : ''})`).join(' ') || '-';
    const errors = result.errors.map((e) => ` error:${e.ruleId}: ${e.message}`).join('');
    console.log(`${id} [${topic ?? 'any'}]: ${hits}${errors}`);
  }
  return totals;
}

export function registerRules(program: Command): void {
  const rules = program.command('rules').description('rule sets: validate, test on events, publish');

  rules
    .command('validate')
    .description('check a rule-set file; prints "ok: <ruleSet> <version> <n> rules" or file:line:col errors')
    .argument('<file>', 'rule-set YAML')
    .option('--no-feature-check', 'do not check features.* names against the feature registry')
    .action(async (file: string, opts: CheckOptions) => {
      const result = await loadFile(file, opts);
      if (!result.ok) {
        printIssues(result);
        process.exitCode = 1;
        return;
      }
      const s = result.ruleSet;
      const shadow = s.rules.filter((r) => r.mode === 'shadow').length;
      const off = s.rules.filter((r) => r.mode === 'paused' || r.mode === 'retired').length;
      const extra = s.mode === 'shadow' ? ' (whole set in shadow mode)' : shadow + off > 0 ? ` (${shadow} shadow, ${off} paused or retired)` : '';
      console.log(`ok: ${s.name} ${s.version} ${s.rules.length} rules${extra}`);
    });

  rules
    .command('test')
    .description('evaluate a rule set on JSONL events (bare events or {event, features, graph, models, lists} objects)')
    .argument('<file>', 'rule-set YAML')
    .requiredOption('--events <jsonl>', 'events, one JSON object per line')
    .option('--topic <topic>', `topic of every event (${INPUT_TOPICS.join(', ')}); default: guessed per event`)
    .option('--no-feature-check', 'do not check features.* names against the feature registry')
    .action(async (file: string, opts: CheckOptions & { events: string; topic?: string }) => {
      if (opts.topic !== undefined && !(isTopicName(opts.topic) && (INPUT_TOPICS as readonly string[]).includes(opts.topic))) {
        console.error(`unknown input topic '${opts.topic}'; use one of: ${INPUT_TOPICS.join(', ')}`);
        process.exitCode = 2;
        return;
      }
      const result = await loadFile(file, opts);
      if (!result.ok) {
        printIssues(result);
        console.error('the rule set does not load; fix it first (fengkong rules validate shows the same errors)');
        process.exitCode = 1;
        return;
      }
      const totals = await testRules(result.ruleSet, opts.events, opts.topic as TopicName | undefined);
      console.log(`events: ${totals.events} hits: ${totals.hits} shadow: ${totals.shadow}${totals.bad > 0 ? ` unreadable: ${totals.bad}` : ''}`);
      if (totals.bad > 0) process.exitCode = 1;
    });

  rules
    .command('publish')
    .description(`store a rule set in Redis and announce it on ${ruleKeys.channel}; running processors load it without restart`)
    .argument('<file>', 'rule-set YAML')
    .option('--redis-url <url>', 'Redis URL (default: REDIS_URL)')
    .action(async (file: string, opts: { redisUrl?: string }) => {
      const url = opts.redisUrl ?? process.env.REDIS_URL;
      if (!url) {
        console.error('give --redis-url <url> or set REDIS_URL');
        process.exitCode = 2;
        return;
      }
      const result = await loadFile(file, { featureCheck: true });
      if (!result.ok) {
        printIssues(result);
        process.exitCode = 1;
        return;
      }
      const { createClient } = await import('redis');
      const client = createClient({ url });
      client.on('error', (err: Error) => console.error(`redis: ${err.message}`));
      await client.connect();
      try {
        const pointer = await publishRuleSet(client, await readFile(file, 'utf8'));
        console.log(`published: ${pointer.ruleSet} ${pointer.version}`);
      } finally {
        await client.quit();
      }
    });
}
