import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportFileError } from './errors.ts';
import { openSource } from './openSource.ts';
import { collect, fixtureDir } from './testHelpers.ts';

async function drain(path: string): Promise<{ text: string; compressed: boolean; bytesRead: number; totalBytes: number }> {
  const source = await openSource(path);
  const chunks: Buffer[] = [];
  for await (const chunk of source.stream as AsyncIterable<Buffer>) chunks.push(chunk);
  await source.finished();
  return { text: Buffer.concat(chunks).toString('utf8'), compressed: source.compressed, bytesRead: source.bytesRead(), totalBytes: source.totalBytes };
}

describe('openSource', () => {
  let fx: Awaited<ReturnType<typeof fixtureDir>>;
  const text = 'a,b\n' + Array.from({ length: 5000 }, (_, i) => `${i},${i * 2}`).join('\n') + '\n';
  let plain: string;
  let xz: string;
  beforeAll(async () => {
    fx = await fixtureDir();
    plain = await fx.write('t.csv', text);
    // Named .csv on purpose: compression is recognised by the magic bytes, not the name.
    xz = await fx.write('t-compressed.csv', '');
    await writeFile(xz, execFileSync('xz', ['-zc', plain]));
  });
  afterAll(async () => {
    await fx.dispose();
  });

  it('streams a plain file and an xz file to the same bytes, counting the bytes read from disk', async () => {
    const a = await drain(plain);
    const b = await drain(xz);
    expect(a).toMatchObject({ text, compressed: false });
    expect(b).toMatchObject({ text, compressed: true });
    expect(a.bytesRead).toBe(a.totalBytes);
    expect(b.bytesRead).toBe(b.totalBytes);
    expect(b.totalBytes).toBeLessThan(a.totalBytes);
  });

  it('reports a truncated xz file as an ImportFileError after what could be read', async () => {
    const bytes = await readFile(xz);
    const broken = await fx.write('broken.csv.xz', '');
    await writeFile(broken, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(drain(broken)).rejects.toThrow(ImportFileError);
    await expect(collect({ dataset: 'paysim', file: broken })).rejects.toThrow(/xz could not decompress|lacks/);
  });

  it('names a missing file', async () => {
    await expect(openSource(`${fx.dir}/nope.csv`)).rejects.toThrow(/cannot read .*nope\.csv.*--file/);
  });
});
