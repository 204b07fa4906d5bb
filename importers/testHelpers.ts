/** Test helpers: small CSV fixtures on disk, and the whole output of an import in memory. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeadLetter } from '../schemas/topics/outputs.ts';
import { importEvents, type ImportEventsOptions, type ImportItem, type ValidatedEvent } from './importEvents.ts';

export interface CollectedImport {
  readonly items: ImportItem[];
  readonly events: ValidatedEvent[];
  readonly deadLetters: DeadLetter[];
}

/** Runs importEvents to the end and keeps everything. */
export async function collect(options: ImportEventsOptions): Promise<CollectedImport> {
  const items: ImportItem[] = [];
  for await (const item of importEvents(options)) items.push(item);
  return {
    items,
    events: items.flatMap((i) => (i.kind === 'mapped' ? [...i.events] : [])),
    deadLetters: items.flatMap((i) => (i.kind === 'dead-letter' ? [i.deadLetter] : [])),
  };
}

/** A temporary directory for fixtures, removed by `dispose`. */
export async function fixtureDir(): Promise<{ dir: string; write(name: string, text: string): Promise<string>; dispose(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'fk-import-'));
  return {
    dir,
    write: async (name, text) => {
      const path = join(dir, name);
      await writeFile(path, text);
      return path;
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/** The decompressed text of a data file (xz through the CLI, as the importer does), for independent counts. */
export function readDataText(path: string): string {
  return path.endsWith('.xz') ? execFileSync('xz', ['-dc', path], { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }) : readFileSync(path, 'utf8');
}

/** The original row of a dead letter. */
export const originalOf = (dl: DeadLetter): string => Buffer.from(dl.originalBase64, 'base64').toString('utf8');
