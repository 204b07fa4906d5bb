import { describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../../lib/errors.ts';
import { ClickHouseQueryError, clickHouseCodeOf, toClickHouseError } from './errors.ts';

describe('toClickHouseError', () => {
  it('treats overload and network failures as retriable (ServiceUnavailableError)', () => {
    const cases: unknown[] = [
      Object.assign(new Error('Code: 252. DB::Exception: Too many parts'), { clickhouseCode: 252 }), // chdb
      Object.assign(new Error('Memory limit exceeded'), { code: '241', type: 'MEMORY_LIMIT_EXCEEDED' }), // @clickhouse/client
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8123'), { code: 'ECONNREFUSED' }),
      new Error('Timeout error.'),
      Object.assign(new Error('engine busy'), { code: 'CHDB_CONNECTION' }),
      new Error('request failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) }),
    ];
    for (const c of cases) {
      const e = toClickHouseError('inserting', c);
      expect(e, String(c)).toBeInstanceOf(ServiceUnavailableError);
      expect(e.retriable).toBe(true);
      expect(e.code).toBe('fengkong:clickhouse-unavailable');
    }
  });

  it('treats statements ClickHouse rejects as non-retriable, keeping the code', () => {
    const cases: Array<[unknown, number]> = [
      [Object.assign(new Error('Code: 60. DB::Exception: Unknown table'), { clickhouseCode: 60 }), 60],
      [Object.assign(new Error('Syntax error'), { code: '62', type: 'SYNTAX_ERROR' }), 62],
      [new Error('Code: 27. DB::Exception: Cannot parse input'), 27],
    ];
    for (const [c, code] of cases) {
      const e = toClickHouseError('querying', c);
      expect(e).toBeInstanceOf(ClickHouseQueryError);
      expect(e.retriable).toBe(false);
      expect((e as ClickHouseQueryError).clickhouseCode).toBe(code);
      expect(e.message).toMatch(/^querying: /);
    }
  });

  it('reads codes from chdb, @clickhouse/client and message text', () => {
    expect(clickHouseCodeOf({ clickhouseCode: 81 })).toBe(81);
    expect(clickHouseCodeOf({ code: '81' })).toBe(81);
    expect(clickHouseCodeOf({ code: 'ECONNREFUSED' })).toBeUndefined();
    expect(clickHouseCodeOf(new Error('Code: 159. DB::Exception: Timeout exceeded'))).toBe(159);
    expect(clickHouseCodeOf('x')).toBeUndefined();
  });
});
