import { describe, expect, it } from 'vitest';
import { parseSbaDate } from './sbaDates.ts';

const iso = (d: Date | null): string | null => (d ? d.toISOString().slice(0, 10) : null);

describe('parseSbaDate', () => {
  it('reads m/d/yyyy, d-Mon-yy and day numbers from 1960-01-01', () => {
    expect(iso(parseSbaDate('2/28/1997'))).toBe('1997-02-28');
    expect(iso(parseSbaDate('24-Jun-91', 1980))).toBe('1991-06-24');
    expect(iso(parseSbaDate('15074'))).toBe('2001-04-09');
    expect(iso(parseSbaDate('0'))).toBe('1960-01-01');
  });

  it('puts a two-digit year in the first century not before minYear', () => {
    expect(iso(parseSbaDate('26-Jun-14', 2006))).toBe('2014-06-26');
    expect(iso(parseSbaDate('4-Oct-89', 1980))).toBe('1989-10-04');
    // Fiscal year 2000 starts in October 1999: minYear = FY - 1.
    expect(iso(parseSbaDate('15-Nov-99', 1999))).toBe('1999-11-15');
    expect(iso(parseSbaDate('1-Mar-05', 2006))).toBe('2105-03-01');
    expect(iso(parseSbaDate('1-Mar-05'))).toBe('2005-03-01');
    expect(iso(parseSbaDate('1-Mar-62'))).toBe('1962-03-01');
  });

  it('rejects what is not a real date', () => {
    for (const bad of ['', '2/30/1997', '13/1/1997', '31-Foo-97', '1997-02-28', 'abc', '99999', '1.5']) expect(parseSbaDate(bad), bad).toBeNull();
  });
});
