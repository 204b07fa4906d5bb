/**
 * What a rule condition can see. Conditions read five roots and nothing else:
 *
 * - `event.*`    the input event (pseudonymised), e.g. `event.identity.faceMatchScore`
 * - `features.*` the point-in-time feature vector, by registry name: `features['enterprise.inflow_sum_7d']`
 *                or the same name written as a path, `features.enterprise.inflow_sum_7d`
 * - `lists.*`    list hits, e.g. `lists.device_blacklist` (true when the device is on the list)
 * - `graph.*`    knowledge-graph results, e.g. `graph.blacklist_distance`
 * - `models.*`   model scores (probabilities 0-1), e.g. `models.application_fraud`
 *
 * Null semantics (SQL-like, so a missing value never fires a rule by accident):
 * - a missing field, feature, list, graph result or model score reads as `null`;
 * - every comparison (`== != < <= > >=`, `in`) with a `null` operand is `false`
 *   (test for absence with `exists(x)` / `!exists(x)`);
 * - arithmetic with a `null` operand, or a division by zero, gives `null`;
 * - `!`, `&&`, `||` and the ternary treat `null` as false;
 * - a rule hits only when its condition evaluates to exactly `true`.
 */

/** A value inside an expression. Objects and arrays come from the context and are read-only. */
export type Value = null | boolean | number | string | readonly Value[] | { readonly [key: string]: Value };

/** The evaluation context a compiled condition runs against. */
export interface EvalContext {
  /** The input event (already pseudonymised). */
  readonly event: unknown;
  /** Feature values by registry name (`enterprise.inflow_sum_7d`); absent or null when unknown. */
  readonly features?: Readonly<Record<string, number | null | undefined>>;
  /** List hits by list name. */
  readonly lists?: Readonly<Record<string, unknown>>;
  /** Knowledge-graph results by name. */
  readonly graph?: Readonly<Record<string, unknown>>;
  /** Model scores by model name. */
  readonly models?: Readonly<Record<string, number | null | undefined>>;
}

/** The roots a condition may name. */
export const ROOTS = ['event', 'features', 'lists', 'graph', 'models'] as const;
export type Root = (typeof ROOTS)[number];

/** Property names never readable, whatever the root: they lead out of plain data into the prototype chain. */
export const FORBIDDEN_PROPERTIES: ReadonlySet<string> = new Set([
  'constructor', '__proto__', 'prototype', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__',
]);
