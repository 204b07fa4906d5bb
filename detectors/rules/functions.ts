/**
 * The functions a rule condition may call: a closed whitelist, each with its arity and result
 * kind. Every function is total: a null or ill-typed argument gives null (or false for
 * predicates), never an exception.
 */
import type { Value } from './context.ts';

/** Static kind of an expression's result, used to reject conditions that cannot be boolean. */
export type Kind = 'boolean' | 'number' | 'string' | 'array' | 'null' | 'any';

export interface RuleFunction {
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly returns: Kind;
  readonly summary: string;
  readonly call: (args: readonly Value[]) => Value;
}

const isNum = (v: Value | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
const DAY_MS = 86_400_000;

/** Milliseconds since epoch of an ISO date/instant string or a number of ms; null otherwise. */
function toMillis(v: Value | undefined): number | null {
  if (isNum(v)) return v;
  if (typeof v !== 'string') return null;
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? ms : null;
}

function extreme(pick: (a: number, b: number) => number) {
  return (args: readonly Value[]): Value => {
    const nums = (args.length === 1 && Array.isArray(args[0]) ? (args[0] as readonly Value[]) : args).filter(isNum);
    return nums.length === 0 ? null : nums.reduce((a, b) => pick(a, b));
  };
}

export const FUNCTIONS: Readonly<Record<string, RuleFunction>> = {
  abs: {
    minArgs: 1, maxArgs: 1, returns: 'number', summary: 'abs(x): absolute value; null if x is not a number',
    call: ([x]) => (isNum(x) ? Math.abs(x) : null),
  },
  min: {
    minArgs: 1, maxArgs: 32, returns: 'number', summary: 'min(a, b, ...) or min([..]): smallest number, nulls ignored; null if none',
    call: extreme(Math.min),
  },
  max: {
    minArgs: 1, maxArgs: 32, returns: 'number', summary: 'max(a, b, ...) or max([..]): largest number, nulls ignored; null if none',
    call: extreme(Math.max),
  },
  coalesce: {
    minArgs: 1, maxArgs: 32, returns: 'any', summary: 'coalesce(a, b, ...): first argument that is not null',
    call: (args) => args.find((a) => a !== null) ?? null,
  },
  exists: {
    minArgs: 1, maxArgs: 1, returns: 'boolean', summary: 'exists(x): true when x is not null',
    call: ([x]) => x !== null && x !== undefined,
  },
  len: {
    minArgs: 1, maxArgs: 1, returns: 'number', summary: 'len(x): length of a string or array; null otherwise',
    call: ([x]) => (typeof x === 'string' || Array.isArray(x) ? (x as string | readonly Value[]).length : null),
  },
  contains: {
    minArgs: 2, maxArgs: 2, returns: 'boolean', summary: 'contains(haystack, needle): substring of a string or element of an array',
    call: ([h, n]) => {
      if (n === null || n === undefined) return false;
      if (typeof h === 'string') return typeof n === 'string' && h.includes(n);
      if (Array.isArray(h)) return (h as readonly Value[]).some((x) => x === n);
      return false;
    },
  },
  startsWith: {
    minArgs: 2, maxArgs: 2, returns: 'boolean', summary: 'startsWith(s, prefix): true when string s starts with prefix',
    call: ([s, p]) => typeof s === 'string' && typeof p === 'string' && s.startsWith(p),
  },
  daysBetween: {
    minArgs: 2, maxArgs: 2, returns: 'number',
    summary: 'daysBetween(from, to): days from one ISO date/instant to another (fractional, negative if to is earlier)',
    call: ([a, b]) => {
      const from = toMillis(a);
      const to = toMillis(b);
      return from === null || to === null ? null : (to - from) / DAY_MS;
    },
  },
};

export const isFunctionName = (name: string): boolean => Object.prototype.hasOwnProperty.call(FUNCTIONS, name);
