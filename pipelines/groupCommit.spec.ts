import { describe, expect, it } from 'vitest';
import { GroupCommit } from './groupCommit.ts';

const deferred = () => {
  let release!: () => void;
  const promise = new Promise<void>((r) => (release = r));
  return { promise, release };
};

describe('GroupCommit', () => {
  it('processes items submitted together as one group, later ones in the next group', async () => {
    const groups: number[][] = [];
    const gate = deferred();
    const commit = new GroupCommit<number>(async (items) => {
      groups.push([...items]);
      if (groups.length === 1) await gate.promise;
    }, () => 1, { maxInFlight: 1, maxWeight: 100 });
    const first = [commit.submit(1), commit.submit(2), commit.submit(3)];
    await new Promise((r) => setImmediate(r));
    const later = [commit.submit(4), commit.submit(5)];
    await new Promise((r) => setTimeout(r, 5));
    expect(groups).toEqual([[1, 2, 3]]);
    gate.release();
    await Promise.all([...first, ...later]);
    expect(groups).toEqual([[1, 2, 3], [4, 5]]);
  });

  it('closes a group at the weight limit but never leaves a heavy item alone out', async () => {
    const groups: number[][] = [];
    const commit = new GroupCommit<number>(async (items) => void groups.push([...items]), (n) => n, { maxInFlight: 1, maxWeight: 10 });
    await Promise.all([commit.submit(4), commit.submit(5), commit.submit(3), commit.submit(25)]);
    expect(groups).toEqual([[4, 5], [3], [25]]);
  });

  it('runs up to maxInFlight groups at once', async () => {
    let running = 0;
    let peak = 0;
    const commit = new GroupCommit<number>(async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 10));
      running--;
    }, () => 1, { maxInFlight: 2, maxWeight: 1 });
    await Promise.all([1, 2, 3, 4, 5].map((n) => commit.submit(n)));
    expect(peak).toBe(2);
  });

  it('fails every member of a failed group and goes on with the next', async () => {
    let calls = 0;
    const commit = new GroupCommit<string>(async (items) => {
      calls++;
      if (items.includes('bad')) throw new Error('sink down');
    }, () => 1, { maxInFlight: 1, maxWeight: 2 });
    const results = await Promise.allSettled([commit.submit('ok'), commit.submit('bad'), commit.submit('next')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect(calls).toBe(2);
  });
});
