/**
 * Compiles the declarative registry into what both stores execute: per entity type, the bucket
 * granularities, windows, series (one stream of values with one combine operation, shared by
 * every feature that aggregates it) and the read slots a vector is assembled from; per topic,
 * the routes from an event to its entities and the series it feeds. Both stores run the same plan,
 * which is what keeps them — and online scoring and training export — in agreement.
 */
import { TOPICS, type TopicName } from '../schemas/topics.ts';
import { parseDuration, TIME_UNIT_MS } from './duration.ts';
import { ENTITY_DEFS, ENTITY_TYPES, type EntityType } from './entities.ts';
import { compileExpr, compileFilter, type Compiled } from './expr.ts';
import type { Aggregate, FeatureDef, FeatureRegistry } from './types.ts';

/** A bucket granularity of one entity type; `keep` buckets are held (widest window + lateness). */
export interface GranPlan {
  readonly ms: number;
  readonly keep: number;
}

/** A window over buckets: at anchor bucket b it covers (b − lag − n, b − lag]. */
export interface WindowPlan {
  readonly gran: number;
  readonly n: number;
  readonly lag: number;
}

/** How a series combines values: windowed sums/min/max, last value, cures, distinct values. */
export type SeriesOp = 'sum' | 'min' | 'max' | 'last' | 'cures' | 'distinct';

export interface SeriesPlan {
  /** Stable identity of the series (op, topics, filter, value), for versioning stored state. */
  readonly key: string;
  readonly op: SeriesOp;
  /** Window indexes it is read over. */
  readonly windows: readonly number[];
  /** Granularity indexes it keeps buckets at (those of its windows). */
  readonly grans: readonly number[];
  /** Whether an all-time aggregate is kept. */
  readonly all: boolean;
  readonly topics: readonly TopicName[];
  readonly filter: (event: unknown) => boolean;
  readonly value: Compiled;
}

/**
 * What a store returns per entity and event, by slot: `w` windowed aggregate, `a` all-time
 * aggregate, `l` last value (after the event), `m` time of the last value before the event,
 * `c` cures, `d` distinct count in a window, `D` distinct count all time.
 */
export type Slot =
  | { readonly k: 'w'; readonly s: number; readonly w: number }
  | { readonly k: 'a'; readonly s: number }
  | { readonly k: 'l'; readonly s: number }
  | { readonly k: 'm'; readonly s: number }
  | { readonly k: 'c'; readonly s: number }
  | { readonly k: 'd'; readonly s: number; readonly w: number }
  | { readonly k: 'D'; readonly s: number };

/** How one feature's value is made from slots (or, for ratio/difference, from other features). */
export type Binding =
  | { readonly kind: 'zero-default'; readonly slot: number }
  | { readonly kind: 'plain'; readonly slot: number }
  | { readonly kind: 'since'; readonly slot: number; readonly unitMs: number }
  | { readonly kind: 'until'; readonly slot: number; readonly unitMs: number }
  | { readonly kind: 'trend'; readonly recent: number; readonly base: number; readonly granMs: number; readonly nRecent: number; readonly nBase: number }
  | { readonly kind: 'ratio' | 'difference'; readonly of: readonly [string, string] };

export interface FeaturePlan {
  readonly name: string;
  readonly binding: Binding;
}

export interface EntityPlan {
  readonly entity: EntityType;
  readonly grans: readonly GranPlan[];
  readonly windows: readonly WindowPlan[];
  readonly series: readonly SeriesPlan[];
  readonly slots: readonly Slot[];
  /** Features of this entity type, in registry order. */
  readonly features: readonly FeaturePlan[];
}

/** From one topic's event to one entity and the series of that entity it feeds. */
export interface Route {
  readonly entity: EntityType;
  readonly key: Compiled;
  readonly series: readonly number[];
}

export interface StorePolicy {
  /** Events older than an entity's watermark by more than this are late: counted, not applied. */
  readonly allowedLatenessMs: number;
}

