/**
 * Options both stores take, with their defaults, resolved once: the registry compiled against
 * the lateness policy, and the limits the entity algorithm runs with.
 */
import { compileRegistry, type CompiledRegistry } from './plan.ts';
import { FEATURE_REGISTRY } from './registry.ts';
import type { FeatureRegistry } from './types.ts';

const DAY_MS = 86_400_000;

export interface FeatureStoreOptions {
  /** Registry to run; default FEATURE_REGISTRY (or a YAML override from loadFeatureRegistry). */
  readonly registry?: FeatureRegistry;
  /**
   * How far behind an entity's watermark an event may be and still be applied. Default 1 day:
   * batch-ish sources (core-banking files, third-party feeds) arrive hours late.
   */
  readonly allowedLatenessMs?: number;
  /** How long (event time) applied event ids are remembered per entity; at least the lateness, default equal. */
  readonly dedupHorizonMs?: number;
  /**
   * Wall-clock lifetime of an idle entity's state; default widest window + lateness + 8 days
   * (the Redis store refreshes TTLs when an entity's watermark enters a new week).
   */
  readonly entityTtlMs?: number;
  /** Wall-clock lifetime of a stored vector (what a redelivery gets back); default 7 days, Kafka's default retention. */
  readonly vectorTtlMs?: number;
  /** Wall clock for list expiry and embedded TTLs (tests inject one). */
  readonly clock?: () => number;
}

export interface ResolvedStoreOptions {
  readonly compiled: CompiledRegistry;
  readonly allowedLatenessMs: number;
  readonly dedupHorizonMs: number;
  readonly entityTtlMs: number;
  readonly vectorTtlMs: number;
  readonly clock: () => number;
}

export function resolveStoreOptions(options: FeatureStoreOptions = {}): ResolvedStoreOptions {
  const allowedLatenessMs = options.allowedLatenessMs ?? DAY_MS;
  if (!(allowedLatenessMs >= 0)) throw new RangeError('allowedLatenessMs must be >= 0');
  const dedupHorizonMs = options.dedupHorizonMs ?? allowedLatenessMs;
  // Below the lateness, an event could be forgotten while still acceptable, and count twice.
  if (dedupHorizonMs < allowedLatenessMs) throw new RangeError('dedupHorizonMs must be at least allowedLatenessMs, or a redelivered event could count twice');
  const compiled = compileRegistry(options.registry ?? FEATURE_REGISTRY, { allowedLatenessMs });
  const entityTtlMs = options.entityTtlMs ?? compiled.widestWindowMs + allowedLatenessMs + 8 * DAY_MS;
  const vectorTtlMs = options.vectorTtlMs ?? 7 * DAY_MS;
  if (!(vectorTtlMs > 0)) throw new RangeError('vectorTtlMs must be positive');
  // Derived state (window unions, running aggregates) is rebuilt as buckets leave a window; it
  // must not expire before the widest window has slid past it.
  if (!(entityTtlMs > compiled.widestWindowMs + allowedLatenessMs)) {
    throw new RangeError(`entityTtlMs must exceed the widest window plus the allowed lateness (${compiled.widestWindowMs + allowedLatenessMs} ms)`);
  }
  return { compiled, allowedLatenessMs, dedupHorizonMs, entityTtlMs, vectorTtlMs, clock: options.clock ?? Date.now };
}
