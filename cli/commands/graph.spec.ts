import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { uscc, writeRawGraphDir } from '../../detectors/graph/testFixtures.ts';
import { main } from '../main.ts';

let dir: string;
let rawValues: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fk-cli-graph-'));
  ({ rawValues } = await writeRawGraphDir(dir));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ out: string; err: string; code: number }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const before = process.exitCode;
  process.exitCode = 0;
  try {
    await main(['node', 'fengkong', ...args]);
    return { out: out.join('\n'), err: err.join('\n'), code: Number(process.exitCode ?? 0) };
  } finally {
    process.exitCode = before;
    log.mockRestore();
    error.mockRestore();
    stderr.mockRestore();
  }
}

describe('fengkong graph path', () => {
  it('prints the explained path from a simulated directory, with no raw personal data', async () => {
    const { out, err, code } = await run(['graph', 'path', uscc(1), uscc(2), '--from-dir', dir]);
    expect(code).toBe(0);
    expect(out).toContain('星辰贸易有限公司');
    expect(out).toContain('←[shareholder 35%]— person pii_');
    expect(out).toContain('—[法定代表人]→ 海峡物流有限公司');
    expect(err).toContain('1 invalid');
    for (const raw of rawValues) expect(out + err).not.toContain(raw);
  });

  it('says there is no path within the hop limit, with exit code 1', async () => {
    const { out, code } = await run(['graph', 'path', uscc(1), uscc(2), '--from-dir', dir, '--max-hops', '1']);
    expect(out).toBe('no path within 1 hops');
    expect(code).toBe(1);
  });

  it('asks for a source when neither --from-dir nor REDIS_URL is given', async () => {
    const saved = process.env.REDIS_URL;
    delete process.env.REDIS_URL;
    try {
      const { err, code } = await run(['graph', 'path', uscc(1), uscc(2)]);
      expect(code).toBe(2);
      expect(err).toContain('--from-dir');
    } finally {
      if (saved !== undefined) process.env.REDIS_URL = saved;
    }
  });

  it('rejects an argument that is neither a code nor a node id', async () => {
    const { err, code } = await run(['graph', 'path', 'ACME', uscc(2), '--from-dir', dir]);
    expect(code).toBe(1);
    expect(err).toContain("'ACME' is not a unified social credit code");
  });
});
