/**
 * Rule-set delivery through Redis: every version is stored under its own key, a `current`
 * pointer names the version in force, and a pub/sub message on `fk:rules:updates` tells running
 * processors to load it. Pub/sub is fire-and-forget, so a processor that starts (or reconnects)
 * reads the `current` pointer after subscribing and cannot miss the version in force.
 *
 * A message is either a JSON pointer `{"ruleSet": "default", "version": "2026-11-25.1"}` (the
 * text is read from the version key) or the YAML text itself, for small deployments and tests.
 * `applyRuleUpdate` is transport-neutral, so a Kafka compacted topic can carry the same messages.
 */
import { compileRuleSet, RuleSetRejectedError, type RuleSetIssue } from './load.ts';
import { RULES_LOG } from './logEvents.ts';
import type { ManagerLoadResult, RuleSetManager } from './manager.ts';
import type { Logger } from '../../lib/logger.ts';

/**
 * Redis keys of rule delivery. The hash tag is the rule-set name, so a set's version keys and
 * its pointer share a Cluster slot (a MULTI over them never crosses slots).
 */
export const ruleKeys = {
  /** Pub/sub channel announcing a new version. */
  channel: 'fk:rules:updates',
  /** STRING: the YAML text of one version. */
  version: (ruleSet: string, version: string): string => `fk:{rules:${ruleSet}}:v:${version}`,
  /** STRING: the version in force. */
  current: (ruleSet: string): string => `fk:{rules:${ruleSet}}:current`,
} as const;

/** What the reader side needs from a Redis client (node-redis v4 fits). */
export interface RuleStoreReader {
  get(key: string): Promise<string | null>;
}
/** What publishing needs. */
export interface RuleStoreWriter extends RuleStoreReader {
  set(key: string, value: string): Promise<unknown>;
  publish(channel: string, message: string): Promise<number>;
}
/** A client in subscriber mode (node-redis v4: `client.duplicate()` then `connect()`). */
export interface RuleSubscriber {
  subscribe(channel: string, listener: (message: string, channel: string) => void): Promise<unknown>;
  unsubscribe(channel: string): Promise<unknown>;
}

/** A pointer message: load `version` of `ruleSet` from its key. */
export interface RuleVersionPointer {
  readonly ruleSet: string;
  readonly version: string;
}

function parsePointer(message: string): RuleVersionPointer | null {
  if (!message.trimStart().startsWith('{')) return null;
  try {
    const v = JSON.parse(message) as Partial<RuleVersionPointer>;
    return typeof v.ruleSet === 'string' && typeof v.version === 'string' ? { ruleSet: v.ruleSet, version: v.version } : null;
  } catch {
    return null;
  }
}

/**
 * Applies one update message to the manager: a pointer is resolved through `fetchVersion`,
 * anything else is taken as YAML. The previous set stays on any failure.
 */
export async function applyRuleUpdate(
  manager: RuleSetManager,
  message: string,
  fetchVersion: (pointer: RuleVersionPointer) => Promise<string | null>,
  source: string,
): Promise<ManagerLoadResult> {
  const pointer = parsePointer(message);
  if (!pointer) return manager.load(message, source);
  const where = `${source}#${pointer.ruleSet}@${pointer.version}`;
  let text: string | null;
  try {
    text = await fetchVersion(pointer);
  } catch (error) {
    const issue: RuleSetIssue = { line: 1, col: 1, message: `cannot read version ${pointer.version} of ${pointer.ruleSet}: ${error instanceof Error ? error.message : String(error)}` };
    return { ok: false, source: where, issues: [issue], active: manager.active };
  }
  if (text === null) {
    return { ok: false, source: where, issues: [{ line: 1, col: 1, message: `version ${pointer.version} of ${pointer.ruleSet} is not stored` }], active: manager.active };
  }
  return manager.load(text, where);
}

/**
 * Stores a version, moves the `current` pointer and announces it. The text is compiled first:
 * a set that would be rejected is never published.
 */
export async function publishRuleSet(client: RuleStoreWriter, text: string, channel: string = ruleKeys.channel): Promise<RuleVersionPointer> {
  const result = compileRuleSet(text, 'publish');
  if (!result.ok) throw new RuleSetRejectedError('publish', result.issues);
  const pointer = { ruleSet: result.ruleSet.name, version: result.ruleSet.version };
  await client.set(ruleKeys.version(pointer.ruleSet, pointer.version), text);
  await client.set(ruleKeys.current(pointer.ruleSet), pointer.version);
  await client.publish(channel, JSON.stringify(pointer));
  return pointer;
}

export interface RedisRuleSubscription {
  /** Outcome of loading the `current` version at start (undefined when no version is stored). */
  readonly initial: ManagerLoadResult | undefined;
  close(): Promise<void>;
}

export interface SubscribeOptions {
  /** Rule set whose `current` pointer is read at start. */
  readonly ruleSet: string;
  readonly channel?: string;
  readonly onReload?: (result: ManagerLoadResult) => void;
  readonly logger?: Logger;
}

/** Subscribes to rule updates, then loads the version in force. */
export async function subscribeRuleUpdates(
  manager: RuleSetManager,
  subscriber: RuleSubscriber,
  reader: RuleStoreReader,
  options: SubscribeOptions,
): Promise<RedisRuleSubscription> {
  const channel = options.channel ?? ruleKeys.channel;
  const source = `redis:${channel}`;
  const fetchVersion = (p: RuleVersionPointer) => reader.get(ruleKeys.version(p.ruleSet, p.version));
  let queue: Promise<void> = Promise.resolve();
  let closed = false;
  const handle = (message: string) => {
    // Updates apply in arrival order; each waits for the previous one's fetch.
    queue = queue.then(async () => {
      if (closed) return;
      const result = await applyRuleUpdate(manager, message, fetchVersion, source);
      if (!result.ok) options.logger?.warn({ event: RULES_LOG.sourceFailed, source: result.source, issues: result.issues.map((i) => i.message) }, 'rule update not applied');
      options.onReload?.(result);
    });
  };
  await subscriber.subscribe(channel, handle);

  let initial: ManagerLoadResult | undefined;
  const current = await reader.get(ruleKeys.current(options.ruleSet));
  if (current !== null) {
    initial = await applyRuleUpdate(manager, JSON.stringify({ ruleSet: options.ruleSet, version: current }), fetchVersion, source);
  }
  return {
    initial,
    async close() {
      closed = true;
      await subscriber.unsubscribe(channel);
      await queue;
    },
  };
}
