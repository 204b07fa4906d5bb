/**
 * Parses a rule condition into a jsep AST whose nodes carry source offsets, so that compile
 * errors (an unknown function, a forbidden name) can point at a line and column in the YAML file.
 *
 * jsep keeps no positions on nodes, so we subclass its parser (exported as `jsep.Jsep`) and record
 * `start`/`end` on identifiers and tokens. The subclass only adds properties; parsing is unchanged.
 */
import jsep from 'jsep';

/** Operator `x in [a, b]` (membership). jsep's operator tables are global, so this is added once per process. */
if (!Object.prototype.hasOwnProperty.call(jsep.binary_ops, 'in')) jsep.addBinaryOp('in', 7);

/** An AST node with the source span recorded by the parser (absent on nodes jsep builds itself, e.g. binary). */
export type Node = jsep.Expression & { start?: number; end?: number };

interface JsepParser {
  index: number;
  readonly expr: string;
  gobbleSpaces(): void;
  gobbleToken(): Node | false | undefined;
  gobbleIdentifier(): Node;
  parse(): Node;
}
type JsepParserClass = new (expr: string) => JsepParser;

const JsepBase = (jsep as unknown as { Jsep: JsepParserClass }).Jsep;

class PositionedJsep extends JsepBase {
  override gobbleIdentifier(): Node {
    const start = this.index;
    const node = super.gobbleIdentifier();
    node.start = start;
    node.end = this.index;
    return node;
  }

  override gobbleToken(): Node | false | undefined {
    this.gobbleSpaces();
    const start = this.index;
    const node = super.gobbleToken();
    if (node && node.start === undefined) {
      node.start = start;
      node.end = this.index;
    }
    return node;
  }
}

export type ParseResult = { ok: true; ast: Node } | { ok: false; index: number; message: string };

/** Parses an expression; a syntax error comes back with its 0-based character index, never thrown. */
export function parseExpression(text: string): ParseResult {
  if (text.trim() === '') return { ok: false, index: 0, message: 'empty condition' };
  try {
    return { ok: true, ast: new PositionedJsep(text).parse() };
  } catch (error) {
    const e = error as { index?: unknown; description?: unknown; message?: unknown };
    const index = typeof e.index === 'number' ? e.index : 0;
    const message = typeof e.description === 'string' ? e.description : String(e.message ?? error);
    return { ok: false, index: Math.min(index, text.length), message: `syntax error: ${message}` };
  }
}

/** Start offset of a node, falling back to its leftmost child (binary and conditional nodes carry none). */
export function startOf(node: Node): number | undefined {
  if (node.start !== undefined) return node.start;
  const first = (node.left ?? node.test ?? node.object ?? node.callee ?? node.argument) as Node | undefined;
  return first ? startOf(first) : undefined;
}

/** End offset of a node, falling back to its rightmost child. */
export function endOf(node: Node): number | undefined {
  if (node.end !== undefined) return node.end;
  const last = (node.right ?? node.alternate ?? node.property ?? node.argument) as Node | undefined;
  return last ? endOf(last) : undefined;
}
