import { describe, expect, it } from 'vitest';
import { NonRetriableEventError } from '../../lib/errors.ts';
import { validateEvent } from '../../schemas/validator.ts';
import { eventMutations, type GraphEvent } from './eventMutations.ts';
import type { GraphMutation } from './mutations.ts';
import { addressNode } from './nodes.ts';
import {
  application, apps, guarantee, label, labels, personRef, shareholder, tok, transactions, transfer, update, updates, uscc,
} from './testFixtures.ts';

const of = (events: GraphEvent[]): GraphMutation[] => events.flatMap(eventMutations);
const edges = (ms: GraphMutation[]) => ms.flatMap((m) => (m.op === 'addEdge' ? [`${m.from} ${m.type} ${m.to}`] : []));

describe('graph mutations of contract events', () => {
  it('builds fixtures that satisfy the contracts (so the tests exercise real shapes)', () => {
    const samples: GraphEvent[] = [
      ...apps(application({ person: 'p', ent: 1 })),
      ...updates(shareholder(1, { person: 'p' }, 35), guarantee(1, 2), update('registry_change', 1, { registeredPhone: tok('phone-r') })),
      ...labels(label('fraud_confirmed', { applicationId: 'A-1', ent: 1 })),
      ...transactions(transfer(1, 2)),
    ];
    for (const s of samples) {
      const result = validateEvent(s.topic, s.event);
      expect(result.ok ? [] : result.issues).toEqual([]);
    }
  });

  it('links an application to its parties and identifiers and records who used each identifier', () => {
    const app = application({ id: 'A-1', person: 'p', ent: 1, phone: 'm', companyPhone: 'c', device: 'D1', ip: '1.2.3.4', address: '五一路1号' });
    const ms = of(apps(app));
    const personNodeId = `person:${tok('id-p')}`;
    expect(edges(ms)).toEqual([
      `app:A-1 applied_with ${personNodeId}`,
      `app:A-1 applied_with ent:${uscc(1)}`,
      `app:A-1 applied_with phone:${tok('phone-m')}`,
      `app:A-1 applied_with phone:${tok('phone-c')}`,
      'app:A-1 applied_with device:D1',
      'app:A-1 applied_with ip:1.2.3.4',
      `app:A-1 applied_with ${addressNode('五一路1号')}`,
    ]);
    const uses = ms.filter((m) => m.op === 'recordUse');
    expect(uses).toHaveLength(10);
    expect(uses).toContainEqual({ op: 'recordUse', identifier: 'device:D1', role: 'person', member: personNodeId, timeMs: Date.parse(app.eventTime) });
    expect(ms).toContainEqual({ op: 'setProp', node: `ent:${uscc(1)}`, prop: 'name', value: 'Enterprise 1' });
  });

  it('adds, changes and removes equity, officers and guarantees', () => {
    const ent = `ent:${uscc(1)}`;
    const p = `person:${tok('id-p')}`;
    expect(of(updates(shareholder(1, { person: 'p' }, 35)))).toEqual([
      { op: 'addEdge', from: p, type: 'shareholder_of', to: ent, timeMs: expect.any(Number), attrs: { pct: 35 } },
    ]);
    expect(of(updates(shareholder(1, { ent: 2 }, 0)))).toEqual([{ op: 'removeEdge', from: `ent:${uscc(2)}`, type: 'shareholder_of', to: ent }]);
    expect(edges(of(updates(update('officer_change', 1, { officer: personRef('p'), role: 'legal_rep', action: 'appointed' }))))).toEqual([`${p} legal_rep_of ${ent}`]);
    expect(of(updates(update('officer_change', 1, { officer: personRef('p'), role: 'director', action: 'removed' })))).toEqual([
      { op: 'removeEdge', from: p, type: 'officer_of', to: ent },
    ]);
    // A guarantee reported by the beneficiary still runs guarantor → beneficiary.
    expect(edges(of(updates(update('guarantee', 1, { guaranteeId: 'G1', role: 'beneficiary', counterpartyEnterpriseId: uscc(2), amount: 5, action: 'created' }))))).toEqual([
      `ent:${uscc(2)} guarantees ${ent}`,
    ]);
    expect(of(updates(guarantee(1, 2, 5, 'released')))).toEqual([{ op: 'removeEdge', from: ent, type: 'guarantees', to: `ent:${uscc(2)}` }]);
  });

  it('turns listings, lawsuits and labels into flags, on the person when a listing names one', () => {
    const ent = `ent:${uscc(1)}`;
    const flagsOf = (ms: GraphMutation[]) => ms.flatMap((m) => (m.op === 'setFlag' ? [`${m.node} ${m.flag}`] : m.op === 'clearFlag' ? [`${m.node} -${m.flag}`] : []));
    expect(flagsOf(of(updates(update('dishonest_debtor_listed', 1, {}))))).toEqual([`${ent} dishonest_debtor`]);
    expect(flagsOf(of(updates(update('dishonest_debtor_listed', 1, { subject: personRef('boss') }))))).toEqual([`person:${tok('id-boss')} dishonest_debtor`]);
    expect(flagsOf(of(updates(update('abnormal_operation_removed', 1, { reason: 'fixed' }))))).toEqual([`${ent} -abnormal_operation`]);
    const sued = of(updates(update('litigation_filed', 1, { caseId: 'C1', role: 'plaintiff', caseType: 'loan_dispute', claimAmount: 9, counterpartyEnterpriseId: uscc(2) })));
    expect(flagsOf(sued)).toEqual([`ent:${uscc(2)} litigation_defendant`]);
    expect(edges(sued)).toEqual([`${ent} litigation_with ent:${uscc(2)}`]);
    expect(flagsOf(of(labels(label('fraud_confirmed', { applicationId: 'A-9', ent: 1 }))))).toEqual(['app:A-9 fraud_confirmed', `${ent} fraud_confirmed`]);
    expect(flagsOf(of(labels(label('default', { ent: 1 }))))).toEqual([`${ent} defaulted`]);
    expect(of(labels(label('false_positive', { ent: 1 })))).toEqual([]);
    // The enterprise is the victim of identity fraud and account takeover: only the application is flagged.
    expect(flagsOf(of(labels({ ...label('fraud_confirmed', { applicationId: 'A-7', ent: 1 }), fraudType: 'identity' })))).toEqual(['app:A-7 fraud_confirmed']);
    expect(of(labels({ ...label('fraud_confirmed', { ent: 1 }), fraudType: 'transaction' }))).toEqual([]);
    expect(flagsOf(of(labels({ ...label('fraud_confirmed', { applicationId: 'A-8', ent: 1 }), fraudType: 'ring' })))).toEqual(['app:A-8 fraud_confirmed', `${ent} fraud_confirmed`]);
  });

  it('links payer to payee and an account to its enterprise', () => {
    expect(edges(of(transactions(transfer(1, 2))))).toEqual([
      `acct:${tok('acct-1')} account_of ent:${uscc(1)}`,
      `ent:${uscc(1)} transfers_to ent:${uscc(2)}`,
    ]);
  });

  it('refuses an application whose personal fields were not pseudonymised', () => {
    const raw = { ...application({ person: 'p', ent: 1 }), declaredCompanyPhone: '13812345678' };
    expect(() => of(apps(raw))).toThrow(NonRetriableEventError);
  });
});
