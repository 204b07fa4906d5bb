/**
 * Loads the Lua of features/lua/ (one atomic operation per file, with an Input/Output header).
 *
 * applyEntityEvent-3.lua runs as a Redis Function library (FUNCTION LOAD / FCALL): the loader
 * appends every entity type's compiled plan as a Lua table and registers one function per entity
 * type. Library code runs once at load, so the plan (hundreds of table elements) is not rebuilt
 * per call — as an EVALSHA prelude that cost 20-45 µs per call. The library and function names
 * carry the SHA-1 of the library source, so a changed registry or limit loads side by side with,
 * never over, a running one (the "called by SHA" rule, by name). Simpler scripts without a plan
 * (putListEntry-1.lua) are plain SCRIPT LOAD / EVALSHA.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ENTITY_TYPES, type EntityType } from './entities.ts';
import type { CompiledRegistry, EntityPlan } from './plan.ts';
import { viewLayout, type SeriesPositions } from './viewLayout.ts';

const LUA_DIR = fileURLToPath(new URL('./lua/', import.meta.url));

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');

/** Source of one file in features/lua/. */
export function readLua(file: string): string {
  return readFileSync(LUA_DIR + file, 'utf8');
}

export interface EntityScriptLimits {
  readonly allowedLatenessMs: number;
  readonly dedupHorizonMs: number;
  /** Wall-clock TTL of an entity's keys, refreshed by every applied event. */
  readonly entityTtlMs: number;
}

type LuaValue = number | string | boolean | readonly LuaValue[] | { readonly [k: string]: LuaValue };

/** A Lua literal of plain data (arrays become 1-based sequences). */
function lua(value: LuaValue): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`cannot write ${value} to Lua`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `{${value.map(lua).join(',')}}`;
  return `{${Object.entries(value as Record<string, LuaValue>).map(([k, v]) => `${k}=${lua(v)}`).join(',')}}`;
}

const isAgg = (op: string): boolean => op === 'sum' || op === 'min' || op === 'max';

/** Version of what an entity type stores: changes when its series, windows or slots change. */
export function planVersion(plan: EntityPlan): string {
  const shape = {
    grans: plan.grans,
    windows: plan.windows,
    series: plan.series.map((s) => ({ key: s.key, windows: s.windows, all: s.all })),
    slots: plan.slots,
  };
  return sha1(JSON.stringify(shape)).slice(0, 10);
}

/** Lua table of series index → its window specs (a Lua table keyed by number). */
function bySeries(specs: readonly { s: number }[]): LuaValue {
  const out: Record<string, LuaValue[]> = {};
  for (const sp of specs) (out[`[${sp.s}]`] ??= []).push(sp as unknown as LuaValue);
  return out;
}

/** The Lua plan of one entity type (1-based indexes; positions into the packed view, viewLayout.ts). */
export function entityPlanLua(plan: EntityPlan, limits: EntityScriptLimits): string {
  const layout = viewLayout(plan);
  const ng = plan.grans.length;
  const P = {
    late: limits.allowedLatenessMs,
    horizon: limits.dedupHorizonMs,
    ttl: limits.entityTtlMs,
    ng,
    nv: layout.size,
    vf: `<${'d'.repeat(layout.size)}`,
    g: plan.grans.map((g, gi) => {
      // Every window of every series at this granularity: slid when the watermark moves,
      // read anchored at an older bucket when an event is out of order. Windows of the same
      // shape (n, lag) share one search for the buckets leaving and entering them.
      const shapes: { n: number; lag: number }[] = [];
      const sw: LuaValue[] = [];
      plan.series.forEach((sp, si) => {
        const pos = layout.series[si] as SeriesPositions;
        if (!isAgg(sp.op) && sp.op !== 'distinct') return;
        sp.windows.forEach((w, k) => {
          const win = plan.windows[w];
          if (win?.gran !== gi) return;
          let h = shapes.findIndex((x) => x.n === win.n && x.lag === win.lag);
          if (h < 0) h = shapes.push({ n: win.n, lag: win.lag }) - 1;
          sw.push({
            s: si + 1, h: h + 1, n: win.n, lag: win.lag, op: sp.op,
            tp: pos.tp[k] ?? 0, tc: pos.tc[k] ?? 0, dp: pos.dp[k] ?? 0,
          });
        });
      });
      return {
        f: `i${gi + 1}`,
        bf: `b${gi + 1}_`,
        ms: g.ms,
        shapes,
        // The windows of each series at this granularity, by series index.
        bys: bySeries(sw as { s: number }[]),
        keep: g.keep,
        hlls: plan.series.flatMap((sp, si) => (sp.op === 'distinct' && sp.grans.includes(gi) ? [si + 1] : [])),
        sw,
      };
    }),
    w: plan.windows.map((w) => ({ g: w.gran + 1, n: w.n, lag: w.lag })),
    s: plan.series.map((sp, si) => {
      const p = layout.series[si] as SeriesPositions;
      return {
        op: sp.op,
        agg: isAgg(sp.op),
        all: sp.all,
        g: sp.grans.map((g) => g + 1),
        w: sp.windows.map((w) => w + 1),
        tp: p.tp,
        tc: p.tc,
        ap: p.ap,
        lp: p.lp,
        mp: p.mp,
        cp: p.cp,
        dp: p.dp,
        Dp: p.Dp,
        up: sp.windows.map((w) => `u${si + 1}_${w + 1}`),
        hp: Array.from({ length: ng }, (_, gi) => `${si + 1}_${gi + 1}_`),
        ha: `${si + 1}_a`,
      };
    }),
    // Cached distinct counts per (series, window), with the window's union HLL.
    dl: plan.series.flatMap((sp, si) =>
      sp.op !== 'distinct'
        ? []
        : sp.windows.map((w, k) => {
            const win = plan.windows[w] as EntityPlan['windows'][number];
            return { s: si + 1, g: win.gran + 1, n: win.n, p: (layout.series[si] as SeriesPositions).dp[k] as number, u: `u${si + 1}_${w + 1}` };
          }),
    ),
  };
  return lua(P);
}

/** The function library of one compiled registry: names to FCALL and the source to FUNCTION LOAD. */
export interface EntityLibrary {
  readonly name: string;
  readonly source: string;
  readonly functions: Readonly<Record<EntityType, string>>;
  readonly versions: Readonly<Record<EntityType, string>>;
}

export function entityLibrary(compiled: CompiledRegistry, limits: EntityScriptLimits): EntityLibrary {
  const plans = ENTITY_TYPES.map((e) => `  ${e} = ${entityPlanLua(compiled.entities[e], limits)},`).join('\n');
  const body = `${readLua('applyEntityEvent-3.lua')}\nlocal PLANS = {\n${plans}\n}\n`;
  const hash = sha1(body).slice(0, 16);
  const name = `fk_${hash}`;
  const functions = {} as Record<EntityType, string>;
  const versions = {} as Record<EntityType, string>;
  const registrations = ENTITY_TYPES.map((e) => {
    functions[e] = `${name}_${e}`;
    versions[e] = planVersion(compiled.entities[e]);
    return `redis.register_function('${functions[e]}', function(keys, args) return applyEntityEvent(PLANS.${e}, keys, args) end)`;
  });
  return { name, source: `#!lua name=${name}\n${body}${registrations.join('\n')}\n`, functions, versions };
}

/** A plain script and the SHA-1 EVALSHA knows it by. */
export interface LoadedScript {
  readonly source: string;
  readonly sha: string;
}

export function script(source: string): LoadedScript {
  return { source, sha: sha1(source) };
}
