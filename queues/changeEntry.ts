/**
 * Reads change-stream entries (written by the Lua scripts' `emit`, lua/includes/common.lua, and
 * by RedisQueueStore.recordDenied) back into QueueChange records. An entry is flat fields:
 * action, at, actor (JSON), alertId, team, details (JSON, optional) and `a.<field>` for each
 * field of the alert hash after the change.
 */
import type { Logger } from 'pino';
import { QUEUE_LOG } from './logEvents.ts';
import type { Actor, QueueAction, QueueChange } from './types.ts';

export type StreamEntry = [string, string[]];

/** One entry as a change; throws when the entry is not one. */
export function changeFromEntry([id, fields]: StreamEntry): QueueChange {
  const f: Record<string, string> = {};
  const alert: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const k = String(fields[i]);
    const v = String(fields[i + 1]);
    if (k.startsWith('a.')) alert[k.slice(2)] = v;
    else f[k] = v;
  }
  if (!f.action || !f.actor || f.at === undefined) throw new Error(`stream entry ${id} is not a queue change`);
  return {
    id,
    action: f.action as QueueAction,
    at: Number(f.at),
    actor: JSON.parse(f.actor) as Actor,
    alertId: f.alertId ?? '',
    team: f.team ?? '',
    ...(Object.keys(alert).length > 0 ? { alert } : {}),
    ...(f.details ? { details: JSON.parse(f.details) as Record<string, unknown> } : {}),
  };
}

/** Entries as changes; an unreadable entry is logged and skipped. */
export function parseEntries(entries: readonly StreamEntry[], logger?: Logger): QueueChange[] {
  const out: QueueChange[] = [];
  for (const entry of entries) {
    try {
      out.push(changeFromEntry(entry));
    } catch (error) {
      logger?.error({ err: error, event: QUEUE_LOG.mirrorFailed, entry: entry[0] }, 'unreadable queue change skipped');
    }
  }
  return out;
}

/** The XADD arguments of a change written from JavaScript (same layout as the scripts'). */
export function changeFields(change: Omit<QueueChange, 'id'>): string[] {
  const out = ['action', change.action, 'at', String(change.at), 'actor', JSON.stringify(change.actor), 'alertId', change.alertId, 'team', change.team];
  if (change.details) out.push('details', JSON.stringify(change.details));
  for (const [k, v] of Object.entries(change.alert ?? {})) out.push(`a.${k}`, v);
  return out;
}
