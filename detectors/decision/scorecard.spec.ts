import { describe, expect, it } from 'vitest';
import { loadDecisionConfig } from './config.ts';
import { bureauPoints, creditScore, pdFromScore, scaleOf, scoreFromPd } from './scorecard.ts';

const c = loadDecisionConfig().scorecard;
/** PD whose good:bad odds are `odds`:1. */
const pdAtOdds = (odds: number) => 1 / (1 + odds);

describe('scorecard scaling', () => {
  it('states its scale: 600 points at 50:1 odds, 20 points to double the odds', () => {
    expect(c).toMatchObject({ basePoints: 600, baseOdds: 50, pdo: 20 });
    expect(scaleOf(c).factor).toBeCloseTo(20 / Math.LN2, 10);
  });

  it('gives the base points at the base odds', () => {
    expect(scoreFromPd(pdAtOdds(50), c)).toBeCloseTo(600, 9);
  });

  it('adds PDO points each time the odds double and loses them when they halve', () => {
    expect(scoreFromPd(pdAtOdds(100), c)).toBeCloseTo(620, 9);
    expect(scoreFromPd(pdAtOdds(200), c)).toBeCloseTo(640, 9);
    expect(scoreFromPd(pdAtOdds(25), c)).toBeCloseTo(580, 9);
  });

  it('is monotone: a higher PD never scores higher', () => {
    let last = Infinity;
    for (let pd = 0.001; pd < 0.99; pd += 0.01) {
      const s = scoreFromPd(pd, c);
      expect(s).toBeLessThanOrEqual(last);
      last = s;
    }
  });

  it('clamps to [minScore, maxScore], and stays finite for PD 0 and 1', () => {
    expect(scoreFromPd(1, c)).toBe(c.minScore);
    expect(Number.isFinite(scoreFromPd(0, c))).toBe(true);
    expect(scoreFromPd(0, c)).toBeLessThanOrEqual(c.maxScore);
    const narrow = { ...c, minScore: 550, maxScore: 650 };
    expect(scoreFromPd(pdAtOdds(10_000), narrow)).toBe(650);
    expect(scoreFromPd(pdAtOdds(1), narrow)).toBe(550);
  });

  it('inverts: pdFromScore(scoreFromPd(pd)) = pd inside the clamp', () => {
    for (const pd of [0.002, 0.01, 0.05, 0.2]) expect(pdFromScore(scoreFromPd(pd, c), c)).toBeCloseTo(pd, 10);
  });
});

describe('bureau mapping and blend', () => {
  it('maps the bureau range linearly onto the configured points, clamped', () => {
    const [b0, b1] = c.bureauRange;
    const [p0, p1] = c.bureauMappedTo;
    expect(bureauPoints(b0, c)).toBe(p0);
    expect(bureauPoints(b1, c)).toBe(p1);
    expect(bureauPoints((b0 + b1) / 2, c)).toBeCloseTo((p0 + p1) / 2, 9);
    expect(bureauPoints(b0 - 100, c)).toBe(p0);
  });

  it('blends model and bureau points by the configured weights', () => {
    const pd = pdAtOdds(50);
    const s = creditScore(pd, c.bureauRange[1], c);
    const { model: wm, bureau: wb } = c.weights;
    expect(s.basis).toBe('blended');
    expect(s.score).toBeCloseTo((wm * 600 + wb * c.bureauMappedTo[1]) / (wm + wb), 9);
  });

  it('uses the model alone without a bureau file, the bureau alone without a model, and nothing without either', () => {
    expect(creditScore(pdAtOdds(100), null, c)).toMatchObject({ basis: 'model', bureauPoints: null });
    expect(creditScore(pdAtOdds(100), null, c).score).toBeCloseTo(620, 9);
    expect(creditScore(null, c.bureauRange[0], c)).toMatchObject({ basis: 'bureau', score: c.bureauMappedTo[0], modelPoints: null });
    expect(creditScore(null, null, c)).toEqual({ score: null, modelPoints: null, bureauPoints: null, basis: 'none' });
  });
});
