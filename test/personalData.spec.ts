import { describe, expect, it } from 'vitest';
import { leakedIn, rawIdentifiers } from './personalData.ts';

describe('personal-data scan', () => {
  const raw = rawIdentifiers([{ applicant: { idNumber: '11010519491231002X', phone: '13812345678', name: 'x' }, accountId: '6222021001123456789', amount: 13812345679 }]);

  it('collects only phone, ID and account fields', () => {
    expect([...raw].sort()).toEqual(['11010519491231002X', '13812345678', '6222021001123456789']);
  });

  it('finds an identifier inside any text, an ID also without its check character', () => {
    expect(leakedIn('{"p":"13812345678","n":13812345679}', raw)).toEqual(['13812345678']);
    expect(leakedIn('id 11010519491231002 end', raw)).toEqual(['11010519491231002']);
    expect(leakedIn('pii_0f3a… amount 6222021001123456780', raw)).toEqual([]);
  });
});
