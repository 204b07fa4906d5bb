/**
 * Expands a panel's SQL as Grafana and the ClickHouse data source would, for a fixed time
 * range, so the query can run anywhere: first Grafana's template variables (`$var`, `${var}`,
 * `${var:format}`, `[[var]]`; "All" becomes every value), then the plugin's macros, with the
 * expansions of grafana/clickhouse-datasource pkg/macros/macros.go:
 *   $__timeFilter(c)    c >= toDateTime(<from s>) AND c <= toDateTime(<to s>)
 *   $__timeFilter_ms(c) the same with fromUnixTimestamp64Milli(<ms>)
 *   $__dateFilter(c)    c >= toDate('<from day>') AND c <= toDate('<to day>')
 *   $__dateTimeFilter(d, t) / $__dt(d, t)  both of the above
 *   $__timeInterval(c)  toStartOfInterval(toDateTime(c), INTERVAL <interval s> second)
 *   $__timeInterval_ms(c) toStartOfInterval(toDateTime64(c, 3), INTERVAL <interval ms> millisecond)
 *   $__fromTime, $__toTime (and _ms), $__interval_s
 * Anything left that looks like a macro or a variable is an error: it would reach ClickHouse
 * unexpanded.
 */

export interface ExpandContext {
  readonly from: Date;
  readonly to: Date;
  /** `$__interval` in seconds (at least 1). */
  readonly intervalSeconds: number;
  /** Selected values of each template variable. */
  readonly variables: Readonly<Record<string, readonly string[]>>;
}

export class MacroError extends Error {}

const seconds = (d: Date): number => Math.floor(d.getTime() / 1000);
const dateTime = (d: Date): string => `toDateTime(${seconds(d)})`;
const dateTime64 = (d: Date): string => `fromUnixTimestamp64Milli(${d.getTime()})`;
const date = (d: Date): string => `toDate('${d.toISOString().slice(0, 10)}')`;

/** Grafana's variable formats (the ones meaningful in SQL). */
function formatValues(values: readonly string[], format: string | undefined, name: string): string {
  const sq = (v: string): string => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  switch (format) {
    case undefined:
    case 'raw':
    case 'csv':
      return values.join(',');
    case 'singlequote':
      return values.map(sq).join(',');
    case 'doublequote':
      return values.map((v) => `"${v.replace(/"/g, '\\"')}"`).join(',');
    case 'sqlstring':
      return values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',');
    default:
      throw new MacroError(`variable ${name}: format ${format} is not supported here`);
  }
}

function expandVariables(sql: string, variables: ExpandContext['variables']): string {
  const value = (name: string, format: string | undefined): string => {
    const values = variables[name];
    if (!values) throw new MacroError(`template variable $${name} is not defined on the dashboard`);
    if (values.length === 0) throw new MacroError(`template variable $${name} has no values`);
    return formatValues(values, format, name);
  };
  return sql
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([a-z]+))?\}/g, (_, name: string, format: string | undefined) => value(name, format))
    .replace(/\[\[([A-Za-z_][A-Za-z0-9_]*)(?::([a-z]+))?\]\]/g, (_, name: string, format: string | undefined) => value(name, format))
    .replace(/\$(?!__)([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => value(name, undefined));
}

/** Splits `a, f(b, c), d` at top-level commas. */
function splitArgs(text: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let current = '';
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      current += c;
      if (c === '\\') current += text[++i] ?? '';
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      args.push(current.trim());
      current = '';
      continue;
    }
    current += c;
  }
  if (current.trim() !== '') args.push(current.trim());
  return args;
}

type MacroFn = (args: string[], ctx: ExpandContext) => string;

const one = (name: string, args: string[]): string => {
  if (args.length !== 1 || !args[0]) throw new MacroError(`$__${name} takes one argument, got ${args.length}`);
  return args[0];
};

