/**
 * Turns raw entity reads into the flat feature vector. Shared by both stores, so a feature's
 * formula (defaults, time units, trend baseline, ratios) exists once.
 */
import type { EntityType } from './entities.ts';
import { anchorOf, type EntityRead } from './entityRead.ts';
import type { CompiledRegistry, EntityPlan } from './plan.ts';
import type { FeatureVector } from './types.ts';

/**
 * Recent-window sum ÷ the average per recent-window length over the baseline period before it.
 * The baseline only counts buckets since the entity's first event, so a young entity is compared
 * with the history it has, not with zeros; null when there is no baseline history or no baseline flow.
 */
export function trendRatio(recent: number, base: number, anchorMs: number, firstMs: number, granMs: number, nRecent: number, nBase: number): number | null {
  const bAnchor = Math.floor(anchorMs / granMs);
  const bFirst = Math.floor(firstMs / granMs);
  const buckets = Math.min(nBase, bAnchor - nRecent - bFirst + 1);
  if (buckets <= 0 || !(base > 0)) return null;
  return (recent * buckets) / (base * nRecent);
}

/** Writes the entity's non-derived features into `out`. */
export function writeEntityFeatures(plan: EntityPlan, read: EntityRead, eventMs: number, out: FeatureVector): void {
  const anchor = anchorOf(read, eventMs);
  const v = read.values;
  for (const f of plan.features) {
    const b = f.binding;
    switch (b.kind) {
      case 'zero-default': out[f.name] = v[b.slot] ?? 0; break;
      case 'plain': out[f.name] = v[b.slot] ?? null; break;
      case 'since': {
        const last = v[b.slot] ?? null;
        out[f.name] = last === null ? null : Math.max(0, anchor - last) / b.unitMs;
        break;
      }
      case 'until': {
        const at = v[b.slot] ?? null;
        out[f.name] = at === null ? null : (at - anchor) / b.unitMs;
        break;
      }
      case 'trend':
        out[f.name] = trendRatio(v[b.recent] ?? 0, v[b.base] ?? 0, anchor, read.first, b.granMs, b.nRecent, b.nBase);
        break;
      case 'ratio':
      case 'difference':
        break;
    }
  }
}

/** Derived features (ratio, difference) of the touched entity types, from the values already in `out`. */
export function writeDerivedFeatures(plan: EntityPlan, out: FeatureVector): void {
  for (const f of plan.features) {
    const b = f.binding;
    if (b.kind !== 'ratio' && b.kind !== 'difference') continue;
    const x = out[b.of[0]] ?? null;
    const y = out[b.of[1]] ?? null;
    if (x === null || y === null) out[f.name] = null;
    else if (b.kind === 'difference') out[f.name] = x - y;
    else out[f.name] = y === 0 ? null : x / y;
  }
}

/** The vector of one event from its entity reads (aligned with the entities it touched). */
export function assembleVector(compiled: CompiledRegistry, entities: readonly EntityType[], reads: readonly EntityRead[], eventMs: number): FeatureVector {
  const out: FeatureVector = {};
  entities.forEach((entity, i) => writeEntityFeatures(compiled.entities[entity], reads[i] as EntityRead, eventMs, out));
  for (const entity of entities) writeDerivedFeatures(compiled.entities[entity], out);
  return out;
}
