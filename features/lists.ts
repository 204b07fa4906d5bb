/**
 * Black, grey and white lists of identifiers (enterprises, persons, phones, devices, accounts):
 * validation of new entries, the stored form and the "still in force" rule, shared by both stores.
 * Lists are operational controls: an entry is in force while the wall clock is before its expiry.
 */
import { LIST_COLORS, LIST_KINDS, type ListColor, type ListKind } from './entities.ts';
import type { ListEntry, ListEntryInput } from './types.ts';

function instant(value: string, field: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`list entry ${field} "${value}" is not an ISO date-time`);
  return ms;
}

/** Checks and completes a new entry; throws RangeError saying what is wrong. */
export function makeListEntry(input: ListEntryInput, nowMs: number): ListEntry {
  if (!(LIST_KINDS as readonly string[]).includes(input.kind)) throw new RangeError(`unknown list kind "${input.kind}"; one of ${LIST_KINDS.join(', ')}`);
  if (!(LIST_COLORS as readonly string[]).includes(input.list)) throw new RangeError(`unknown list "${input.list}"; one of ${LIST_COLORS.join(', ')}`);
  if (typeof input.value !== 'string' || input.value === '' || input.value.length > 256) throw new RangeError('list entry value must be a non-empty identifier of at most 256 characters');
  if (!input.reason?.trim()) throw new RangeError('list entry needs a reason');
  if (!input.source?.trim()) throw new RangeError('list entry needs a source');
  const expiresAt = input.expiresAt ?? null;
  if (expiresAt !== null) instant(expiresAt, 'expiresAt');
  const addedAt = input.addedAt ?? new Date(nowMs).toISOString();
  instant(addedAt, 'addedAt');
  return {
    kind: input.kind,
    value: input.value,
    list: input.list,
    reason: input.reason,
    source: input.source,
    expiresAt: expiresAt === null ? null : new Date(instant(expiresAt, 'expiresAt')).toISOString(),
    addedAt: new Date(instant(addedAt, 'addedAt')).toISOString(),
  };
}

/** In force at `nowMs`: not yet expired. */
export const isListEntryActive = (entry: ListEntry, nowMs: number): boolean =>
  entry.expiresAt === null || Date.parse(entry.expiresAt) > nowMs;

/** Stored form in Redis: the entry's JSON plus `x`, its expiry in epoch ms (null = none), for the Lua TTL rule. */
export function encodeListEntry(entry: ListEntry): string {
  const { kind: _k, value: _v, list: _l, ...rest } = entry;
  return JSON.stringify({ ...rest, x: entry.expiresAt === null ? null : Date.parse(entry.expiresAt) });
}

export function decodeListEntry(kind: ListKind, value: string, list: ListColor, json: string): ListEntry | null {
  try {
    const o = JSON.parse(json) as { reason?: unknown; source?: unknown; expiresAt?: unknown; addedAt?: unknown };
    if (typeof o.reason !== 'string' || typeof o.source !== 'string' || typeof o.addedAt !== 'string') return null;
    const expiresAt = typeof o.expiresAt === 'string' ? o.expiresAt : null;
    return { kind, value, list, reason: o.reason, source: o.source, expiresAt, addedAt: o.addedAt };
  } catch {
    return null;
  }
}

/** Lists in a fixed order, so hits come out black, grey, white. */
export const byListOrder = (a: ListEntry, b: ListEntry): number => LIST_COLORS.indexOf(a.list) - LIST_COLORS.indexOf(b.list);
