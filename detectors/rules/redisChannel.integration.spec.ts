import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RuleSetManager, type ManagerLoadResult } from './manager.ts';
import { applyRuleUpdate, publishRuleSet, ruleKeys, subscribeRuleUpdates } from './redisChannel.ts';
import { RuleSetRejectedError } from './load.ts';
import { BROKEN_AT, BROKEN_RULE_SET, ruleSetText } from './__fixtures__/ruleSets.ts';

type Client = ReturnType<typeof createClient>;

describe('rule updates over Redis', () => {
  let client: Client;
  let subscriber: Client;
  const channel = `fk:rules:updates:test-${process.pid}`;

  beforeAll(async () => {
    client = createClient({ url: inject('redisUrl') });
    await client.connect();
    subscriber = client.duplicate();
    await subscriber.connect();
  });
  afterAll(async () => {
    await subscriber.quit();
    await client.quit();
  });

  function collector() {
    const queue: ManagerLoadResult[] = [];
    let wake: (() => void) | undefined;
    return {
      onReload: (r: ManagerLoadResult) => {
        queue.push(r);
        wake?.();
      },
      async next(): Promise<ManagerLoadResult> {
        while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        return queue.shift() as ManagerLoadResult;
      },
    };
  }

  it('loads the current version at start, then each published version; a broken message keeps the running set', async () => {
    const name = `chan${process.pid}`;
    await publishRuleSet(client, ruleSetText('1', 100_000, name), channel);
    expect(await client.get(ruleKeys.current(name))).toBe('1');

    const manager = new RuleSetManager();
    const seen = collector();
    const sub = await subscribeRuleUpdates(manager, subscriber, client, { ruleSet: name, channel, onReload: seen.onReload });
    try {
      expect(sub.initial).toMatchObject({ ok: true, status: 'loaded' });
      expect(manager.active?.id).toBe(`${name}@1`);

      const pointer = await publishRuleSet(client, ruleSetText('2', 5, name), channel);
      expect(pointer).toEqual({ ruleSet: name, version: '2' });
      const second = await seen.next();
      expect(second).toMatchObject({ ok: true, status: 'loaded' });
      expect(manager.active?.id).toBe(`${name}@2`);

      // A raw YAML message that does not compile: rejected with its position, version 2 stays.
      await client.publish(channel, BROKEN_RULE_SET);
      const broken = await seen.next();
      expect(broken.ok).toBe(false);
      if (!broken.ok) expect(broken.issues[0]).toMatchObject(BROKEN_AT);
      expect(manager.active?.id).toBe(`${name}@2`);

      // A pointer to a version that was never stored.
      await client.publish(channel, JSON.stringify({ ruleSet: name, version: '404' }));
      const missing = await seen.next();
      expect(missing.ok).toBe(false);
      if (!missing.ok) expect(missing.issues[0]?.message).toMatch(/not stored/);
      expect(manager.active?.id).toBe(`${name}@2`);
    } finally {
      await sub.close();
    }
  });

  it('refuses to publish a set that does not compile, leaving Redis untouched', async () => {
    await expect(publishRuleSet(client, BROKEN_RULE_SET, channel)).rejects.toBeInstanceOf(RuleSetRejectedError);
    expect(await client.get(ruleKeys.version('demo', 'broken'))).toBeNull();
  });

  it('applyRuleUpdate resolves pointers through any fetcher (e.g. a Kafka consumer)', async () => {
    const manager = new RuleSetManager();
    const texts = new Map([['demo@7', ruleSetText('7')]]);
    const result = await applyRuleUpdate(manager, '{"ruleSet":"demo","version":"7"}', async (p) => texts.get(`${p.ruleSet}@${p.version}`) ?? null, 'kafka:rules');
    expect(result).toMatchObject({ ok: true, status: 'loaded' });
    expect(manager.active?.source).toBe('kafka:rules#demo@7');
    const failing = await applyRuleUpdate(manager, '{"ruleSet":"demo","version":"8"}', async () => {
      throw new Error('broker down');
    }, 'kafka:rules');
    expect(failing.ok).toBe(false);
    expect(manager.active?.id).toBe('demo@7');
  });
});
