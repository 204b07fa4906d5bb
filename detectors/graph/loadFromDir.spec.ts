import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Pseudonymiser } from '../../schemas/pseudonym.ts';
import { KnowledgeGraph } from './knowledgeGraph.ts';
import { filesOfTopic, loadGraphFromDir } from './loadFromDir.ts';
import { MemoryGraphStore } from './memoryStore.ts';
import { uscc, writeRawGraphDir } from './testFixtures.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('loading a simulated directory into the graph', () => {
  it('validates, pseudonymises and applies each file, reporting invalid lines', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fk-graph-'));
    dirs.push(dir);
    const { rawValues } = await writeRawGraphDir(dir);
    const store = new MemoryGraphStore();
    const problems: string[] = [];
    const summary = await loadGraphFromDir(store, dir, new Pseudonymiser('a-test-key-of-sixteen-bytes'), { onProblem: (m) => problems.push(m) });
    expect(summary).toMatchObject({ applied: 5, invalid: 1, rejected: 0 });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/enterprise-updates\.jsonl:5: .*enterpriseId/);

    const path = await new KnowledgeGraph(store).path(`ent:${uscc(1)}`, `ent:${uscc(2)}`);
    expect(path.hops).toBe(2);
    const printed = JSON.stringify(path);
    for (const raw of rawValues) expect(printed).not.toContain(raw);
  });

  it('recognises split files of a topic without mixing up topics', () => {
    const entries = ['applications.jsonl', 'applications-0002.jsonl', 'enterprise-updates.1.jsonl', 'labels.jsonl', 'notes.txt', 'repayments.jsonl'];
    expect(filesOfTopic(entries, 'applications')).toEqual(['applications-0002.jsonl', 'applications.jsonl']);
    expect(filesOfTopic(entries, 'enterprise-updates')).toEqual(['enterprise-updates.1.jsonl']);
    expect(filesOfTopic(entries, 'transactions')).toEqual([]);
  });
});
