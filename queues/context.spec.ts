import { describe, expect, it } from 'vitest';
import type { EnterpriseUpdate } from '../schemas/topics/enterpriseUpdate.ts';
import { linksFromUpdates } from './context.ts';

const base = { schemaVersion: 1 as const, enterpriseId: '91350100M000100Y43' };
const at = (d: number) => `2026-01-${String(d).padStart(2, '0')}T00:00:00.000Z`;
const person = { idNumber: 'pii_0123456789abcdef0123456789abcdef' };

describe('linksFromUpdates', () => {
  it('keeps the latest state of each link, whatever order the updates come in', () => {
    const updates: EnterpriseUpdate[] = [
      { ...base, eventId: 'u3', eventTime: at(3), kind: 'equity_change', shareholder: { type: 'person', person }, sharePct: 0 },
      { ...base, eventId: 'u1', eventTime: at(1), kind: 'equity_change', shareholder: { type: 'person', person }, sharePct: 60 },
      { ...base, eventId: 'u2', eventTime: at(2), kind: 'guarantee', guaranteeId: 'G-1', role: 'guarantor', counterpartyEnterpriseId: '91110000MA0000000C', amount: 1e6, action: 'created' },
      { ...base, eventId: 'u4', eventTime: at(4), kind: 'officer_change', officer: person, role: 'legal_rep', action: 'appointed' },
      { ...base, eventId: 'u5', eventTime: at(5), kind: 'tax_arrears', amount: 5000, taxType: 'vat' },
    ];
    expect(linksFromUpdates(updates).map((l) => [l.relation, l.party, l.detail, l.active])).toEqual([
      ['shareholder', person.idNumber, '0%', false],
      ['guarantor_of', '91110000MA0000000C', '1000000', true],
      ['officer', person.idNumber, 'legal_rep', true],
    ]);
  });
});
