import { describe, expect, it } from 'vitest';
import { adjacencyMember, graphKeys, parseAdjacencyMember } from './keys.ts';
import type { NodeId } from './types.ts';

/** The part of a key Redis Cluster hashes: between the first '{' and the next '}', if non-empty (cluster spec). */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = open < 0 ? -1 : key.indexOf('}', open + 1);
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : key;
}

const keysOf = (node: NodeId): string[] => [
  graphKeys.adjacency(node), graphKeys.edgeAttrs(node), graphKeys.flags(node), graphKeys.props(node),
  graphKeys.uses(node, 'person'), graphKeys.uses(node, 'ent'), graphKeys.uses(node, 'regent'),
];

describe('graph Redis keys', () => {
  it('puts every key of a node in one Cluster slot, tagged by the node id', () => {
    expect(graphKeys.adjacency('ent:91350100MA0000001P')).toBe('fk:{ent:91350100MA0000001P}:g:adj');
    expect(new Set(keysOf('ent:91350100MA0000001P').map(hashTag))).toEqual(new Set(['ent:91350100MA0000001P']));
    // A device id with braces still keeps its keys together (the tag just ends early).
    expect(new Set(keysOf('device:ab}c{d').map(hashTag)).size).toBe(1);
  });

  it('encodes adjacency members that decode back, whatever the other node id holds', () => {
    const other: NodeId = 'device:we|ird:id';
    expect(parseAdjacencyMember(adjacencyMember('applied_with', 'in', other))).toEqual({ type: 'applied_with', direction: 'in', other });
    expect(parseAdjacencyMember('garbage')).toBeNull();
  });
});
