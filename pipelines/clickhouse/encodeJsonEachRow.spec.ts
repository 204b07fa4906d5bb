import { describe, expect, it } from 'vitest';
import { encodeJsonEachRow, encodeRow } from './encodeJsonEachRow.ts';

describe('encodeJsonEachRow', () => {
  it('writes one JSON object per line and escapes newlines inside values', () => {
    const e = encodeJsonEachRow([{ a: 'line1\nline2' }, { a: 'x' }]);
    expect(e.count).toBe(2);
    expect(e.body.split('\n')).toEqual(['{"a":"line1\\nline2"}', '{"a":"x"}', '']);
  });

  it('replaces lone surrogates (which ClickHouse rejects) and keeps valid pairs', () => {
    const line = encodeRow({ s: 'a\uD800b', t: 'c\uDC00', ok: '😀', literal: '\\ud800 and \\\uD83D' });
    expect(JSON.parse(line)).toEqual({ s: 'a\uFFFDb', t: 'c\uFFFD', ok: '😀', literal: '\\ud800 and \\\uFFFD' });
  });

  it('writes bigint as a decimal string and Date as an ISO instant', () => {
    const line = encodeRow({ n: 9007199254740993n, d: new Date('2026-03-01T08:00:00.123Z') });
    expect(line).toBe('{"n":"9007199254740993","d":"2026-03-01T08:00:00.123Z"}\n');
  });
});
