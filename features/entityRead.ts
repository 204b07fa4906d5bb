/**
 * What a store hands back per entity and event: whether the event was applied there, the
 * entity's watermark and first-seen time, and one raw value per read slot of the entity plan.
 */

/** `a` applied, `d` duplicate (event id already applied to this entity), `l` late (not applied). */
export type EntityStatus = 'a' | 'd' | 'l';

export interface EntityRead {
  readonly status: EntityStatus;
  /** Watermark after the event: the latest event time the entity has seen. */
  readonly wm: number;
  /** Earliest event time the entity has seen. */
  readonly first: number;
  /** One per slot of the entity plan; null = nothing there. */
  readonly values: (number | null)[];
}

/** Time the entity's windows are anchored at for this event: its own time, or the watermark when late. */
export const anchorOf = (read: EntityRead, eventMs: number): number => (read.status === 'l' ? read.wm : eventMs);

/**
 * Decodes the binary reply of applyEntityEvent-3.lua — status byte, uint16 count of overrides,
 * overrides (uint16 position, float64 value), then the view (float64 per position; NaN =
 * empty) — into slot values, with the view positions of each slot (viewLayout.ts). An override
 * wins over the view.
 */
export function decodeEntityReply(reply: Buffer, slotPos: readonly number[]): EntityRead {
  const status = String.fromCharCode(reply[0] ?? 0);
  if (status !== 'a' && status !== 'd' && status !== 'l') throw new TypeError(`unexpected entity reply starting "${reply.subarray(0, 40).toString('latin1')}"`);
  const n = reply.readUInt16LE(1);
  const base = 3 + n * 10;
  const at = (p: number): number | null => {
    const x = reply.readDoubleLE(base + (p - 1) * 8);
    return Number.isNaN(x) ? null : x;
  };
  let overrides: Map<number, number | null> | undefined;
  if (n > 0) {
    overrides = new Map();
    for (let i = 0; i < n; i++) {
      const x = reply.readDoubleLE(3 + i * 10 + 2);
      overrides.set(reply.readUInt16LE(3 + i * 10), Number.isNaN(x) ? null : x);
    }
  }
  const values = slotPos.map((p) => (overrides?.has(p) ? (overrides.get(p) as number | null) : at(p)));
  return { status, wm: at(1) as number, first: at(2) as number, values };
}
