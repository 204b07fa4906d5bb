/**
 * Persistence of the in-process log's positions in `<dataDir>/log-offsets.json`: each
 * partition's next offset (so offsets keep growing across restarts and committed offsets stay
 * meaningful) and each consumer group's committed offsets. Records themselves are kept in
 * memory only. Written atomically (temporary file, then rename).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface PersistedOffsets {
  readonly version: 1;
  /** Topic → next offset of each partition (its length is the partition count). */
  readonly topics: Record<string, number[]>;
  /** Group → topic → partition (as a string key) → committed offset (next to read). */
  readonly groups: Record<string, Record<string, Record<string, number>>>;
}

export function emptyOffsets(): PersistedOffsets {
  return { version: 1, topics: {}, groups: {} };
}

/** Reads the file; a missing file is an empty state, a corrupt one an error naming the file. */
export function loadOffsets(path: string): PersistedOffsets {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyOffsets();
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<PersistedOffsets>;
  if (parsed.version !== 1 || typeof parsed.topics !== 'object' || typeof parsed.groups !== 'object') {
    throw new Error(`${path} is not a Fengkong log offsets file (version 1); move it away to start from empty offsets`);
  }
  return parsed as PersistedOffsets;
}

export function saveOffsets(path: string, offsets: PersistedOffsets): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(offsets, null, 1));
  renameSync(tmp, path);
}
