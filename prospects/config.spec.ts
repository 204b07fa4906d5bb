import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRODUCTS_PATH, loadProspectsConfig, parseProspectsConfig } from './config.ts';

const shipped = readFileSync(DEFAULT_PRODUCTS_PATH, 'utf8');

describe('prospects policy (config/products.yaml)', () => {
  it('loads the shipped file: every ordered product has rules', () => {
    const c = loadProspectsConfig();
    expect(c.products.order).toEqual(['term_loan', 'invoice_financing', 'working_capital']);
    for (const p of c.products.order) expect(c.products[p]?.cap).toBeGreaterThan(0);
    expect(c.forecast.beta).toBeLessThanOrEqual(c.forecast.alpha);
  });

  it('names the file, line and field of a bad value', () => {
    expect(() => parseProspectsConfig(shipped.replace('beta: 0.05', 'beta: 0.9'), 'products.yaml')).toThrow(/products\.yaml:\d+:\d+: forecast\.beta: beta must not exceed alpha/);
    expect(() => parseProspectsConfig(shipped.replace('method: receivables', 'method: factoring'), 'products.yaml')).toThrow(/products\.yaml:\d+:\d+/);
    expect(() => parseProspectsConfig(shipped.replace('order: [term_loan, invoice_financing, working_capital]', 'order: [term_loan, term_loan]'), 'products.yaml')).toThrow(/term_loan is listed twice/);
    expect(() => parseProspectsConfig(shipped.replace('  minInvoiceMonths: 9', '  minInvoiceMonths: 9\n  surprise: 1'), 'products.yaml')).toThrow(/surprise/);
  });
});
