/**
 * Decides each enterprise's hidden fate before any event is generated: bust-out fraud,
 * financial distress (with onset, lead time, outcome and which warning signals it will show) or
 * health (with the warning-signal look-alikes healthy firms show as noise).
 */
import { DAY, HOUR } from './time.ts';
import { SIGNAL_NAMES, type Enterprise, type SignalName, type World } from './world.ts';

/** Monthly distress hazard of an enterprise: base × quality × growth class × guarantee-circle contagion. */
export function distressHazard(world: World, e: Enterprise): number {
  const p = world.options.params;
  const growth = e.growthClass === 'declining' ? p.decliningHazardMultiplier : e.growthClass === 'growing' ? 1 / Math.sqrt(p.decliningHazardMultiplier) : 1;
  return p.distressMonthlyHazard * Math.exp(-0.5 * e.quality) * growth * (e.circleId !== null ? p.circleHazardMultiplier : 1);
}

/** How far before the start distress may have begun (so some loans are already delinquent at go-live). */
export const DISTRESS_LOOKBACK_DAYS = 180;

export function assignFates(world: World): void {
  const { params, startMs, endMs, days, enterprises: n } = world.options;
  const rng = world.rng.derive('fates');
  const normal = world.enterprises.filter((e) => e.fate !== 'shell');

  const bustOutCount = Math.round((n * params.bustOutsPer1000) / 1000);
  const candidates = rng.shuffle(normal.filter((e) => e.quality > -0.3 && e.growthClass !== 'declining' && e.yearsInBusiness >= 2 && e.circleId === null));
  for (const e of candidates.slice(0, bustOutCount)) e.fate = 'bust_out';

  const spanDays = days + DISTRESS_LOOKBACK_DAYS;
  const noiseScale = Math.min(1, days / 90);
  for (const e of normal) {
    if (e.fate === 'bust_out') continue;
    const r = rng.derive(e.index);
    const p = 1 - Math.exp((-distressHazard(world, e) * spanDays) / 30);
    if (r.chance(p)) {
      const onsetMs = startMs - DISTRESS_LOOKBACK_DAYS * DAY + Math.floor(r.range(0, spanDays - 10)) * DAY;
      const missFromMs = onsetMs + r.int(params.leadDays[0], params.leadDays[1]) * DAY;
      const outcome = r.chance(params.distressCureShare) ? 'cure' : 'default';
      const weight = outcome === 'cure' ? 0.7 : 1;
      const signals = new Set<SignalName>(SIGNAL_NAMES.filter((s) => r.chance(params.distressSignals[s] * weight)));
      e.fate = 'distress';
      e.distress = {
        onsetMs, missFromMs, outcome,
        // Noon, so a cure never coincides with a (midnight) due date.
        cureMs: outcome === 'cure' ? missFromMs + r.int(35, 70) * DAY + 12 * HOUR : null,
        inflowFloor: signals.has('inflowDecline') ? r.range(0.15, 0.5) : r.range(0.85, 0.95),
        signals,
      };
    } else {
      const signals = new Set<SignalName>(SIGNAL_NAMES.filter((s) => r.chance(Math.min(0.9, params.healthySignals[s] * noiseScale))));
      let dip = null;
      if (signals.has('inflowDecline')) {
        const fromMs = startMs + Math.floor(r.range(0, Math.max(1, days - 20))) * DAY;
        dip = { fromMs, toMs: Math.min(endMs, fromMs + r.int(20, 45) * DAY), floor: r.range(0.4, 0.65) };
      }
      e.noise = signals.size > 0 ? { signals, dip } : null;
    }
  }
}
