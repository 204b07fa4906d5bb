/**
 * Scorecard scaling of a default probability, and its blend with the bureau score.
 *
 *   score = offset + factor × ln(odds_good),  odds_good = (1 − PD) / PD
 *   factor = PDO / ln 2,  offset = basePoints − factor × ln(baseOdds)
 *
 * so the score is `basePoints` at `baseOdds`:1 good:bad and rises by PDO points each time the
 * odds double (Siddiqi, "Credit Risk Scorecards", 2006, ch. 6). With the shipped policy: 600
 * points at 50:1 and PDO 20.
 */
import type { DecisionConfig } from './config.ts';

type Scorecard = DecisionConfig['scorecard'];

/** PDs are kept inside (0, 1) so the log-odds stay finite. */
const PD_EPSILON = 1e-6;

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** `factor` and `offset` of the scale. */
export function scaleOf(c: Scorecard): { factor: number; offset: number } {
  const factor = c.pdo / Math.LN2;
  return { factor, offset: c.basePoints - factor * Math.log(c.baseOdds) };
}

/** Scorecard points of a default probability, clamped to [minScore, maxScore]. */
export function scoreFromPd(pd: number, c: Scorecard): number {
  const p = clamp(pd, PD_EPSILON, 1 - PD_EPSILON);
  const { factor, offset } = scaleOf(c);
  return clamp(offset + factor * Math.log((1 - p) / p), c.minScore, c.maxScore);
}

/** The default probability a score stands for (inverse of `scoreFromPd` inside the clamp). */
export function pdFromScore(score: number, c: Scorecard): number {
  const { factor, offset } = scaleOf(c);
  return 1 / (1 + Math.exp((score - offset) / factor));
}

/** Bureau score mapped linearly from `bureauRange` onto `bureauMappedTo`, clamped to the range. */
export function bureauPoints(bureauScore: number, c: Scorecard): number {
  const [b0, b1] = c.bureauRange;
  const [p0, p1] = c.bureauMappedTo;
  const t = clamp((bureauScore - b0) / (b1 - b0), 0, 1);
  return p0 + t * (p1 - p0);
}

export type ScoreBasis = 'blended' | 'model' | 'bureau' | 'none';

export interface CreditScore {
  /** Blended score on the scorecard scale, or null when there is nothing to score from. */
  readonly score: number | null;
  readonly modelPoints: number | null;
  readonly bureauPoints: number | null;
  readonly basis: ScoreBasis;
}

/**
 * Weighted blend of model points and bureau points. A missing side drops out and the other
 * carries the whole weight: a thin-file enterprise is scored by the model alone.
 */
export function creditScore(pd: number | null, bureauScore: number | null, c: Scorecard): CreditScore {
  const modelPts = pd === null || !Number.isFinite(pd) ? null : scoreFromPd(pd, c);
  const bureauPts = bureauScore === null || !Number.isFinite(bureauScore) ? null : bureauPoints(bureauScore, c);
  const wm = modelPts === null ? 0 : c.weights.model;
  const wb = bureauPts === null ? 0 : c.weights.bureau;
  if (wm + wb === 0) {
    // Both missing, or the present side carries zero weight: fall back to whichever exists.
    const only = modelPts ?? bureauPts;
    return { score: only, modelPoints: modelPts, bureauPoints: bureauPts, basis: only === null ? 'none' : modelPts !== null ? 'model' : 'bureau' };
  }
  const score = (wm * (modelPts ?? 0) + wb * (bureauPts ?? 0)) / (wm + wb);
  const basis: ScoreBasis = wm > 0 && wb > 0 ? 'blended' : wm > 0 ? 'model' : 'bureau';
  return { score: clamp(score, c.minScore, c.maxScore), modelPoints: modelPts, bureauPoints: bureauPts, basis };
}