const FUNCTION_MACROS: Readonly<Record<string, MacroFn>> = {
  timeFilter: (a, c) => `${one('timeFilter', a)} >= ${dateTime(c.from)} AND ${one('timeFilter', a)} <= ${dateTime(c.to)}`,
  timeFilter_ms: (a, c) => `${one('timeFilter_ms', a)} >= ${dateTime64(c.from)} AND ${one('timeFilter_ms', a)} <= ${dateTime64(c.to)}`,
  dateFilter: (a, c) => `${one('dateFilter', a)} >= ${date(c.from)} AND ${one('dateFilter', a)} <= ${date(c.to)}`,
  dateTimeFilter: (a, c) => {
    if (a.length !== 2) throw new MacroError(`$__dateTimeFilter takes two arguments, got ${a.length}`);
    return `(${a[0]} >= ${date(c.from)} AND ${a[0]} <= ${date(c.to)}) AND (${a[1]} >= ${dateTime(c.from)} AND ${a[1]} <= ${dateTime(c.to)})`;
  },
  timeInterval: (a, c) => `toStartOfInterval(toDateTime(${one('timeInterval', a)}), INTERVAL ${Math.max(1, Math.floor(c.intervalSeconds))} second)`,
  timeInterval_ms: (a, c) => `toStartOfInterval(toDateTime64(${one('timeInterval_ms', a)}, 3), INTERVAL ${Math.max(1, Math.floor(c.intervalSeconds * 1000))} millisecond)`,
};
const VALUE_MACROS: Readonly<Record<string, (c: ExpandContext) => string>> = {
  fromTime_ms: (c) => dateTime64(c.from),
  toTime_ms: (c) => dateTime64(c.to),
  fromTime: (c) => dateTime(c.from),
  toTime: (c) => dateTime(c.to),
  interval_s: (c) => String(Math.max(1, Math.floor(c.intervalSeconds))),
};

function expandMacros(sql: string, ctx: ExpandContext): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const at = sql.indexOf('$__', i);
    if (at === -1) {
      out += sql.slice(i);
      break;
    }
    out += sql.slice(i, at);
    const name = /^[A-Za-z_]+/.exec(sql.slice(at + 3))?.[0] ?? '';
    const after = at + 3 + name.length;
    const fn = FUNCTION_MACROS[name === 'dt' ? 'dateTimeFilter' : name];
    if (fn && sql[after] === '(') {
      let depth = 0;
      let end = after;
      for (; end < sql.length; end++) {
        if (sql[end] === '(') depth++;
        if (sql[end] === ')' && --depth === 0) break;
      }
      if (end >= sql.length) throw new MacroError(`unclosed $__${name}(`);
      out += fn(splitArgs(sql.slice(after + 1, end)), ctx);
      i = end + 1;
      continue;
    }
    const value = VALUE_MACROS[name];
    if (!value) throw new MacroError(`unknown macro $__${name}`);
    out += value(ctx);
    i = after;
  }
  return out;
}

/** The SQL ClickHouse would receive for this panel query. */
export function expandQuery(sql: string, ctx: ExpandContext): string {
  return expandMacros(expandVariables(sql, ctx.variables), ctx);
}

const DURATION = /^(\d+)(ms|s|m|h|d|w|y)$/;
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };

/** Milliseconds of a Grafana duration (`30s`, `6h`, `180d`). */
export function durationMs(text: string): number {
  const m = DURATION.exec(text.trim());
  if (!m) throw new MacroError(`not a duration: ${text}`);
  return Number(m[1]) * (UNIT_MS[m[2] as string] as number);
}

/** `now-24h` (or `now`) resolved against `now`. */
export function resolveRelative(text: string, now: Date): Date {
  if (text === 'now') return now;
  const m = /^now-(.+)$/.exec(text);
  if (!m) throw new MacroError(`only now-<duration> ranges are supported, got ${text}`);
  return new Date(now.getTime() - durationMs(m[1] as string));
}

/** Grafana's steps for `$__interval`, so the check buckets time as a browser would. */
const NICE_INTERVALS_MS = [1, 5, 10, 15, 30, 60, 300, 600, 900, 1800, 3600, 10_800, 21_600, 43_200, 86_400, 604_800].map((s) => s * 1000);

/**
 * `$__interval` of a panel: the range over the data points a panel of about 1,000 pixels asks
 * for, rounded to a nice step, and never below the panel's minimum interval.
 */
export function panelIntervalSeconds(rangeMs: number, minInterval: string | undefined, maxDataPoints = 1000): number {
  const raw = rangeMs / maxDataPoints;
  const nice = NICE_INTERVALS_MS.find((n) => n >= raw) ?? (NICE_INTERVALS_MS[NICE_INTERVALS_MS.length - 1] as number);
  const min = minInterval ? durationMs(minInterval) : 0;
  return Math.max(1, Math.floor(Math.max(nice, min) / 1000));
}
