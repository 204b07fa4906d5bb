/**
 * Compiles a rule condition into a closure, once per rule-set load. The AST from jsep is walked
 * against a whitelist: literals, paths under the five context roots, the operators in
 * `operators.ts`, `x in [..]`, the ternary and the functions in `functions.ts`. Anything else
 * (`this`, assignment, unknown functions, method calls, `constructor`/`__proto__`) is rejected
 * with the character index of the offending token; nothing is ever handed to `eval`/`Function`.
 */
import { FORBIDDEN_PROPERTIES, ROOTS, type EvalContext, type Root, type Value } from './context.ts';
import { FUNCTIONS, isFunctionName, type Kind } from './functions.ts';
import { BINARY_OPERATORS, COMPARISON_OPERATORS, truthy, UNARY_OPERATORS } from './operators.ts';
import { endOf, parseExpression, startOf, type Node } from './parse.ts';
import { eventPathExists } from './eventPaths.ts';
import type { TopicName } from '../../schemas/topics.ts';

/** A compiled condition. */
export type Evaluator = (ctx: EvalContext) => Value;

export interface CompileOptions {
  /** Feature names that exist (the feature registry); when given, an unknown `features.*` name is an error. */
  readonly knownFeatures?: Iterable<string>;
  /** Topics the condition runs on; when given, `event.*` paths are checked against their contracts. */
  readonly topics?: readonly TopicName[];
}

/** A compile error at a 0-based character index of the condition text. */
export interface CompileIssue {
  readonly index: number;
  readonly message: string;
}

/** Names a condition reads, so callers can fetch only what the active rules need. */
export interface References {
  readonly features: Set<string>;
  readonly lists: Set<string>;
  readonly graph: Set<string>;
  readonly models: Set<string>;
  readonly eventPaths: Set<string>;
}

export type CompileResult =
  | { ok: true; evaluate: Evaluator; kind: Kind; references: References }
  | { ok: false; issues: CompileIssue[] };

interface Compiled {
  readonly fn: Evaluator;
  readonly kind: Kind;
  /** True for the literal `null`. */
  readonly isNullLiteral?: boolean;
}

const ROOT_SET: ReadonlySet<string> = new Set(ROOTS);
const CONTEXT_HINT = 'conditions read event.*, features.*, lists.*, graph.* and models.*';

const constant = (v: Value): Evaluator => () => v;

/** Normalises a value read from the context: undefined, NaN, functions and symbols read as null. */
function normalise(v: unknown): Value {
  if (v === undefined || v === null) return null;
  switch (typeof v) {
    case 'number': return Number.isFinite(v) ? v : null;
    case 'string': case 'boolean': return v;
    case 'bigint': return Number(v);
    case 'object': return v instanceof Date ? v.toISOString() : (v as Value);
    default: return null;
  }
}

/** Walks own data properties only, so no path can reach a prototype. */
function readPath(root: unknown, path: readonly (string | number)[]): Value {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return null;
    if (Array.isArray(cur)) {
      if (typeof seg !== 'number') return null;
      cur = cur[seg];
    } else {
      const key = String(seg);
      if (!Object.hasOwn(cur, key)) return null;
      cur = (cur as Record<string, unknown>)[key];
    }
  }
  return normalise(cur);
}

/** Reads a flat name (`enterprise.inflow_sum_7d`) from a record of scalars. */
function readFlat(record: Readonly<Record<string, unknown>> | undefined, name: string): Value {
  if (!record || !Object.hasOwn(record, name)) return null;
  const v = normalise(record[name]);
  return typeof v === 'object' ? null : v;
}

class Compiler {
  readonly issues: CompileIssue[] = [];
  readonly refs: References = { features: new Set(), lists: new Set(), graph: new Set(), models: new Set(), eventPaths: new Set() };
  private readonly known: ReadonlySet<string> | undefined;

  constructor(
    private readonly text: string,
    private readonly options: CompileOptions,
  ) {
    this.known = options.knownFeatures ? new Set(options.knownFeatures) : undefined;
  }

  private fail(node: Node | undefined, message: string, fallback = 0): Compiled {
    const index = (node && startOf(node)) ?? fallback;
    this.issues.push({ index, message });
    return { fn: constant(null), kind: 'any' };
  }

  compile(node: Node, at = 0): Compiled {
    const here = startOf(node) ?? at;
    switch (node.type) {
      case 'Literal': return this.literal(node, here);
      case 'Identifier': return this.identifier(node, here);
      case 'MemberExpression': return this.member(node, here);
      case 'ArrayExpression': return this.array(node, here);
      case 'UnaryExpression': return this.unary(node, here);
      case 'BinaryExpression': return this.binary(node, here);
      case 'ConditionalExpression': return this.conditional(node, here);
      case 'CallExpression': return this.call(node, here);
      case 'ThisExpression': return this.fail(node, "'this' is not available; " + CONTEXT_HINT, here);
      case 'Compound': {
        const second = (node.body as Node[])[1];
        return this.fail(second, 'one expression per condition: join conditions with && or ||', here);
      }
      case 'SequenceExpression': {
        const second = (node.expressions as Node[])[1];
        return this.fail(second, 'one expression per condition: comma sequences are not allowed', here);
      }
      default:
        return this.fail(node, `'${node.type}' is not allowed in a condition`, here);
    }
  }

