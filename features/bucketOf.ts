/** Index of the time bucket holding `ms` at a granularity; buckets are aligned to epoch multiples (UTC). */
export const bucketOf = (ms: number, granularityMs: number): number => Math.floor(ms / granularityMs);