export interface CompiledRegistry {
  readonly registry: FeatureRegistry;
  readonly policy: StorePolicy;
  readonly entities: Readonly<Record<EntityType, EntityPlan>>;
  readonly routes: Readonly<Record<TopicName, readonly Route[]>>;
  readonly featureNames: readonly string[];
  /** Longest window span in ms (all-time aggregates aside). */
  readonly widestWindowMs: number;
}

interface ParsedWindow {
  readonly spanMs: number;
  readonly bucketMs: number;
  readonly n: number;
}

const WINDOWED: ReadonlySet<Aggregate> = new Set(['count', 'sum', 'min', 'max', 'distinct', 'trend_ratio']);

function fail(feature: string, message: string): never {
  throw new RangeError(`feature registry: ${feature}: ${message}`);
}

function parseWindows(registry: FeatureRegistry): Map<string, ParsedWindow> {
  const out = new Map<string, ParsedWindow>();
  for (const [id, def] of Object.entries(registry.windows)) {
    if (id === 'all') throw new RangeError('feature registry: window id "all" is reserved for all-time aggregates');
    const spanMs = parseDuration(def.span);
    const bucketMs = parseDuration(def.bucket);
    if (spanMs % bucketMs !== 0) throw new RangeError(`feature registry: window ${id}: span ${def.span} is not a whole number of ${def.bucket} buckets`);
    out.set(id, { spanMs, bucketMs, n: spanMs / bucketMs });
  }
  return out;
}

function seriesOpOf(aggregate: Aggregate): SeriesOp {
  switch (aggregate) {
    case 'count':
    case 'sum':
    case 'trend_ratio': return 'sum';
    case 'min': return 'min';
    case 'max': return 'max';
    case 'distinct': return 'distinct';
    case 'last':
    case 'time_since_last':
    case 'time_until': return 'last';
    case 'cures': return 'cures';
    case 'ratio':
    case 'difference': break;
  }
  throw new RangeError(`aggregate ${aggregate} has no series`);
}

/** Checks one entry against the rules a store relies on; throws RangeError naming the feature. */
function validate(f: FeatureDef, windows: Map<string, ParsedWindow>, names: ReadonlySet<string>): void {
  if (!(ENTITY_TYPES as readonly string[]).includes(f.entity)) fail(f.name, `unknown entity type ${f.entity}`);
  if (!f.name.startsWith(`${f.entity}.`) || !/^[a-z]+\.[a-z0-9_]+$/.test(f.name)) fail(f.name, `name must be "${f.entity}.<snake_case>"`);
  if (f.aggregate === 'ratio' || f.aggregate === 'difference') {
    if (!f.of || f.of.length !== 2) fail(f.name, `${f.aggregate} needs of: [a, b]`);
    for (const ref of f.of) if (!names.has(ref)) fail(f.name, `refers to unknown feature ${ref}`);
    return;
  }
  if (!f.source) fail(f.name, `${f.aggregate} needs a source`);
  const topics = Array.isArray(f.source.topic) ? (f.source.topic as TopicName[]) : [f.source.topic as TopicName];
  for (const t of topics) {
    if (!Object.prototype.hasOwnProperty.call(TOPICS, t)) fail(f.name, `unknown topic ${t}`);
    if (!ENTITY_DEFS[f.entity].keys[t]) fail(f.name, `events of ${t} never map to a ${f.entity}; see entities.ts`);
  }
  if (WINDOWED.has(f.aggregate)) {
    if (!f.window) fail(f.name, `${f.aggregate} needs a window`);
    if (f.window !== 'all' && !windows.has(f.window)) fail(f.name, `unknown window ${f.window}`);
    if (f.window === 'all' && f.aggregate === 'trend_ratio') fail(f.name, 'trend_ratio needs a finite window');
  }
  if (f.aggregate === 'trend_ratio') {
    const r = windows.get(f.window ?? '');
    const b = windows.get(f.baseline ?? '');
    if (!r || !b) fail(f.name, 'trend_ratio needs window and baseline');
    if (r.bucketMs !== b.bucketMs) fail(f.name, `window ${f.window} and baseline ${f.baseline} must share a bucket size`);
    if (b.n <= r.n) fail(f.name, 'baseline must be longer than the window');
  }
  if ((f.aggregate === 'sum' || f.aggregate === 'min' || f.aggregate === 'max' || f.aggregate === 'distinct' || f.aggregate === 'last' || f.aggregate === 'time_until' || f.aggregate === 'cures' || f.aggregate === 'trend_ratio') && !f.source.value) {
    fail(f.name, `${f.aggregate} needs source.value`);
  }
  if (f.source.where !== undefined) compileFilter(f.source.where);
  if (f.source.value !== undefined) compileExpr(f.source.value);
}

