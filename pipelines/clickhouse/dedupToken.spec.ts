import { describe, expect, it } from 'vitest';
import { dedupTokenOf } from './dedupToken.ts';

describe('dedupTokenOf', () => {
  it('is the same for the same table and ids, and differs otherwise', () => {
    const t = dedupTokenOf('scores', ['a', 'b']);
    expect(dedupTokenOf('scores', ['a', 'b'])).toBe(t);
    expect(dedupTokenOf('scores', ['b', 'a'])).not.toBe(t);
    expect(dedupTokenOf('scores', ['ab'])).not.toBe(t);
    expect(dedupTokenOf('events', ['a', 'b'])).not.toBe(t);
  });
});
