import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/errors.ts';
import { graphConfig } from './config.ts';

describe('graph configuration', () => {
  it('fills in defaults, including nested limits given in part', () => {
    const c = graphConfig({ linkedGroup: { maxHops: 2 } });
    expect(c.linkedGroup).toEqual({ maxHops: 2, maxNodes: 2_000, maxMillis: 250 });
    expect(c.superNodeDegree).toBe(500);
    expect(c.applicationEdgeTypes).not.toContain('transfers_to');
  });

  it('rejects a decay above 1 and a retention shorter than the window, naming the field', () => {
    expect(() => graphConfig({ decay: 1.5 })).toThrow(/decay/);
    expect(() => graphConfig({ windowMs: 10, useRetentionMs: 5 })).toThrow(ConfigError);
  });
});
