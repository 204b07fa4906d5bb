import { describe, expect, it } from 'vitest';
import { isValidResidentId, isValidUscc, makeResidentId, makeUscc, mobileProblem, residentIdProblem, usccProblem } from './identifiers.ts';

describe('unified social credit code', () => {
  it('accepts a published real code', () => {
    // Published USCC of Alibaba (China) Co., Ltd. / Tencent Technology (Shenzhen) Co., Ltd.
    expect(usccProblem('91330100716105852F')).toBeNull();
    expect(usccProblem('9144030071526726XG')).toBeNull();
  });
  it('rejects a wrong check character and names the expected one', () => {
    expect(usccProblem('91330100716105852G')).toMatch(/expected 'F'/);
  });
  it('rejects letters outside the alphabet and wrong lengths', () => {
    expect(usccProblem('91330100716105852I')).toMatch(/not allowed/);
    expect(usccProblem('9133010071610585')).toMatch(/18 characters/);
  });
  it('makes valid codes', () => {
    expect(isValidUscc(makeUscc('91310000MA1FL0000'))).toBe(true);
  });
});

describe('resident identity number', () => {
  it('accepts the GB 11643 example and rejects a bad check digit', () => {
    expect(residentIdProblem('11010519491231002X')).toBeNull();
    expect(residentIdProblem('110105194912310021')).toMatch(/expected 'X'/);
  });
  it('rejects impossible birth dates', () => {
    expect(residentIdProblem(makeResidentId('11010519490231002'))).toMatch(/not a real date/);
  });
  it('makes valid numbers', () => {
    expect(isValidResidentId(makeResidentId('44030019900101123'))).toBe(true);
  });
});

describe('mainland mobile number', () => {
  it.each(['13812345678', '+8619912345678'])('accepts %s', (p) => expect(mobileProblem(p)).toBeNull());
  it.each(['12812345678', '1381234567', '138123456789', '+8513812345678'])('rejects %s', (p) => expect(mobileProblem(p)).not.toBeNull());
});
