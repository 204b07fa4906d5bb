/**
 * `fengkong graph path <a> <b>`: the shortest relationship path between two enterprises (or
 * persons) through equity, officer, guarantee and litigation edges, explained in English and
 * Chinese. The graph comes from a simulated JSONL directory (`--from-dir`, pseudonymised with the
 * configured key as ingestion would) or from Redis when REDIS_URL is set.
 *
 * Exit codes: 0 path found, 1 no path within the limits, 2 bad arguments or configuration.
 */
import type { Command } from 'commander';
import { loadConfig } from '../../lib/config.ts';
import { ConfigError } from '../../lib/errors.ts';
import { Pseudonymiser } from '../../schemas/pseudonym.ts';
import { isValidResidentId, isValidUscc } from '../../schemas/identifiers.ts';
import { KnowledgeGraph, type ExplainedPath } from '../../detectors/graph/knowledgeGraph.ts';
import { loadGraphFromDir } from '../../detectors/graph/loadFromDir.ts';
import { MemoryGraphStore } from '../../detectors/graph/memoryStore.ts';
import { enterpriseNode, isNodeId, personNode } from '../../detectors/graph/nodes.ts';
import { connectRedisGraphStore } from '../../detectors/graph/redisStore.ts';
import type { GraphStore } from '../../detectors/graph/store.ts';
import type { NodeId } from '../../detectors/graph/types.ts';

/**
 * A node from what a user types: a credit code (enterprise), a resident ID number (person, turned
 * into its pseudonym token with the configured key so the raw number goes no further), or a
 * node id as printed by Fengkong (`ent:…`, `person:pii_…`).
 */
export function parseNodeArgument(value: string, pseudonymiser: Pseudonymiser): NodeId {
  const v = value.trim();
  if (isValidUscc(v)) return enterpriseNode(v);
  if (isValidResidentId(v.toUpperCase())) return personNode(pseudonymiser.token('person_id', v));
  if (isNodeId(v)) return v;
  throw new ConfigError(`'${value}' is not a unified social credit code, a resident ID number or a node id like ent:<code> / person:pii_<token>`);
}

/** The path result as printed: the explanation lines, or why there is none. */
export function formatPath(result: ExplainedPath, maxHops: number): string[] {
  const lines: string[] = [];
  if (result.found && result.text) {
    lines.push(result.text.en, result.text.zh, `${result.hops} hop(s)`);
  } else {
    lines.push(`no path within ${maxHops} hops`);
  }
  if (result.truncated) {
    const skipped = result.superNodesSkipped.length > 0 ? `; super-nodes not expanded: ${result.superNodesSkipped.join(', ')}` : '';
    lines.push(`search truncated (${result.truncatedBy.join(', ')})${skipped}${result.found ? ': a shorter path may exist' : ''}`);
  }
  return lines;
}

export function registerGraph(program: Command): void {
  const graph = program.command('graph').description('enterprise knowledge graph');
  graph
    .command('path')
    .description('shortest relationship path between two enterprises through equity, officer, guarantee and litigation edges')
    .argument('<a>', 'credit code, resident ID number or node id')
    .argument('<b>', 'credit code, resident ID number or node id')
    .option('--max-hops <n>', 'longest path searched', (v) => Number.parseInt(v, 10))
    .option('--from-dir <dir>', 'load the graph from a directory of <topic>.jsonl files (e.g. simulator output) instead of Redis')
    .option('--json', 'print the result as JSON')
    .action(async (a: string, b: string, opts: { maxHops?: number; fromDir?: string; json?: boolean }) => {
      const config = loadConfig();
      if (opts.maxHops !== undefined && (!Number.isInteger(opts.maxHops) || opts.maxHops < 1 || opts.maxHops > 12)) {
        console.error('--max-hops must be a whole number from 1 to 12');
        process.exitCode = 2;
        return;
      }
      const pseudonymiser = new Pseudonymiser(config.piiKey);
      const from = parseNodeArgument(a, pseudonymiser);
      const to = parseNodeArgument(b, pseudonymiser);
      let store: GraphStore;
      if (opts.fromDir) {
        store = new MemoryGraphStore();
        const summary = await loadGraphFromDir(store, opts.fromDir, pseudonymiser, { onProblem: (m) => console.error(m) });
        if (summary.files.length === 0) {
          console.error(`no event files in ${opts.fromDir}; expected enterprise-updates.jsonl, applications.jsonl, transactions.jsonl or labels.jsonl`);
          process.exitCode = 2;
          return;
        }
        console.error(`loaded ${summary.applied} events from ${summary.files.length} file(s); ${summary.invalid} invalid, ${summary.rejected} rejected`);
      } else if (config.REDIS_URL) {
        store = await connectRedisGraphStore(config.REDIS_URL);
      } else {
        console.error('give --from-dir <dir> with simulated events, or set REDIS_URL to read the live graph');
        process.exitCode = 2;
        return;
      }
      try {
        const kg = new KnowledgeGraph(store);
        const maxHops = opts.maxHops ?? kg.config.path.maxHops;
        const result = await kg.path(from, to, { maxHops });
        if (opts.json) console.log(JSON.stringify(result, null, 2));
        else for (const line of formatPath(result, maxHops)) console.log(line);
        if (!result.found) process.exitCode = 1;
      } finally {
        await store.close();
      }
    });
}
