import { describe, expect, it } from 'vitest';
import { edgeLabel, explainPath, nodeLabel } from './explainPath.ts';
import { tok } from './testFixtures.ts';

describe('path explanations', () => {
  it('labels edges with their attributes in both languages', () => {
    expect(edgeLabel('guarantees', { amount: 2_000_000 }, 'en')).toBe('guarantees ¥2,000,000');
    expect(edgeLabel('guarantees', { amount: 2_000_000 }, 'zh')).toBe('担保 ¥2,000,000');
    expect(edgeLabel('officer_of', { role: 'director' }, 'zh')).toBe('董事');
    expect(edgeLabel('officer_of', null, 'en')).toBe('officer');
    expect(edgeLabel('litigation_with', { caseType: 'loan_dispute' }, 'en')).toBe('sued (loan dispute)');
    expect(edgeLabel('shareholder_of', null, 'en')).toBe('shareholder');
  });

  it('shows persons only as shortened tokens and enterprises by name when known', () => {
    const person = `person:${tok('x')}` as const;
    expect(nodeLabel(person, new Map(), 'en')).toBe(`person ${tok('x').slice(0, 12)}…`);
    expect(nodeLabel('ent:91350100MA0000001X', new Map([['ent:91350100MA0000001X', '星辰']]), 'zh')).toBe('星辰 [91350100MA0000001X]');
    expect(nodeLabel('ent:91350100MA0000001X', new Map(), 'zh')).toBe('企业 91350100MA0000001X');
  });

  it('draws arrows in the stored direction of each edge', () => {
    const text = explainPath('ent:A', [
      { from: 'ent:A', to: 'ent:B', type: 'litigation_with', forward: false, attrs: null },
      { from: 'ent:B', to: 'ent:C', type: 'guarantees', forward: true, attrs: null },
    ], new Map(), 'en');
    expect(text).toBe('enterprise A ←[sued]— enterprise B —[guarantees]→ enterprise C');
  });
});
