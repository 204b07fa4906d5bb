import { describe, expect, it } from 'vitest';
import { trendRatio } from './vector.ts';

const DAY = 86_400_000;

describe('trend ratio', () => {
  it('compares the recent window with the average of the baseline before it', () => {
    // Anchor day 96, 7-day window, 83-day baseline (days 7..89), history since day 0.
    expect(trendRatio(7 * 1400, 83 * 700, 96 * DAY, 0, DAY, 7, 83)).toBeCloseTo(2, 12);
  });
  it('uses only the history the entity has', () => {
    // First seen day 80: the baseline has 10 days (80..89).
    expect(trendRatio(7 * 1400, 10 * 700, 96 * DAY, 80 * DAY, DAY, 7, 83)).toBeCloseTo(2, 12);
  });
  it('is null without baseline history or baseline flow', () => {
    expect(trendRatio(100, 0, 96 * DAY, 0, DAY, 7, 83)).toBeNull();
    expect(trendRatio(100, 500, 96 * DAY, 92 * DAY, DAY, 7, 83)).toBeNull();
  });
});
