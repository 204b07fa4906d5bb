import { describe, expect, it } from 'vitest';
import { makeResidentId } from '../schemas/identifiers.ts';
import { redactFreeText } from './redactFreeText.ts';

describe('redactFreeText', () => {
  it('masks mobile numbers however they are written', () => {
    expect(redactFreeText('call 13812345678 or +86 139-1234-5678, 86 137 1234 5678')).toBe('call [redacted …5678] or [redacted …5678], [redacted …5678]');
  });

  it('masks resident identity numbers, including the X check character', () => {
    const id = makeResidentId('11010519491231002');
    expect(redactFreeText(`legal rep ${id} called`)).toBe(`legal rep [redacted …${id.slice(-4)}] called`);
    expect(redactFreeText('id 11010519491231002X.')).toBe('id [redacted …002X].');
  });

  it('masks account and card numbers', () => {
    expect(redactFreeText('paid from 6222 0212 3456 7890 123')).toBe('paid from [redacted …0123]');
  });

  it('leaves amounts, dates, loan ids and Chinese text alone', () => {
    const text = '客户承诺 2026-03-10 还款 50,000.00 元，贷款 LN-2026-0305-000212，分 3 期';
    expect(redactFreeText(text)).toBe(text);
  });
});
