/**
 * Reason codes for a model score: the features that moved it most, by absolute Saabas
 * contribution (log-odds), with the value the model saw. Readable without the model owner:
 * "txn_amount_to_avg_30d = 8.2 raised the transaction fraud score (+1.34 log-odds)".
 */
import type { Static } from '@sinclair/typebox';
import type { ReasonCode } from '../../schemas/common.ts';

export type Reason = Static<typeof ReasonCode>;

/** Contributions smaller than this (log-odds) are noise, not a reason. */
export const MIN_REASON_CONTRIBUTION = 1e-6;

/**
 * The `count` features with the largest |contribution|, largest first. Ties keep manifest
 * order so output is deterministic. `values` are the inputs (NaN = missing, reported as null);
 * `describe` gives a feature's plain-words meaning (the registry description) for the text.
 */
export function topReasons(
  modelName: string,
  features: readonly string[],
  values: ArrayLike<number>,
  contributions: ArrayLike<number>,
  count: number,
  describe: (feature: string) => string | undefined = () => undefined,
): Reason[] {
  const order = features
    .map((_, i) => i)
    .filter((i) => Math.abs(contributions[i] as number) >= MIN_REASON_CONTRIBUTION)
    .sort((a, b) => Math.abs(contributions[b] as number) - Math.abs(contributions[a] as number) || a - b)
    .slice(0, Math.max(0, count));
  const label = modelName.replaceAll('_', ' ');
  return order.map((i) => {
    const feature = features[i] as string;
    const c = contributions[i] as number;
    const raw = values[i] as number;
    const value = Number.isNaN(raw) ? null : raw;
    const shown = value === null ? 'missing' : String(Number(value.toPrecision(6)));
    const verb = c > 0 ? 'raised' : 'lowered';
    const meaning = describe(feature);
    const what = meaning ? `${meaning} (${feature})` : feature;
    return {
      code: feature.slice(0, 64),
      description: `${what} = ${shown} ${verb} the ${label} score (${c > 0 ? '+' : ''}${c.toFixed(3)} log-odds)`.slice(0, 512),
      value,
      contribution: c,
    };
  });
}
