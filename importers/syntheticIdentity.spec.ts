import { describe, expect, it } from 'vitest';
import { isValidResidentId, isValidUscc, mobileProblem } from '../schemas/identifiers.ts';
import { MAX_SBA_LOAN_NUMBER, syntheticIdentity } from './syntheticIdentity.ts';

describe('syntheticIdentity', () => {
  it('derives valid identifiers from the loan number, the same every time', () => {
    for (const n of [1, 1000014003, 1166834002, MAX_SBA_LOAN_NUMBER]) {
      const id = syntheticIdentity(n);
      expect(isValidUscc(id.enterpriseId), id.enterpriseId).toBe(true);
      expect(isValidResidentId(id.applicantIdNumber), id.applicantIdNumber).toBe(true);
      expect(mobileProblem(id.applicantPhone)).toBeNull();
      expect(mobileProblem(id.companyPhone)).toBeNull();
      expect(id.ip).toMatch(/^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/);
      expect(syntheticIdentity(n)).toEqual(id);
    }
  });

  it('gives neighbouring loans distinct identifiers of every kind', () => {
    const ids = [1000014003, 1000024006, 1000034009, 2000014003].map(syntheticIdentity);
    for (const field of ['enterpriseId', 'applicantIdNumber', 'applicantPhone', 'companyPhone', 'deviceId', 'ip', 'key'] as const) {
      expect(new Set(ids.map((i) => i[field])).size, field).toBe(ids.length);
    }
    // The applicant's and the company's phones never coincide, even across loans.
    expect(new Set(ids.flatMap((i) => [i.applicantPhone, i.companyPhone])).size).toBe(ids.length * 2);
  });

  it('keeps the birth date constant, so no age signal is invented', () => {
    const births = [1, 1000014003, 9_876_543_210].map((n) => syntheticIdentity(n).applicantIdNumber.slice(6, 14));
    expect(new Set(births)).toEqual(new Set(['19800101']));
  });

  it('refuses numbers it cannot encode', () => {
    expect(() => syntheticIdentity(0)).toThrow(RangeError);
    expect(() => syntheticIdentity(MAX_SBA_LOAN_NUMBER + 1)).toThrow(RangeError);
    expect(() => syntheticIdentity(1.5)).toThrow(RangeError);
  });
});