  private literal(node: Node, at: number): Compiled {
    const v = node.value;
    if (v === null) return { fn: constant(null), kind: 'null', isNullLiteral: true };
    if (typeof v === 'number') return Number.isFinite(v) ? { fn: constant(v), kind: 'number' } : this.fail(node, 'number out of range', at);
    if (typeof v === 'string') return { fn: constant(v), kind: 'string' };
    if (typeof v === 'boolean') return { fn: constant(v), kind: 'boolean' };
    return this.fail(node, 'only numbers, strings, true, false and null literals are allowed', at);
  }

  private identifier(node: Node, at: number): Compiled {
    const name = String(node.name);
    if (ROOT_SET.has(name)) return this.fail(node, `name a field under '${name}', e.g. ${name}.<name>`, at);
    if (isFunctionName(name)) return this.fail(node, `'${name}' is a function: call it as ${FUNCTIONS[name]?.summary.split(':')[0]}`, at);
    return this.fail(node, `unknown name '${name}'; ${CONTEXT_HINT}`, at);
  }

  /** Flattens `a.b['c'][0]` into a root and literal segments, rejecting dynamic or forbidden keys. */
  private member(node: Node, at: number): Compiled {
    const segments: Array<string | number> = [];
    let cur: Node = node;
    let failed = false;
    while (cur.type === 'MemberExpression') {
      const prop = cur.property as Node;
      let seg: string | number | undefined;
      if (!cur.computed && prop.type === 'Identifier') seg = String(prop.name);
      else if (cur.computed && prop.type === 'Literal' && (typeof prop.value === 'string' || (typeof prop.value === 'number' && Number.isInteger(prop.value) && prop.value >= 0))) seg = prop.value;
      if (seg === undefined) {
        this.fail(prop, "use a literal name or index inside [ ] (e.g. features['enterprise.inflow_sum_7d'])", at);
        failed = true;
      } else if (typeof seg === 'string' && FORBIDDEN_PROPERTIES.has(seg)) {
        this.fail(prop, `'${seg}' cannot be read`, at);
        failed = true;
      }
      segments.unshift(seg ?? '');
      cur = cur.object as Node;
    }
    if (cur.type !== 'Identifier' || !ROOT_SET.has(String(cur.name))) {
      if (cur.type === 'ThisExpression') return this.fail(cur, "'this' is not available; " + CONTEXT_HINT, at);
      if (cur.type === 'Identifier') return this.fail(cur, `unknown name '${String(cur.name)}'; ${CONTEXT_HINT}`, at);
      return this.fail(cur, `properties can only be read from the context; ${CONTEXT_HINT}`, at);
    }
    if (failed) return { fn: constant(null), kind: 'any' };
    return this.rootPath(String(cur.name) as Root, segments, node, at);
  }

  private rootPath(root: Root, segments: ReadonlyArray<string | number>, node: Node, at: number): Compiled {
    const flat = segments.join('.');
    switch (root) {
      case 'features': {
        if (segments.some((s) => typeof s !== 'string')) return this.fail(node, 'feature names are strings, e.g. features.enterprise.inflow_sum_7d', at);
        if (this.known && !this.known.has(flat)) return this.fail(node, `unknown feature '${flat}' (not in the feature registry)`, at);
        this.refs.features.add(flat);
        return { fn: (ctx) => readFlat(ctx.features, flat), kind: 'any' };
      }
      case 'models': {
        this.refs.models.add(flat);
        return { fn: (ctx) => readFlat(ctx.models, flat), kind: 'any' };
      }
      case 'lists': {
        this.refs.lists.add(flat);
        return { fn: (ctx) => readPath(ctx.lists, segments), kind: 'any' };
      }
      case 'graph': {
        this.refs.graph.add(flat);
        return { fn: (ctx) => readPath(ctx.graph, segments), kind: 'any' };
      }
      case 'event': {
        const topics = this.options.topics;
        if (topics && topics.length > 0 && !eventPathExists(topics, segments)) {
          return this.fail(node, `no field event.${flat} in the contract of ${topics.join(', ')}`, at);
        }
        this.refs.eventPaths.add(flat);
        return { fn: (ctx) => readPath(ctx.event, segments), kind: 'any' };
      }
    }
  }

  private array(node: Node, at: number): Compiled {
    const elements = node.elements as Array<Node | null>;
    const fns: Evaluator[] = [];
    for (const el of elements) {
      if (el === null) {
        this.fail(node, 'empty element in array', at);
        continue;
      }
      fns.push(this.compile(el, at).fn);
    }
    return { fn: (ctx) => fns.map((f) => f(ctx)), kind: 'array' };
  }

