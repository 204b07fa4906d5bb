/**
 * The small expression language of the feature registry: filters (`direction == 'in'`), value
 * extractors (`amount`, `days(eventTime, dueDate)`) and entity keys, written as strings so the
 * registry stays data (TS module or YAML) and never holds code. Parsed once by jsep and compiled
 * to closures; evaluation never throws: a missing field is `undefined`, so `a.b.c` on an event
 * without `a` is simply undefined (safe navigation), and a filter is true only when it yields `true`.
 */
import jsep from 'jsep';
import { createHash } from 'node:crypto';

/** A compiled expression: a pure function of one event. */
export type Compiled = (event: unknown) => unknown;

type Node = jsep.Expression;

const DAY_MS = 86_400_000;

/** Epoch milliseconds of an ISO date or date-time (or a number passed through); undefined if invalid. */
function toMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Functions expressions may call. Each one tolerates missing arguments. */
const FUNCTIONS: Readonly<Record<string, (...args: unknown[]) => unknown>> = {
  /** First argument that is neither null nor undefined. */
  coalesce: (...args) => args.find((a) => a !== undefined && a !== null),
  /** True when the value is present. */
  has: (v) => v !== undefined && v !== null,
  /** True when the first argument equals any of the others. */
  oneOf: (v, ...options) => options.includes(v),
  /** Epoch ms of a date / date-time string. */
  ms: (v) => toMs(v),
  /** Days from a to b (b − a), fractional; undefined when either is missing. */
  days: (a, b) => {
    const x = toMs(a);
    const y = toMs(b);
    return x === undefined || y === undefined ? undefined : (y - x) / DAY_MS;
  },
  /**
   * A short stable digest of free text (lower-cased, whitespace collapsed): lets long or
   * semi-structured values such as addresses serve as entity keys without storing the text.
   */
  digest: (v) =>
    typeof v === 'string' && v.trim() !== ''
      ? createHash('sha256').update(v.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim()).digest('hex').slice(0, 32)
      : undefined,
  /** Absolute value of a number. */
  abs: (v) => (typeof v === 'number' ? Math.abs(v) : undefined),
};

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function arith(op: string, a: unknown, b: unknown): unknown {
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  const x = num(a);
  const y = num(b);
  if (x === undefined || y === undefined) return undefined;
  switch (op) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '/': return y === 0 ? undefined : x / y;
    case '%': return y === 0 ? undefined : x % y;
  }
  return undefined;
}

function compare(op: string, a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    switch (op) {
      case '<': return a < b;
      case '<=': return a <= b;
      case '>': return a > b;
      case '>=': return a >= b;
    }
  }
  if (typeof a === 'string' && typeof b === 'string') {
    switch (op) {
      case '<': return a < b;
      case '<=': return a <= b;
      case '>': return a > b;
      case '>=': return a >= b;
    }
  }
  return false;
}

function compileNode(node: Node, source: string): Compiled {
  switch (node.type) {
    case 'Literal': {
      const value = (node as jsep.Literal).value;
      return () => value;
    }
    case 'Identifier': {
      const name = (node as jsep.Identifier).name;
      if (name === 'undefined') return () => undefined;
      return (e) => (e !== null && typeof e === 'object' ? (e as Record<string, unknown>)[name] : undefined);
    }
    case 'MemberExpression': {
      const m = node as jsep.MemberExpression;
      const object = compileNode(m.object, source);
      let prop: Compiled;
      if (m.computed) prop = compileNode(m.property, source);
      else {
        const name = (m.property as jsep.Identifier).name;
        prop = () => name;
      }
      return (e) => {
        const o = object(e);
        const p = prop(e);
        if (o === null || typeof o !== 'object' || (typeof p !== 'string' && typeof p !== 'number')) return undefined;
        return Object.prototype.hasOwnProperty.call(o, p) ? (o as Record<string, unknown>)[p] : undefined;
      };
    }
    case 'UnaryExpression': {
      const u = node as jsep.UnaryExpression;
      const arg = compileNode(u.argument, source);
      if (u.operator === '!') return (e) => !truthy(arg(e));
      if (u.operator === '-') return (e) => {
        const v = num(arg(e));
        return v === undefined ? undefined : -v;
      };
      throw new SyntaxError(`operator ${u.operator} is not supported in "${source}"`);
    }
    case 'BinaryExpression': {
      const b = node as jsep.BinaryExpression;
      const left = compileNode(b.left, source);
      const right = compileNode(b.right, source);
      const op = b.operator;
      switch (op) {
        case '&&': return (e) => truthy(left(e)) && truthy(right(e));
        case '||': return (e) => truthy(left(e)) || truthy(right(e));
        case '==':
        case '===': return (e) => left(e) === right(e);
        case '!=':
        case '!==': return (e) => left(e) !== right(e);
        case '<':
        case '<=':
        case '>':
        case '>=': return (e) => compare(op, left(e), right(e));
        case '+':
        case '-':
        case '*':
        case '/':
        case '%': return (e) => arith(op, left(e), right(e));
      }
      throw new SyntaxError(`operator ${op} is not supported in "${source}"`);
    }
    case 'ConditionalExpression': {
      const c = node as jsep.ConditionalExpression;
      const test = compileNode(c.test, source);
      const yes = compileNode(c.consequent, source);
      const no = compileNode(c.alternate, source);
      return (e) => (truthy(test(e)) ? yes(e) : no(e));
    }
    case 'CallExpression': {
      const call = node as jsep.CallExpression;
      if (call.callee.type !== 'Identifier') throw new SyntaxError(`only named functions can be called in "${source}"`);
      const name = (call.callee as jsep.Identifier).name;
      const fn = FUNCTIONS[name];
      if (!fn) throw new SyntaxError(`unknown function ${name}() in "${source}"; known: ${Object.keys(FUNCTIONS).join(', ')}`);
      const args = call.arguments.map((a) => compileNode(a, source));
      return (e) => fn(...args.map((a) => a(e)));
    }
    case 'ArrayExpression': {
      const items = (node as jsep.ArrayExpression).elements.map((x) => (x ? compileNode(x, source) : () => undefined));
      return (e) => items.map((i) => i(e));
    }
  }
  throw new SyntaxError(`${node.type} is not supported in "${source}"`);
}

/** Truthiness without JS surprises: only `true`, non-zero numbers and non-empty strings count. */
function truthy(v: unknown): boolean {
  return v === true || (typeof v === 'number' && v !== 0 && !Number.isNaN(v)) || (typeof v === 'string' && v !== '');
}

const cache = new Map<string, Compiled>();

/** Compiles an expression (cached by its text); throws SyntaxError naming the expression on a bad one. */
export function compileExpr(source: string): Compiled {
  const hit = cache.get(source);
  if (hit) return hit;
  let ast: Node;
  try {
    ast = jsep(source);
  } catch (err) {
    throw new SyntaxError(`cannot parse expression "${source}": ${(err as Error).message}`);
  }
  const compiled = compileNode(ast, source);
  cache.set(source, compiled);
  return compiled;
}

/** A filter: true only when the expression yields exactly a truthy value. */
export function compileFilter(source: string | undefined): (event: unknown) => boolean {
  if (source === undefined || source.trim() === '') return () => true;
  const c = compileExpr(source);
  return (e) => truthy(c(e));
}
