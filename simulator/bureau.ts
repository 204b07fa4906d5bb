/**
 * Enterprise credit-bureau scores over time: a monthly refresh (drift by growth class plus noise)
 * for the bank's existing customers, and drops for distressed firms (a warning signal) and for
 * some healthy firms (noise). Applications read the score in force at their time.
 */
import { DAY, HOUR, monthStart, addMonths } from './time.ts';
import { recordSignal } from './signals.ts';
import type { Enterprise, World } from './world.ts';

const clampScore = (x: number): number => Math.round(Math.min(950, Math.max(300, x)));

/** Score in force at ms (null when the bureau has no file). */
export function bureauScoreAt(e: Enterprise, ms: number): number | null {
  if (e.initialBureau === null) return null;
  let score = e.initialBureau;
  for (const c of e.bureauChanges) {
    if (c.ms > ms) break;
    score = c.score;
  }
  return score;
}

/** Plans and emits every bureau score change. Must run before applications read scores. */
export function planBureau(world: World): void {
  const { startMs, endMs } = world.options;
  for (const e of world.enterprises) {
    if (e.initialBureau === null) continue;
    const rng = world.rng.derive('bureau', e.index);
    const deltas: Array<{ ms: number; delta: number; drop: boolean }> = [];
    if (e.account !== null) {
      const drift = e.growthClass === 'growing' ? 1.5 : e.growthClass === 'declining' ? -2.5 : 0;
      for (let m = monthStart(startMs); m < endMs; m = addMonths(m, 1)) {
        deltas.push({ ms: m + 19 * DAY + 2 * HOUR + (e.index % 3600) * 1000, delta: Math.round(rng.normal(drift, 6)), drop: false });
      }
    }
    const d = e.distress;
    if (d?.signals.has('bureauDrop')) {
      deltas.push({ ms: d.onsetMs + Math.round(rng.range(0.2, 1) * (d.missFromMs - d.onsetMs)) + 3 * HOUR, delta: -rng.int(40, 160), drop: true });
    }
    if (e.noise?.signals.has('bureauDrop')) {
      deltas.push({ ms: startMs + Math.floor(rng.range(0, (endMs - startMs) / DAY)) * DAY + 3 * HOUR, delta: -rng.int(15, 60), drop: true });
    }
    deltas.sort((a, b) => a.ms - b.ms);
    let score = e.initialBureau;
    for (const { ms, delta, drop } of deltas) {
      const next = clampScore(score + delta);
      if (next === score) continue;
      e.bureauChanges.push({ ms, score: next });
      const id = world.emitter.emit('enterprise-updates', ms, {
        enterpriseId: e.id, provider: 'sim-bureau', kind: 'bureau_score_change', previousScore: score, newScore: next,
      });
      if (id !== null && drop) recordSignal(e, 'bureauDrop', ms);
      score = next;
    }
  }
}
