/**
 * From one event to the work a store does for it: the entities it touches, with the series
 * values it feeds into each, and the identifiers to check against the lists.
 */
import { NonRetriableEventError } from '../lib/errors.ts';
import { LIST_LOOKUPS, type EntityType, type ListKind } from './entities.ts';
import { compileExpr } from './expr.ts';
import type { CompiledRegistry } from './plan.ts';
import type { FeatureInput } from './types.ts';

/** One entity's share of an event: which series get which values (aligned arrays). */
export interface EntityCall {
  readonly entity: EntityType;
  readonly id: string;
  readonly series: number[];
  readonly values: (number | string)[];
}

export interface RoutedEvent {
  readonly eventId: string;
  readonly timeMs: number;
  readonly calls: EntityCall[];
  readonly listRefs: { readonly kind: ListKind; readonly value: string; readonly field: string }[];
}

/** Entity ids longer than this are refused: they would only bloat keys and are never real identifiers. */
const MAX_ID_LENGTH = 256;

function idOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value === '' || value.length > MAX_ID_LENGTH) return undefined;
  return value;
}

const listFields = new Map<string, ReturnType<typeof compileExpr>>();
function listField(path: string): ReturnType<typeof compileExpr> {
  let c = listFields.get(path);
  if (!c) {
    c = compileExpr(path);
    listFields.set(path, c);
  }
  return c;
}

/** Event time in epoch ms; the contract guarantees ISO-8601, so a bad one is a poison event. */
export function eventTimeMs(input: FeatureInput): number {
  const ms = Date.parse(input.event.eventTime);
  if (Number.isNaN(ms)) throw new NonRetriableEventError(`eventTime "${input.event.eventTime}" is not a date-time`, 'eventTime');
  return ms;
}

/** Routes one event through the compiled registry. */
export function routeEvent(compiled: CompiledRegistry, input: FeatureInput): RoutedEvent {
  const event: unknown = input.event;
  const calls: EntityCall[] = [];
  for (const route of compiled.routes[input.topic]) {
    const id = idOf(route.key(event));
    if (id === undefined) continue;
    const plan = compiled.entities[route.entity];
    const series: number[] = [];
    const values: (number | string)[] = [];
    for (const s of route.series) {
      const sp = plan.series[s];
      if (!sp || !sp.filter(event)) continue;
      const v = sp.value(event);
      if (sp.op === 'distinct') {
        const text = typeof v === 'string' ? (v === '' ? undefined : v) : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
        if (text === undefined) continue;
        series.push(s);
        values.push(text);
      } else {
        if (typeof v !== 'number' || !Number.isFinite(v)) continue;
        series.push(s);
        values.push(v);
      }
    }
    calls.push({ entity: route.entity, id, series, values });
  }
  const listRefs: RoutedEvent['listRefs'][number][] = [];
  for (const lookup of LIST_LOOKUPS[input.topic] ?? []) {
    const value = idOf(listField(lookup.field)(event));
    if (value !== undefined) listRefs.push({ kind: lookup.kind, value, field: lookup.field });
  }
  return { eventId: input.event.eventId, timeMs: eventTimeMs(input), calls, listRefs };
}