  private unary(node: Node, at: number): Compiled {
    const op = String(node.operator);
    const impl = UNARY_OPERATORS[op];
    if (!impl) return this.fail(node, `operator '${op}' is not allowed (use !, - or +)`, at);
    const arg = this.compile(node.argument as Node, at);
    if (op !== '!' && (arg.kind === 'string' || arg.kind === 'boolean')) return this.fail(node, `'${op}' needs a number`, at);
    const f = arg.fn;
    return { fn: (ctx) => impl(f(ctx)), kind: op === '!' ? 'boolean' : 'number' };
  }

  /** Index of the operator token between the operands (binary nodes carry no position of their own). */
  private operatorIndex(node: Node, fallback: number): number {
    const from = endOf(node.left as Node) ?? fallback;
    const i = this.text.indexOf(String(node.operator), from);
    return i >= 0 ? i : fallback;
  }

  private binary(node: Node, at: number): Compiled {
    const op = String(node.operator);
    const opAt = this.operatorIndex(node, at);
    const left = this.compile(node.left as Node, at);
    const right = this.compile(node.right as Node, opAt);
    const a = left.fn;
    const b = right.fn;
    if (op === '&&') return { fn: (ctx) => truthy(a(ctx)) && truthy(b(ctx)), kind: 'boolean' };
    if (op === '||') return { fn: (ctx) => truthy(a(ctx)) || truthy(b(ctx)), kind: 'boolean' };
    if (op === '??') return { fn: (ctx) => a(ctx) ?? b(ctx), kind: 'any' };
    const impl = BINARY_OPERATORS[op];
    if (!impl) {
      const hint = op === '=' ? ' (compare with ==)' : op === '|' || op === '&' ? ` (did you mean ${op}${op}?)` : '';
      this.issues.push({ index: opAt, message: `operator '${op}' is not allowed${hint}` });
      return { fn: constant(null), kind: 'any' };
    }
    if (COMPARISON_OPERATORS.has(op)) {
      if (left.isNullLiteral || right.isNullLiteral) {
        const nullNode = left.isNullLiteral ? (node.left as Node) : (node.right as Node);
        return this.fail(nullNode, 'a comparison with null is always false; use exists(x) or !exists(x)', opAt);
      }
      if (op === 'in' && right.kind !== 'array' && right.kind !== 'any') return this.fail(node.right as Node, "the right side of 'in' must be a list, e.g. x in ['a', 'b']", opAt);
      return { fn: (ctx) => impl(a(ctx), b(ctx)), kind: 'boolean' };
    }
    for (const [side, c] of [[node.left, left], [node.right, right]] as const) {
      if (c.kind === 'string' || c.kind === 'boolean' || c.kind === 'array' || c.isNullLiteral) {
        return this.fail(side as Node, `'${op}' needs numbers`, opAt);
      }
    }
    return { fn: (ctx) => impl(a(ctx), b(ctx)), kind: 'number' };
  }

  private conditional(node: Node, at: number): Compiled {
    const t = this.compile(node.test as Node, at).fn;
    const c = this.compile(node.consequent as Node, at);
    const e = this.compile(node.alternate as Node, at);
    const kind: Kind = c.kind === e.kind ? c.kind : 'any';
    return { fn: (ctx) => (truthy(t(ctx)) ? c.fn(ctx) : e.fn(ctx)), kind };
  }

  private call(node: Node, at: number): Compiled {
    const callee = node.callee as Node;
    const names = Object.keys(FUNCTIONS).join(', ');
    if (callee.type !== 'Identifier') {
      const pointAt = callee.type === 'MemberExpression' ? (callee.property as Node) : callee;
      return this.fail(pointAt, `only these functions can be called: ${names}`, at);
    }
    const name = String(callee.name);
    const def = isFunctionName(name) ? FUNCTIONS[name] : undefined;
    if (!def) return this.fail(callee, `unknown function '${name}'; functions are: ${names}`, at);
    const args = node.arguments as Node[];
    if (args.length < def.minArgs || args.length > def.maxArgs) {
      const want = def.minArgs === def.maxArgs ? `${def.minArgs}` : `${def.minArgs} to ${def.maxArgs}`;
      return this.fail(callee, `${name} takes ${want} argument(s), got ${args.length}: ${def.summary}`, at);
    }
    const fns = args.map((arg) => this.compile(arg, at).fn);
    const call = def.call;
    return { fn: (ctx) => call(fns.map((f) => f(ctx))), kind: def.returns };
  }
}

/** Compiles a condition; errors come back with character indexes, never thrown. */
export function compileExpression(text: string, options: CompileOptions = {}): CompileResult {
  const parsed = parseExpression(text);
  if (!parsed.ok) return { ok: false, issues: [{ index: parsed.index, message: parsed.message }] };
  const compiler = new Compiler(text, options);
  const result = compiler.compile(parsed.ast);
  if (compiler.issues.length > 0) return { ok: false, issues: compiler.issues };
  return { ok: true, evaluate: result.fn, kind: result.kind, references: compiler.refs };
}
