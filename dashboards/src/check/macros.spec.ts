import { describe, expect, it } from 'vitest';
import { durationMs, expandQuery, MacroError, panelIntervalSeconds, resolveRelative } from './macros.ts';

const ctx = {
  from: new Date('2026-03-01T00:00:00.000Z'),
  to: new Date('2026-03-02T12:30:00.250Z'),
  intervalSeconds: 300,
  variables: { product: ['term_loan', "it's"], team: ['east'] },
};

describe('expandQuery', () => {
  it('expands the time macros as the ClickHouse data source does', () => {
    expect(expandQuery('WHERE $__timeFilter(event_time)', ctx)).toBe('WHERE event_time >= toDateTime(1772323200) AND event_time <= toDateTime(1772454600)');
    expect(expandQuery('$__timeFilter_ms(t)', ctx)).toBe('t >= fromUnixTimestamp64Milli(1772323200000) AND t <= fromUnixTimestamp64Milli(1772454600250)');
    expect(expandQuery('$__dateFilter(day)', ctx)).toBe("day >= toDate('2026-03-01') AND day <= toDate('2026-03-02')");
    expect(expandQuery('$__fromTime .. $__toTime', ctx)).toBe('toDateTime(1772323200) .. toDateTime(1772454600)');
    expect(expandQuery('$__interval_s', ctx)).toBe('300');
  });

  it('expands $__timeInterval around an expression with nested parentheses', () => {
    expect(expandQuery('SELECT $__timeInterval(greatest(a, b)) AS time', ctx)).toBe('SELECT toStartOfInterval(toDateTime(greatest(a, b)), INTERVAL 300 second) AS time');
  });

  it('expands template variables in Grafana formats, escaping quotes', () => {
    expect(expandQuery('product IN (${product:singlequote})', ctx)).toBe("product IN ('term_loan','it\\'s')");
    expect(expandQuery('[[team]] $team ${team}', ctx)).toBe('east east east');
  });

  it('refuses a variable the dashboard does not define, an unknown macro, and a variable without values', () => {
    expect(() => expandQuery('${region:singlequote}', ctx)).toThrow(MacroError);
    expect(() => expandQuery('$__timeFilterz(x)', ctx)).toThrow(/unknown macro/);
    expect(() => expandQuery('$team', { ...ctx, variables: { team: [] } })).toThrow(/no values/);
  });
});

describe('time ranges and intervals', () => {
  it('resolves now-<duration> against a fixed now', () => {
    const now = new Date('2026-03-02T00:00:00Z');
    expect(resolveRelative('now-24h', now).toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(resolveRelative('now-180d', now).getTime()).toBe(now.getTime() - 180 * 86_400_000);
    expect(() => resolveRelative('2026-01-01', now)).toThrow(MacroError);
    expect(durationMs('6h')).toBe(21_600_000);
  });

  it('picks a nice interval for about 1,000 points and honours the panel minimum', () => {
    expect(panelIntervalSeconds(86_400_000, undefined)).toBe(300);
    expect(panelIntervalSeconds(86_400_000, '1h')).toBe(3600);
    expect(panelIntervalSeconds(6 * 3_600_000, undefined)).toBe(30);
  });
});
