/**
 * The console in headless Chromium (Debian's, through playwright-core): a supervisor and two
 * agents are signed in; alerts raised from simulator events reach the queues live through the
 * alerts topic; agent 1 claims one and it vanishes from agent 2's queue; agent 1 resolves it as
 * a promise to pay; the audit row (ClickHouse) and the outcome event (collection-outcomes) exist.
 * Screenshots of both views go to test-results/.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ChdbClickHouse } from '../pipelines/clickhouse/chdbClient.ts';
import { migrate } from '../pipelines/clickhouse/migrations.ts';
import { InProcessConsumer, InProcessLog, InProcessProducer } from '../pipelines/log/index.ts';
import { validateEvent } from '../schemas/validator.ts';
import { alertRecord, TopicAlertSource } from '../queues/alertSource.ts';
import { loadRoutingConfig } from '../queues/config.ts';
import { simulatedAlerts } from '../queues/demo/simulatedAlerts.ts';
import { startQueueService, type QueueService } from '../queues/service.ts';
import { readTopic } from '../queues/testing/fixtures.ts';
import { UserDirectory } from './auth/users.ts';

const SHOTS = join(process.cwd(), 'test-results');
const TOKENS = {
  supervisor: 'browser-supervisor-token-0123456789',
  agent1: 'browser-agent-one-token-0123456789ab',
  agent2: 'browser-agent-two-token-0123456789ab',
};
const TEAM = 'early_collection';

let service: QueueService;
/** Added to the wall clock: the test moves the service past an SLA without waiting for it. */
let offsetMs = 0;
let browser: Browser;
let ch: ChdbClickHouse;
const log = new InProcessLog();
const routing = loadRoutingConfig();

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ch = new ChdbClickHouse({ path: mkdtempSync(join(tmpdir(), 'fk-console-chdb-')), database: 'fengkong_console' });
  await migrate(ch);
  const users = new UserDirectory();
  users.loadEnv(
    [
      `sup-1:supervisor:early_collection+late_collection+pre_delinquency+legal:${TOKENS.supervisor}`,
      `agent-1:agent:${TEAM}:${TOKENS.agent1}`,
      `agent-2:agent:${TEAM}:${TOKENS.agent2}`,
    ].join(','),
    Object.keys(routing.teams),
  );
  service = await startQueueService({
    redisUrl: inject('redisUrl'),
    routing,
    users,
    clickhouse: ch,
    producer: new InProcessProducer(log),
    alertSource: new TopicAlertSource(new InProcessConsumer(log, { groupId: 'fengkong-queues', maxWaitMs: 50 })),
    prefix: `browser${Date.now()}`,
    port: 0,
    sweepIntervalMs: 500,
    clock: () => Date.now() + offsetMs,
  });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await service?.close();
  await ch?.close();
  log.close();
});

async function signIn(token: string, lang: 'zh' | 'en'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1500, height: 1000 }, locale: lang === 'zh' ? 'zh-CN' : 'en-US' });
  await context.addInitScript({ content: `localStorage.setItem('fk-lang', '${lang}')` });
  const page = await context.newPage();
  await page.goto(`${service.url}/console/`);
  await page.fill('[data-testid=token]', token);
  await page.click('[data-testid=signin]');
  await page.waitForSelector('[data-testid=live].on');
  return page;
}

/** Resolves once the group has committed every record of the topic (the queue applied them all). */
async function allConsumed(group: string, topic: string): Promise<void> {
  const partitions = Array.from({ length: log.partitionCount(topic) }, (_, p) => p);
  while (partitions.some((p) => log.committed(group, topic, p) < log.offsets(topic, p).end)) await new Promise((resolve) => setTimeout(resolve, 50));
}

const rowIds = (page: Page) => page.$$eval('[data-testid=queue-row]', (rows) => rows.map((r) => r.getAttribute('data-alert-id') ?? ''));

