/**
 * YAML with positions: parses a document keeping offsets, maps zod issues and positions inside
 * scalar strings back to 1-based line and column of the file, so every rejection of a rule set
 * or config file reads `file:line:col: message`.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node as YamlNode, type Scalar } from 'yaml';
import type { z } from 'zod';

/** A problem in a YAML file, 1-based line and column. */
export interface SourceIssue {
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

export interface ParsedYaml {
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
  readonly issues: SourceIssue[];
}

/** `file:line:col: message`, the form editors and CI annotate. */
export const formatIssue = (file: string, issue: SourceIssue): string => `${file}:${issue.line}:${issue.col}: ${issue.message}`;

/** Position of an offset; line 0 (no newline seen) is reported as line 1. */
export function positionAt(lc: LineCounter, offset: number): { line: number; col: number } {
  const p = lc.linePos(offset);
  return { line: Math.max(1, p.line), col: Math.max(1, p.col) };
}

/** Parses YAML; syntax errors come back as issues with positions (the first line of yaml's message). */
export function parseYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  // Warnings count as errors: an unresolved tag is almost always an unquoted condition starting
  // with `!` (`when: !event.x`), which YAML reads as a tag and silently drops.
  const issues = [...doc.errors, ...doc.warnings].map((e) => {
    const { line, col } = positionAt(lineCounter, e.pos[0]);
    const hint = e.code === 'TAG_RESOLVE_FAILED' ? ' (a value starting with ! must be quoted: "!x")' : '';
    return { line, col, message: `YAML ${e.code}: ${e.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}${hint}` };
  });
  return { doc, lineCounter, issues };
}

type PathKey = string | number | symbol;

/** The deepest node that exists along `path`, and whether it is the key (for unknown-key errors). */
function nodeAt(doc: Document.Parsed, path: readonly PathKey[]): YamlNode | null {
  let node: YamlNode | null = doc.contents;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    if (typeof key === 'symbol') break;
    const child = doc.getIn(path.slice(0, i + 1) as Array<string | number>, true) as YamlNode | undefined;
    if (!child || typeof child !== 'object' || !('range' in child)) break;
    node = child;
  }
  return node;
}

/** Offset of a key inside a map node, for "unknown key" errors. */
function keyOffset(node: YamlNode | null, key: string): number | undefined {
  if (!node || !isMap(node)) return undefined;
  const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
  return pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
}

/** Maps zod issues onto the YAML nodes they are about. */
export function zodIssuesToSource(parsed: ParsedYaml, error: z.ZodError): SourceIssue[] {
  return error.issues.map((issue) => {
    const node = nodeAt(parsed.doc, issue.path);
    let offset = node?.range?.[0] ?? 0;
    if (issue.code === 'unrecognized_keys') {
      const first = issue.keys[0];
      offset = (first !== undefined ? keyOffset(node, first) : undefined) ?? offset;
    }
    const where = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
    return { ...positionAt(parsed.lineCounter, offset), message: `${where}${issue.message}` };
  });
}

/** Position of the node at `path` (or of its deepest existing ancestor). */
export function positionOfPath(parsed: ParsedYaml, path: readonly (string | number)[]): { line: number; col: number } {
  return positionAt(parsed.lineCounter, nodeAt(parsed.doc, path)?.range?.[0] ?? 0);
}

/**
 * File offset of character `index` of a scalar's parsed value. Quotes, block headers,
 * indentation and line folding make the two differ; we align the value against the raw source
 * character by character (whitespace in the value may match any whitespace in the source).
 */
export function scalarIndexToOffset(text: string, scalar: Scalar, index: number): number {
  const range = scalar.range;
  if (!range) return 0;
  const [start, end] = range;
  let j = start;
  if (scalar.type === 'QUOTE_DOUBLE' || scalar.type === 'QUOTE_SINGLE') j = start + 1;
  else if (scalar.type === 'BLOCK_LITERAL' || scalar.type === 'BLOCK_FOLDED') {
    const nl = text.indexOf('\n', start);
    j = nl >= 0 && nl < end ? nl + 1 : start;
  }
  const value = String(scalar.value);
  const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  for (let i = 0; i < value.length && j < end; i++) {
    const v = value[i];
    if (isSpace(v)) {
      while (j < end && !isSpace(text[j])) j++;
    } else {
      while (j < end && text[j] !== v) j++;
    }
    if (i === index) return j;
    j++;
  }
  return Math.min(j, end);
}

export type YamlParseResult<T> = { ok: true; value: T } | { ok: false; issues: SourceIssue[] };

/** Parses YAML and validates it with a zod schema; every problem comes back with its line and column. */
export function parseYamlWith<S extends z.ZodType>(schema: S, text: string): YamlParseResult<z.output<S>> {
  const parsed = parseYaml(text);
  if (parsed.issues.length > 0) return { ok: false, issues: parsed.issues };
  const result = schema.safeParse(parsed.doc.toJS());
  if (!result.success) return { ok: false, issues: zodIssuesToSource(parsed, result.error) };
  return { ok: true, value: result.data };
}
