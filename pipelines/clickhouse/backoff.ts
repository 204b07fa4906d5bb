/**
 * Exponential backoff with "equal jitter" (AWS Architecture Blog, "Exponential Backoff And
 * Jitter"): a delay in [cap/2, cap] with cap = min(max, initial·2^attempt), so writers retrying
 * after the same outage do not hit the server in lockstep, yet always wait a little.
 */
export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
}

/** Delay before retry number `attempt` (0 for the first retry). */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const cap = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(cap / 2 + (random() * cap) / 2);
}