describe('collection console in Chromium', () => {
  it('shows alerts live, hides a claimed alert from the other agent, and records a promise to pay', async () => {
    const supervisor = await signIn(TOKENS.supervisor, 'en');
    await supervisor.selectOption('[data-testid=team]', TEAM);
    const agent1 = await signIn(TOKENS.agent1, 'zh');
    const agent2 = await signIn(TOKENS.agent2, 'zh');
    expect(await rowIds(agent1)).toEqual([]);

    // Alerts raised from simulator events by the early-warning detectors, produced to the
    // alerts topic the queue service consumes: they must appear without a reload.
    const { alerts, eventRows } = simulatedAlerts({ seed: 7, days: 60, enterprises: 200 });
    await ch.insert('events', eventRows);
    const producer = new InProcessProducer(log);
    await producer.connect();
    await producer.send(alerts.map((a) => alertRecord(a)));
    await agent2.waitForSelector('[data-testid=queue-row]');
    await agent1.waitForSelector('[data-testid=queue-row]');
    await supervisor.waitForSelector('[data-testid=queue-row]');
    // Let ingestion finish (later evidence may move an alert to another team), then let every
    // page catch up with the final queue before anyone picks an alert.
    await allConsumed('fengkong-queues', 'alerts');
    const open = (await service.store.list(TEAM, { states: ['open'] })).length;
    for (const page of [agent1, agent2, supervisor]) {
      await page.waitForFunction(`document.querySelectorAll('[data-testid=queue-row]').length === ${open}`);
    }

    // Agent 1 opens the top alert and claims it; it leaves agent 2's queue live.
    const first = (await rowIds(agent1))[0] as string;
    expect(await rowIds(agent2)).toContain(first);
    await agent1.click(`[data-testid=queue-row][data-alert-id="${first}"]`);
    await agent1.waitForSelector('[data-testid=why] li');
    await agent1.click('[data-testid=claim]');
    await agent1.waitForSelector('[data-testid=resolve-form]');
    await agent2.waitForSelector(`[data-testid=queue-row][data-alert-id="${first}"]`, { state: 'detached' });
    expect(await rowIds(agent2)).not.toContain(first);
    await supervisor.waitForSelector(`[data-testid=queue-row][data-alert-id="${first}"][data-state="claimed"]`);

    // Agent 1 resolves it as a promise to pay.
    await agent1.selectOption('[data-testid=outcome]', 'promise_to_pay');
    const promiseDate = await agent1.inputValue('[data-testid=promise-date]');
    await agent1.fill('[data-testid=promise-amount]', '50000');
    await agent1.fill('[data-testid=note]', '客户承诺发薪日还款');
    await agent1.click('[data-testid=resolve-submit]');
    await agent1.waitForSelector('[data-testid=resolution]');
    expect(await agent1.textContent('[data-testid=resolution]')).toContain('承诺还款');
    await agent1.screenshot({ path: join(SHOTS, 'queues-agent1-resolved.png'), fullPage: true });
    await agent2.screenshot({ path: join(SHOTS, 'queues-agent2-queue.png'), fullPage: true });
    await supervisor.screenshot({ path: join(SHOTS, 'queues-supervisor-queue.png'), fullPage: true });

    // Five hours on, every open alert of the team is past its 4-hour SLA and escalated; agent 1
    // claims the next one. The supervisor's board shows the load, the ageing and the breaches,
    // and reassigns one breach to the legal team, which takes it out of the agents' queue.
    offsetMs = 5 * 3600_000;
    await service.sweeper.tick();
    await agent1.click('[data-testid=claim-next]');
    await agent1.waitForSelector('[data-testid=resolve-form]');
    await supervisor.click('[data-testid=tab-board]');
    await supervisor.waitForSelector('[data-testid=agent-load-row]');
    expect(await supervisor.textContent('[data-testid=agent-load-row]')).toContain('agent-1');
    expect(Number(await supervisor.textContent('[data-testid=count-slaBreached] strong'))).toBeGreaterThan(0);
    const breach = (await supervisor.$$eval('[data-testid=breach-row]', (rows) => rows.map((r) => r.getAttribute('data-alert-id') ?? '')))[0] as string;
    const row = `[data-testid=breach-row][data-alert-id="${breach}"]`;
    await supervisor.selectOption(`${row} [data-testid=reassign-team]`, 'legal');
    await supervisor.fill(`${row} [data-testid=reassign-reason]`, 'Guarantor sued; legal takes over');
    await supervisor.screenshot({ path: join(SHOTS, 'queues-supervisor-board.png'), fullPage: true });
    await supervisor.click(`${row} [data-testid=reassign-submit]`);
    await supervisor.waitForSelector(row, { state: 'detached' });
    await agent2.waitForSelector(`[data-testid=queue-row][data-alert-id="${breach}"]`, { state: 'detached' });
    expect((await service.store.get(breach))?.team).toBe('legal');

    // The audit row and the outcome event.
    await service.mirror.drained();
    const audit = await ch.query<{ action: string; actor_id: string; actor_role: string; team: string; result: string }>(
      'SELECT action, actor_id, actor_role, team, result FROM audit_log FINAL WHERE alert_id = {id:String} ORDER BY audit_id', { id: first });
    expect(audit).toEqual([
      { action: 'claimed', actor_id: 'agent-1', actor_role: 'agent', team: TEAM, result: 'ok' },
      { action: 'resolved', actor_id: 'agent-1', actor_role: 'agent', team: TEAM, result: 'ok' },
    ]);
    const [moved] = await ch.query<{ action: string; actor_id: string; team: string }>('SELECT action, actor_id, team FROM audit_log FINAL WHERE alert_id = {id:String}', { id: breach });
    expect(moved).toEqual({ action: 'reassigned', actor_id: 'sup-1', team: 'legal' });
    const outcomes = readTopic(log, 'collection-outcomes').map((r) => JSON.parse(r.value));
    expect(outcomes).toHaveLength(1);
    expect(validateEvent('collection-outcomes', outcomes[0]).ok).toBe(true);
    expect(outcomes[0]).toMatchObject({ alertId: first, agentId: 'agent-1', team: TEAM, outcome: 'promise_to_pay', promiseDate, promiseAmount: 50_000, note: '客户承诺发薪日还款' });
  }, 180_000);
});