/** Compiles and checks a registry; throws RangeError naming the first bad entry. */
export function compileRegistry(registry: FeatureRegistry, policy: StorePolicy): CompiledRegistry {
  const windows = parseWindows(registry);
  const names = new Set<string>();
  for (const f of registry.features) {
    if (names.has(f.name)) fail(f.name, 'defined twice');
    names.add(f.name);
  }
  for (const f of registry.features) validate(f, windows, names);

  const entities = {} as Record<EntityType, EntityPlan>;
  for (const entity of ENTITY_TYPES) {
    const defs = registry.features.filter((f) => f.entity === entity);
    const grans: number[] = [];
    const windowPlans: { gran: number; n: number; lag: number }[] = [];
    const series: { key: string; op: SeriesOp; windows: number[]; all: boolean; topics: TopicName[]; where: string; value: string }[] = [];
    const seriesIndex = new Map<string, number>();
    const slots: Slot[] = [];
    const slotIndex = new Map<string, number>();

    const granOf = (ms: number): number => {
      let i = grans.indexOf(ms);
      if (i < 0) {
        grans.push(ms);
        i = grans.length - 1;
      }
      return i;
    };
    const windowOf = (bucketMs: number, n: number, lag: number): number => {
      const gran = granOf(bucketMs);
      let i = windowPlans.findIndex((w) => w.gran === gran && w.n === n && w.lag === lag);
      if (i < 0) {
        windowPlans.push({ gran, n, lag });
        i = windowPlans.length - 1;
      }
      return i;
    };
    const seriesOf = (f: FeatureDef, op: SeriesOp): number => {
      const src = f.source as NonNullable<FeatureDef['source']>;
      const topics = (Array.isArray(src.topic) ? [...(src.topic as TopicName[])] : [src.topic as TopicName]).sort();
      // Counts and time-since ignore the value: normalise it so they share a series.
      const value = f.aggregate === 'count' || f.aggregate === 'time_since_last' ? '1' : (src.value ?? '1');
      const key = JSON.stringify([op, topics, src.where ?? '', value]);
      let i = seriesIndex.get(key);
      if (i === undefined) {
        series.push({ key, op, windows: [], all: false, topics, where: src.where ?? '', value });
        i = series.length - 1;
        seriesIndex.set(key, i);
      }
      return i;
    };
    const slotOf = (slot: Slot): number => {
      const key = JSON.stringify(slot);
      let i = slotIndex.get(key);
      if (i === undefined) {
        slots.push(slot);
        i = slots.length - 1;
        slotIndex.set(key, i);
      }
      return i;
    };
    const addWindow = (s: number, w: number): void => {
      const list = series[s]?.windows as number[];
      if (!list.includes(w)) list.push(w);
    };

    const featurePlans: FeaturePlan[] = [];
    for (const f of defs) {
      if (f.aggregate === 'ratio' || f.aggregate === 'difference') {
        featurePlans.push({ name: f.name, binding: { kind: f.aggregate, of: f.of as readonly [string, string] } });
        continue;
      }
      const op = seriesOpOf(f.aggregate);
      const s = seriesOf(f, op);
      const unitMs = TIME_UNIT_MS[f.unit ?? 'h'];
      let binding: Binding;
      switch (f.aggregate) {
        case 'count':
        case 'sum':
        case 'min':
        case 'max':
        case 'distinct': {
          const zero = f.aggregate !== 'min' && f.aggregate !== 'max';
          let slot: number;
          if (f.window === 'all') {
            (series[s] as { all: boolean }).all = true;
            slot = slotOf(f.aggregate === 'distinct' ? { k: 'D', s } : { k: 'a', s });
          } else {
            const win = windows.get(f.window as string) as ParsedWindow;
            const w = windowOf(win.bucketMs, win.n, 0);
            addWindow(s, w);
            slot = slotOf(f.aggregate === 'distinct' ? { k: 'd', s, w } : { k: 'w', s, w });
          }
          binding = zero ? { kind: 'zero-default', slot } : { kind: 'plain', slot };
          break;
        }
        case 'trend_ratio': {
          const r = windows.get(f.window as string) as ParsedWindow;
          const b = windows.get(f.baseline as string) as ParsedWindow;
          const wr = windowOf(r.bucketMs, r.n, 0);
          const wb = windowOf(b.bucketMs, b.n - r.n, r.n);
          addWindow(s, wr);
          addWindow(s, wb);
          binding = {
            kind: 'trend', recent: slotOf({ k: 'w', s, w: wr }), base: slotOf({ k: 'w', s, w: wb }),
            granMs: r.bucketMs, nRecent: r.n, nBase: b.n - r.n,
          };
          break;
        }
        case 'last': binding = { kind: 'plain', slot: slotOf({ k: 'l', s }) }; break;
        case 'time_since_last': binding = { kind: 'since', slot: slotOf({ k: 'm', s }), unitMs }; break;
        case 'time_until': binding = { kind: 'until', slot: slotOf({ k: 'l', s }), unitMs }; break;
        case 'cures': binding = { kind: 'zero-default', slot: slotOf({ k: 'c', s }) }; break;
      }
      featurePlans.push({ name: f.name, binding });
    }

    const lateBuckets = (ms: number): number => Math.ceil(policy.allowedLatenessMs / ms);
    const granPlans: GranPlan[] = grans.map((ms, gi) => {
      const span = Math.max(0, ...windowPlans.filter((w) => w.gran === gi).map((w) => w.n + w.lag));
      return { ms, keep: span + lateBuckets(ms) + 1 };
    });
    entities[entity] = {
      entity,
      grans: granPlans,
      windows: windowPlans,
      series: series.map((x) => ({
        key: x.key,
        op: x.op,
        windows: x.windows,
        grans: [...new Set(x.windows.map((w) => (windowPlans[w] as WindowPlan).gran))],
        all: x.all,
        topics: x.topics,
        filter: compileFilter(x.where),
        value: compileExpr(x.value),
      })),
      slots,
      features: featurePlans,
    };
  }

  const routes = {} as Record<TopicName, Route[]>;
  for (const topic of Object.keys(TOPICS) as TopicName[]) {
    routes[topic] = [];
    for (const entity of ENTITY_TYPES) {
      const keyExpr = ENTITY_DEFS[entity].keys[topic];
      if (!keyExpr) continue;
      const plan = entities[entity];
      if (plan.features.length === 0) continue;
      const series = plan.series.flatMap((s, i) => (s.topics.includes(topic) ? [i] : []));
      routes[topic].push({ entity, key: compileExpr(keyExpr), series });
    }
  }

  const widestWindowMs = Math.max(0, ...[...windows.values()].map((w) => w.spanMs));
  return { registry, policy, entities, routes, featureNames: registry.features.map((f) => f.name), widestWindowMs };
}
