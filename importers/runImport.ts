/**
 * Writes an import as JSONL, one `<topic>.jsonl` per topic the importer produces plus
 * `dead-letters.jsonl`, so `fengkong validate --dir <out>` checks the lot. Files are written
 * under temporary names and renamed at the end: a failed import leaves no half-written topic file.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { wrapError } from '../lib/errors.ts';
import type { TopicName } from '../schemas/topics.ts';
import { importEvents, type ImportEventsOptions } from './importEvents.ts';
import { IMPORTERS } from './registry.ts';

/** Lines buffered per file before a write call. */
const CHUNK_LINES = 1000;

export interface ImportSummary {
  readonly dataset: string;
  readonly file: string;
  readonly outDir: string;
  /** Data rows read (header excluded); always mapped + deadLetters. */
  readonly rows: number;
  readonly mapped: number;
  readonly deadLetters: number;
  /** Events written per topic (dead letters under `dead-letters`). */
  readonly events: Partial<Record<TopicName, number>>;
  /** Dead letters per error code. */
  readonly deadLettersByCode: Record<string, number>;
  readonly files: readonly string[];
}

class JsonlFile {
  readonly #stream: WriteStream;
  #lines: string[] = [];
  count = 0;

  constructor(readonly tmpPath: string, readonly path: string) {
    this.#stream = createWriteStream(tmpPath);
  }

  async add(json: string): Promise<void> {
    this.#lines.push(json);
    this.count++;
    if (this.#lines.length >= CHUNK_LINES) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#lines.length === 0) return;
    const chunk = this.#lines.join('\n') + '\n';
    this.#lines = [];
    if (!this.#stream.write(chunk)) await once(this.#stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.#stream.end();
    await once(this.#stream, 'close');
  }

  destroy(): void {
    this.#stream.destroy();
  }
}

/** Imports `file` into `outDir` (created if missing); existing files of the same names are replaced. */
export async function runImport(options: ImportEventsOptions & { readonly outDir: string }): Promise<ImportSummary> {
  const importer = IMPORTERS[options.dataset];
  const outDir = resolve(options.outDir);
  try {
    await mkdir(outDir, { recursive: true });
  } catch (cause) {
    throw wrapError(`creating the output directory ${outDir}`, cause);
  }
  const tag = `.${process.pid}.tmp`;
  const names: Array<TopicName> = [...importer.topics, 'dead-letters'];
  const files = new Map<TopicName, JsonlFile>(names.map((t) => [t, new JsonlFile(join(outDir, `${t}.jsonl${tag}`), join(outDir, `${t}.jsonl`))]));
  const file = (topic: TopicName): JsonlFile => {
    const f = files.get(topic);
    if (!f) throw new Error(`importer ${importer.name} produced an event on ${topic}, which it does not declare`);
    return f;
  };
  let rows = 0;
  let mappedRows = 0;
  const byCode: Record<string, number> = {};
  let done = false;
  try {
    for await (const item of importEvents(options)) {
      rows++;
      if (item.kind === 'mapped') {
        mappedRows++;
        for (const e of item.events) await file(e.topic).add(e.json);
      } else {
        byCode[item.deadLetter.errorCode] = (byCode[item.deadLetter.errorCode] ?? 0) + 1;
        await file('dead-letters').add(item.json);
      }
    }
    for (const f of files.values()) await f.close();
    for (const f of files.values()) await rename(f.tmpPath, f.path);
    done = true;
  } finally {
    if (!done) {
      for (const f of files.values()) {
        f.destroy();
        await rm(f.tmpPath, { force: true });
      }
    }
  }
  const events: Partial<Record<TopicName, number>> = {};
  for (const [topic, f] of files) events[topic] = f.count;
  return {
    dataset: importer.name, file: options.file, outDir, rows, mapped: mappedRows, deadLetters: rows - mappedRows,
    events, deadLettersByCode: byCode, files: [...files.values()].map((f) => f.path),
  };
}
