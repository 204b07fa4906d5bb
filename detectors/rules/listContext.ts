/**
 * Turns the feature store's list hits for one event into the rules' `lists.*` context:
 *
 * - `lists.<kind>_<color>`  true when an identifier of that kind is on that list
 *                           (`lists.device_black`, `lists.person_grey`, `lists.enterprise_white`);
 * - `lists.<field>_<color>` the same per event field, dots as underscores
 *                           (`lists.counterpartyAccount_black`, `lists.applicant_idNumber_black`);
 * - `lists.<color>`         number of hits of that color (`lists.black > 0`).
 *
 * Kinds and colors come from features/entities.ts; absent names read as null, so
 * `lists.device_black` is simply not true for a clean device.
 */
import type { ListHit } from '../../features/types.ts';

export type ListContext = Record<string, boolean | number>;

export function listContext(hits: readonly Pick<ListHit, 'kind' | 'list' | 'field'>[]): ListContext {
  const ctx: ListContext = {};
  for (const hit of hits) {
    ctx[`${hit.kind}_${hit.list}`] = true;
    ctx[`${hit.field.replaceAll('.', '_')}_${hit.list}`] = true;
    ctx[hit.list] = ((ctx[hit.list] as number | undefined) ?? 0) + 1;
  }
  return ctx;
}
