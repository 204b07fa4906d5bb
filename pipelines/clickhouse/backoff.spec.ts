import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';

describe('backoffDelay', () => {
  it('doubles up to the cap and stays within [cap/2, cap]', () => {
    const o = { initialMs: 100, maxMs: 5_000 };
    expect(backoffDelay(0, o, () => 0)).toBe(50);
    expect(backoffDelay(0, o, () => 1)).toBe(100);
    expect(backoffDelay(3, o, () => 1)).toBe(800);
    expect(backoffDelay(20, o, () => 1)).toBe(5_000);
    expect(backoffDelay(20, o, () => 0)).toBe(2_500);
  });
});
