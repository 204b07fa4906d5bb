/**
 * The Redis store on a real three-node Redis Cluster, unchanged: every Lua call keeps to one
 * entity's hash-tagged keys, so it runs on whichever node owns the entity's slot.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCluster } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitForPort } from '../services/ports.ts';
import { createEmbeddedFeatureStore } from './embeddedStore.ts';
import type { RedisClusterLike } from './redisPort.ts';
import { createRedisFeatureStore } from './redisStore.ts';
import { app, HOUR, rep, txn } from './testFixtures.ts';
import type { FeatureInput } from './types.ts';

const procs: ChildProcess[] = [];
const dirs: string[] = [];
let ports: number[] = [];

beforeAll(async () => {
  ports = [await freePort(), await freePort(), await freePort()];
  for (const port of ports) {
    const dir = await mkdtemp(join(tmpdir(), 'fk-cluster-'));
    dirs.push(dir);
    procs.push(spawn('redis-server', [
      '--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf'),
      '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning',
    ], { stdio: 'ignore' }));
  }
  for (const port of ports) await waitForPort(port);
  execFileSync('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    if (execFileSync('redis-cli', ['-p', String(ports[0]), 'cluster', 'info']).toString().includes('cluster_state:ok')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
});

afterAll(async () => {
  for (const p of procs) p.kill();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('feature store on Redis Cluster', () => {
  it('applies batches across nodes with the same values as the embedded store', async () => {
    const cluster = createCluster({ rootNodes: ports.map((p) => ({ url: `redis://127.0.0.1:${p}` })) });
    await cluster.connect();
    const store = await createRedisFeatureStore(cluster as unknown as RedisClusterLike, { keyPrefix: 'c' });
    const embedded = createEmbeddedFeatureStore();
    try {
      const events: FeatureInput[] = [];
      for (let i = 0; i < 60; i++) {
        events.push(app({ id: `a${i}`, at: i * HOUR, enterprise: i % 7, person: `p${i % 11}`, device: `d${i % 5}` }));
        events.push(txn({ id: `t${i}`, at: i * HOUR + 1, enterprise: i % 7, account: `acct${i % 9}`, counterparty: `cp${i % 4}`, loanId: `l${i % 3}`, amount: 10 + i }));
        events.push(rep({ id: `r${i}`, at: i * HOUR + 2, loanId: `l${i % 3}`, kind: i % 4 === 0 ? 'missed' : 'paid', dpd: i % 4 === 0 ? 3 : 0, enterprise: i % 7 }));
      }
      events.push(events[5] as FeatureInput);
      const served = await store.applyBatch(events);
      const computed = await embedded.applyBatch(events);
      expect(served.outcomes).toEqual(computed.outcomes);
      expect(served.duplicates).toBe(1);
      // Distinct counts here are small enough for HyperLogLog to be exact.
      expect(served.vectors).toEqual(computed.vectors);
      // Keys really are spread over the three nodes.
      const perNode = await Promise.all(cluster.masters.map(async (m) => Number(await (await cluster.nodeClient(m)).dbSize())));
      expect(perNode.filter((n) => n > 0)).toHaveLength(3);
      await store.putListEntry({ kind: 'device', value: 'd1', list: 'black', reason: 'farm', source: 'ops' });
      const again = await store.applyBatch([app({ id: 'x', at: 70 * HOUR, device: 'd1' })]);
      expect(again.listHits[0]?.map((h) => [h.kind, h.list])).toEqual([['device', 'black']]);
    } finally {
      await store.close();
      await embedded.close();
      await cluster.quit();
    }
  });
});
