/**
 * Durations written the way people write them in config (`5m`, `24h`, `90d`), parsed to
 * milliseconds. One parser, so the registry, YAML overrides and store options agree.
 */
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds in a duration like `90d`, `24h`, `5m`, `30s` or `250ms`; throws RangeError otherwise. */
export function parseDuration(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) throw new RangeError(`not a duration: "${text}" (write e.g. 5m, 24h, 90d)`);
  const ms = Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  if (ms <= 0) throw new RangeError(`duration must be positive: "${text}"`);
  return ms;
}

/** Milliseconds per unit of a time-valued feature. */
export const TIME_UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
export type TimeUnit = keyof typeof TIME_UNIT_MS;
