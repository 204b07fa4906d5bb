/**
 * Writes a simulation as one `<topic>.jsonl` per input topic (events in event-time order, one
 * JSON object per line, final newline) plus `truth.json`. Output is byte-identical for identical
 * input: key order comes from construction, numbers from deterministic arithmetic.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { wrapError } from '../lib/errors.ts';
import { SIM_TOPICS, type SimTopic } from './emitter.ts';
import type { SimulationOutput } from './simulate.ts';

/** Lines joined per write call: large enough to be fast, small enough to keep memory flat. */
const CHUNK_LINES = 2000;

export interface WrittenFiles {
  readonly dir: string;
  readonly files: Record<SimTopic | 'truth', string>;
  readonly counts: Record<SimTopic, number>;
}

async function writeJsonl(path: string, events: readonly object[], onLines?: (n: number) => void): Promise<void> {
  const stream = createWriteStream(path);
  try {
    for (let i = 0; i < events.length; i += CHUNK_LINES) {
      const chunk = events.slice(i, i + CHUNK_LINES).map((e) => JSON.stringify(e)).join('\n') + '\n';
      if (!stream.write(chunk)) await once(stream, 'drain');
      onLines?.(Math.min(CHUNK_LINES, events.length - i));
    }
  } finally {
    stream.end();
    await once(stream, 'close');
  }
}

/** Writes every topic file and truth.json into `dir` (created if missing). */
export async function writeSimulation(dir: string, output: Pick<SimulationOutput, 'events' | 'truth'>, onLines?: (n: number) => void): Promise<WrittenFiles> {
  try {
    await mkdir(dir, { recursive: true });
    const files = {} as Record<SimTopic | 'truth', string>;
    const counts = {} as Record<SimTopic, number>;
    for (const topic of SIM_TOPICS) {
      const path = join(dir, `${topic}.jsonl`);
      await writeJsonl(path, output.events[topic], onLines);
      files[topic] = path;
      counts[topic] = output.events[topic].length;
    }
    files.truth = join(dir, 'truth.json');
    await writeFile(files.truth, JSON.stringify(output.truth, null, 2) + '\n');
    return { dir, files, counts };
  } catch (cause) {
    throw wrapError(`writing the simulation to ${dir}`, cause);
  }
}
