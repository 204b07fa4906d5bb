/**
 * The simulator is a pure function of its options: the same seed writes byte-identical files,
 * a different seed writes different ones.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SIM_TOPICS } from './emitter.ts';
import { simulate } from './simulate.ts';
import { writeSimulation } from './write.ts';

const OPTIONS = { days: 20, enterprises: 150 } as const;
const dirs: string[] = [];

async function writeRun(seed: number): Promise<Record<string, Buffer>> {
  const dir = await mkdtemp(join(tmpdir(), `fk-sim-${seed}-`));
  dirs.push(dir);
  await writeSimulation(dir, simulate({ seed, ...OPTIONS }));
  const files: Record<string, Buffer> = {};
  for (const name of [...SIM_TOPICS.map((t) => `${t}.jsonl`), 'truth.json']) files[name] = await readFile(join(dir, name));
  return files;
}

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('simulator determinism', () => {
  it('writes byte-identical files for the same seed, and different ones for another seed', async () => {
    const first = await writeRun(42);
    const again = await writeRun(42);
    const other = await writeRun(43);
    for (const name of Object.keys(first)) {
      expect(again[name]?.equals(first[name] as Buffer), `${name} is identical for the same seed`).toBe(true);
    }
    // Every non-empty topic (and the truth) changes with the seed.
    for (const name of ['applications.jsonl', 'transactions.jsonl', 'repayments.jsonl', 'enterprise-updates.jsonl', 'truth.json']) {
      expect((first[name] as Buffer).length, `${name} is not empty`).toBeGreaterThan(0);
      expect(other[name]?.equals(first[name] as Buffer), `${name} differs for another seed`).toBe(false);
    }
  });

  it('does not depend on the clock or Math.random', () => {
    const realRandom = Math.random;
    const realNow = Date.now;
    const a = JSON.stringify(simulate({ seed: 5, days: 5, enterprises: 60 }).events);
    try {
      Math.random = () => 0.5;
      Date.now = () => 0;
      const b = JSON.stringify(simulate({ seed: 5, days: 5, enterprises: 60 }).events);
      expect(b).toBe(a);
    } finally {
      Math.random = realRandom;
      Date.now = realNow;
    }
  });
});
