/**
 * Reads a queue alert from its Redis hash (all values are strings there). Absent optional
 * fields stay absent; a hash without `state` is no alert.
 */
import type { CollectionOutcome } from '../schemas/topics/collectionOutcome.ts';
import type { Reason } from '../detectors/warning/alert.ts';
import type { QueueAlert, QueueState } from './types.ts';

const num = (v: string | undefined): number | undefined => {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};

const str = (v: string | undefined): string | undefined => (v === undefined || v === '' ? undefined : v);

function parseJson<T>(text: string | undefined): T | undefined {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** The queue alert of a hash, or null when the hash is empty (no such alert). */
export function alertFromHash(h: Readonly<Record<string, string>>): QueueAlert | null {
  if (!h.state || !h.alertId) return null;
  const out: Record<string, unknown> = {
    alertId: h.alertId,
    team: h.team ?? '',
    state: h.state as QueueState,
    signal: h.signal,
    severity: h.severity,
    expectedLoss: num(h.expectedLoss) ?? 0,
    basePriority: num(h.basePriority) ?? 0,
    priority: num(h.priority) ?? 0,
    escalated: h.escalated === '1',
    enqueuedAt: num(h.enqueuedAt) ?? 0,
    updatedAt: num(h.updatedAt) ?? 0,
    slaDeadline: num(h.slaDeadline) ?? 0,
    evidenceCount: num(h.evidenceCount) ?? 0,
    why: parseJson<Reason[]>(h.why) ?? [],
    raisedAt: h.raisedAt ?? '',
  };
  for (const k of ['loanId', 'applicationId', 'enterpriseId', 'assignee'] as const) {
    const v = str(h[k]);
    if (v !== undefined) out[k] = v;
  }
  for (const k of ['probabilityOfDefault', 'exposure', 'daysPastDue', 'leaseUntil', 'leaseId', 'claimedAt', 'snoozedUntil', 'resolvedAt'] as const) {
    const v = num(h[k]);
    if (v !== undefined) out[k] = v;
  }
  const outcome = parseJson<CollectionOutcome>(h.outcome);
  if (outcome) out.outcome = outcome;
  return out as unknown as QueueAlert;
}
