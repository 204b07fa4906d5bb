/**
 * An event is late for an entity when its time is more than the allowed lateness behind the
 * entity's watermark (the latest event time it has seen); late events are counted, not applied.
 */
export const isLate = (eventMs: number, watermarkMs: number, allowedLatenessMs: number): boolean =>
  eventMs < watermarkMs - allowedLatenessMs;
