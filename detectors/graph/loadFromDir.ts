/**
 * Loads a directory of raw event files (a simulator's output: `<topic>.jsonl`, or split files
 * `<topic>-<n>.jsonl` / `<topic>.<n>.jsonl`) into a graph store: each line validated against its
 * contract, pseudonymised with the configured key exactly as ingestion does, then applied in
 * pipelined chunks. Invalid lines are counted and reported, never applied.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readLines } from '../../lib/jsonl.ts';
import type { Pseudonymiser } from '../../schemas/pseudonym.ts';
import { describeIssues, validateRecord } from '../../schemas/validator.ts';
import { applyEvents } from './applyEvents.ts';
import type { GraphEvent } from './eventMutations.ts';
import type { GraphStore } from './store.ts';

/** Registry and equity facts first, then applications, money flows and labels. */
const LOAD_ORDER = ['enterprise-updates', 'applications', 'transactions', 'labels'] as const;
type LoadTopic = (typeof LOAD_ORDER)[number];

export interface LoadSummary {
  readonly files: readonly string[];
  readonly applied: number;
  readonly invalid: number;
  readonly rejected: number;
}

export interface LoadOptions {
  /** Events per pipelined write. */
  readonly chunkSize?: number;
  /** Called with `file:line: reason` for each invalid or rejected line. */
  readonly onProblem?: (message: string) => void;
  /** Called after each chunk with the running count of events applied. */
  readonly onProgress?: (applied: number) => void;
}

/** Files of a topic in a directory, in name order. */
export function filesOfTopic(entries: readonly string[], topic: string): string[] {
  return entries
    .filter((e) => e.endsWith('.jsonl') && (e === `${topic}.jsonl` || e.startsWith(`${topic}-`) || e.startsWith(`${topic}.`)))
    // `enterprise-updates-1.jsonl` must not count as a file of a topic named `enterprise`.
    .filter((e) => !LOAD_ORDER.some((other) => other !== topic && other.startsWith(topic) && e.startsWith(other)))
    .sort();
}

export async function loadGraphFromDir(store: GraphStore, dir: string, pseudonymiser: Pseudonymiser, options: LoadOptions = {}): Promise<LoadSummary> {
  const chunkSize = options.chunkSize ?? 2_000;
  const entries = await readdir(dir);
  const files: string[] = [];
  let applied = 0;
  let invalid = 0;
  let rejected = 0;
  let chunk: GraphEvent[] = [];
  let origins: string[] = [];

  const flush = async (): Promise<void> => {
    if (chunk.length === 0) return;
    const result = await applyEvents(store, chunk);
    applied += result.applied;
    rejected += result.rejected.length;
    for (const r of result.rejected) options.onProblem?.(`${origins[r.index]}: ${r.error.message}`);
    chunk = [];
    origins = [];
    options.onProgress?.(applied);
  };

  for (const topic of LOAD_ORDER) {
    for (const file of filesOfTopic(entries, topic)) {
      const path = join(dir, file);
      files.push(path);
      for await (const { line, bytes } of readLines(path)) {
        if (bytes.length === 0) continue;
        const result = validateRecord(topic, bytes);
        if (!result.ok) {
          invalid++;
          options.onProblem?.(`${path}:${line}: ${describeIssues(result.issues)}`);
          continue;
        }
        chunk.push(tagged(topic, pseudonymiser, result.value));
        origins.push(`${path}:${line}`);
        if (chunk.length >= chunkSize) await flush();
      }
    }
  }
  await flush();
  return { files, applied, invalid, rejected };
}

function tagged(topic: LoadTopic, p: Pseudonymiser, value: unknown): GraphEvent {
  switch (topic) {
    case 'applications':
      return { topic, event: p.pseudonymise(topic, value as GraphEventOf<'applications'>) };
    case 'enterprise-updates':
      return { topic, event: p.pseudonymise(topic, value as GraphEventOf<'enterprise-updates'>) };
    case 'transactions':
      return { topic, event: p.pseudonymise(topic, value as GraphEventOf<'transactions'>) };
    case 'labels':
      return { topic, event: p.pseudonymise(topic, value as GraphEventOf<'labels'>) };
  }
}

type GraphEventOf<T extends LoadTopic> = Extract<GraphEvent, { topic: T }>['event'];
