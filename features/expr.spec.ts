import { describe, expect, it } from 'vitest';
import { compileExpr, compileFilter } from './expr.ts';

const event = {
  kind: 'litigation_filed', role: 'defendant', amount: 120.5, dueDate: '2026-03-12', eventTime: '2026-03-02T00:00:00.000Z',
  shareholder: { person: { idNumber: 'pii_abc' } }, address: '  1 Test   Road ',
};

describe('registry expressions', () => {
  it('filters with comparisons and boolean logic', () => {
    expect(compileFilter("kind == 'litigation_filed' && role == 'defendant'")(event)).toBe(true);
    expect(compileFilter("kind == 'litigation_filed' && role != 'defendant'")(event)).toBe(false);
    expect(compileFilter('amount > 100 && amount <= 120.5')(event)).toBe(true);
    expect(compileFilter("oneOf(kind, 'tax_arrears', 'litigation_filed')")(event)).toBe(true);
    expect(compileFilter(undefined)(event)).toBe(true);
  });

  it('reads nested fields safely: a missing path is undefined, never an error', () => {
    expect(compileExpr('shareholder.person.idNumber')(event)).toBe('pii_abc');
    expect(compileExpr('subject.idNumber')(event)).toBeUndefined();
    expect(compileExpr('coalesce(subject.idNumber, shareholder.person.idNumber)')(event)).toBe('pii_abc');
    expect(compileFilter('has(subject)')(event)).toBe(false);
    expect(compileFilter('!has(subject)')(event)).toBe(true);
    expect(compileFilter('missing > 3')(event)).toBe(false);
  });

  it('computes values: arithmetic, dates and digests', () => {
    expect(compileExpr('amount * 2')(event)).toBe(241);
    expect(compileExpr('days(eventTime, dueDate)')(event)).toBe(10);
    expect(compileExpr('ms(dueDate)')(event)).toBe(Date.parse('2026-03-12'));
    expect(compileExpr('amount / 0')(event)).toBeUndefined();
    const d = compileExpr('digest(address)')(event) as string;
    expect(d).toMatch(/^[0-9a-f]{32}$/);
    expect(compileExpr('digest(address)')({ address: '1 TEST road' })).toBe(d);
    expect(compileExpr('digest(address)')({ address: '2 Test Road' })).not.toBe(d);
  });

  it('rejects what it cannot run, naming the expression', () => {
    expect(() => compileExpr('eval(kind)')).toThrow(/unknown function eval\(\)/);
    expect(() => compileExpr('kind ==')).toThrow(/cannot parse expression "kind =="/);
    expect(() => compileExpr('a.b()')).toThrow(/only named functions/);
  });
});
