import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fixtureDir } from '../../importers/testHelpers.ts';
import { main } from '../main.ts';

async function run(args: string[]): Promise<{ out: string; err: string; code: number }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk).trimEnd());
    return true;
  });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err.push(String(chunk).trimEnd());
    return true;
  });
  const before = process.exitCode;
  process.exitCode = 0;
  try {
    await main(['node', 'fengkong', ...args]);
    return { out: out.join('\n'), err: err.join('\n'), code: Number(process.exitCode ?? 0) };
  } finally {
    process.exitCode = before;
    for (const spy of [log, error, stdout, stderr]) spy.mockRestore();
  }
}

const HEADER = 'step,type,amount,nameOrig,oldbalanceOrg,newbalanceOrig,nameDest,oldbalanceDest,newbalanceDest,isFraud,isFlaggedFraud';

describe('fengkong import', () => {
  let fx: Awaited<ReturnType<typeof fixtureDir>>;
  beforeAll(async () => {
    fx = await fixtureDir();
  });
  afterAll(async () => {
    await fx.dispose();
  });

  it('writes <topic>.jsonl + dead-letters.jsonl, prints the summary line, and validate accepts the output', async () => {
    const file = await fx.write('ps.csv', [
      HEADER,
      '1,PAYMENT,9839.64,C1231006815,170136,160296.36,M1979787155,0,0,0,0',
      '1,TRANSFER,181,C1305486145,181,0,C553264065,0,0,1,0',
      '1,CASH_OUT,-5,C840083671,181,0,C38997010,21182,0,1,0',
    ].join('\n') + '\n');
    const out = join(fx.dir, 'out');
    const imported = await run(['import', 'paysim', '--file', file, '--out', out]);
    expect(imported.code).toBe(0);
    expect(imported.out).toBe('rows: 3 mapped: 2 dead_letters: 1 transactions: 2 labels: 1 dead-letters: 1');
    expect(imported.err).toMatch(/dead letters fengkong:import-out-of-contract: 1/);
    expect((await readdir(out)).sort()).toEqual(['dead-letters.jsonl', 'labels.jsonl', 'transactions.jsonl']);
    expect((await readFile(join(out, 'transactions.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(2);
    const validated = await run(['validate', '--dir', out]);
    expect(validated.out).toBe('valid: 4 invalid: 0');
    expect(validated.code).toBe(0);
  });

  it('fails with a next step when the file is not the data set named, leaving no files behind', async () => {
    const file = await fx.write('wrong.csv', 'a,b\n1,2\n');
    const out = join(fx.dir, 'wrong');
    const r = await run(['import', 'uci-credit', '--file', file, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/the header lacks ID, LIMIT_BAL.*is this a uci-credit file\?/);
    expect(await readdir(out)).toEqual([]);
  });

  it('refuses an unknown data set', async () => {
    const r = await run(['import', 'lending-club', '--file', 'x.csv', '--out', fx.dir]);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/unknown data set 'lending-club'; choose one of paysim, sba, uci-credit/);
  });
});
