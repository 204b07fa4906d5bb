/**
 * The operators of the rule language, with the null semantics documented in `context.ts`.
 * Only the operators listed here compile; bitwise operators, `**`, assignment and the like are
 * rejected at load time.
 */
import type { Value } from './context.ts';

export type BinaryOperator = (a: Value, b: Value) => Value;

const isNum = (v: Value): v is number => typeof v === 'number' && Number.isFinite(v);

/** Strict equality of plain values; arrays compare element-wise, objects never equal. */
function same(a: Value, b: Value): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i] as Value));
  if (typeof a === 'object' || typeof b === 'object') return false;
  return a === b;
}

/** Ordering only between two numbers or two strings (ISO dates compare as strings); anything else is false. */
function order(a: Value, b: Value, test: (c: number) => boolean): boolean {
  if (isNum(a) && isNum(b)) return test(a - b);
  if (typeof a === 'string' && typeof b === 'string') return test(a < b ? -1 : a > b ? 1 : 0);
  return false;
}

function arith(f: (x: number, y: number) => number): BinaryOperator {
  return (a, b) => {
    if (!isNum(a) || !isNum(b)) return null;
    const r = f(a, b);
    return Number.isFinite(r) ? r : null;
  };
}

/** Truthiness in conditions: only `true`, non-zero numbers and non-empty strings and arrays are true. */
export function truthy(v: Value): boolean {
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

/** Membership: `x in [..]`; false when `x` is null or the right side is not an array. */
function member(a: Value, b: Value): boolean {
  if (a === null || !Array.isArray(b)) return false;
  return b.some((item) => same(a, item as Value));
}

const nullGuard = (f: (a: Value, b: Value) => boolean): BinaryOperator => (a, b) => (a === null || b === null ? false : f(a, b));

/** Operators evaluated on both operands; `&&`, `||` and `??` short-circuit and are compiled separately. */
export const BINARY_OPERATORS: Readonly<Record<string, BinaryOperator>> = {
  '==': nullGuard(same),
  '===': nullGuard(same),
  '!=': nullGuard((a, b) => !same(a, b)),
  '!==': nullGuard((a, b) => !same(a, b)),
  '<': nullGuard((a, b) => order(a, b, (c) => c < 0)),
  '<=': nullGuard((a, b) => order(a, b, (c) => c <= 0)),
  '>': nullGuard((a, b) => order(a, b, (c) => c > 0)),
  '>=': nullGuard((a, b) => order(a, b, (c) => c >= 0)),
  in: member,
  '+': arith((x, y) => x + y),
  '-': arith((x, y) => x - y),
  '*': arith((x, y) => x * y),
  '/': arith((x, y) => (y === 0 ? Number.NaN : x / y)),
  '%': arith((x, y) => (y === 0 ? Number.NaN : x % y)),
};

/** Operators that short-circuit. */
export const LOGICAL_OPERATORS: ReadonlySet<string> = new Set(['&&', '||', '??']);

/** Comparison operators (their result is boolean; comparing with the `null` literal is a load error). */
export const COMPARISON_OPERATORS: ReadonlySet<string> = new Set(['==', '===', '!=', '!==', '<', '<=', '>', '>=', 'in']);

export const UNARY_OPERATORS: Readonly<Record<string, (a: Value) => Value>> = {
  '!': (a) => !truthy(a),
  '-': (a) => (isNum(a) ? -a : null),
  '+': (a) => (isNum(a) ? a : null),
};
