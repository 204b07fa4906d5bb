/**
 * What each contract event changes in the knowledge graph (pure). Input events must be validated
 * and pseudonymised: personal fields arrive as `pii_…` tokens and node builders refuse anything else.
 */
import type { EventOf } from '../../schemas/topics.ts';
import type { GraphMutation } from './mutations.ts';
import {
  accountNode, addressNode, applicationNode, deviceNode, enterpriseNode, ipNode, personNode, phoneNode,
} from './nodes.ts';
import type { NodeId } from './types.ts';

/** An input event the graph listens to, tagged with its topic. */
export type GraphEvent =
  | { readonly topic: 'applications'; readonly event: EventOf<'applications'> }
  | { readonly topic: 'enterprise-updates'; readonly event: EventOf<'enterprise-updates'> }
  | { readonly topic: 'transactions'; readonly event: EventOf<'transactions'> }
  | { readonly topic: 'labels'; readonly event: EventOf<'labels'> };

export const GRAPH_TOPICS = ['applications', 'enterprise-updates', 'transactions', 'labels'] as const;

const timeOf = (iso: string): number => Date.parse(iso);

/** The identifier nodes of an application and the parties using them. */
export interface ApplicationNodes {
  readonly app: NodeId;
  readonly person: NodeId;
  readonly ent: NodeId;
  readonly phone: NodeId;
  readonly companyPhone: NodeId;
  readonly device: NodeId;
  readonly ip: NodeId;
  readonly addr: NodeId;
  readonly timeMs: number;
}

/** Node ids an application touches. */
export function applicationNodes(app: EventOf<'applications'>): ApplicationNodes {
  return {
    app: applicationNode(app.applicationId),
    person: personNode(app.applicant.idNumber),
    ent: enterpriseNode(app.enterpriseId),
    phone: phoneNode(app.applicant.phone),
    companyPhone: phoneNode(app.declaredCompanyPhone),
    device: deviceNode(app.deviceId),
    ip: ipNode(app.ip),
    addr: addressNode(app.address),
    timeMs: timeOf(app.eventTime),
  };
}

function applicationMutations(app: EventOf<'applications'>): GraphMutation[] {
  const n = applicationNodes(app);
  const t = n.timeMs;
  const out: GraphMutation[] = [
    { op: 'setProp', node: n.ent, prop: 'name', value: app.enterpriseName },
    { op: 'addEdge', from: n.app, type: 'applied_with', to: n.person, timeMs: t, attrs: { role: app.applicant.role } },
    { op: 'addEdge', from: n.app, type: 'applied_with', to: n.ent, timeMs: t },
  ];
  // The applicant's phone and the company phone are both `phone:` nodes (one token space), so a
  // person's mobile declared as another firm's company phone links the two.
  const identifiers: Array<[NodeId, string]> = [
    [n.phone, 'applicant_phone'], [n.companyPhone, 'company_phone'], [n.device, 'device'], [n.ip, 'ip'], [n.addr, 'address'],
  ];
  for (const [id, role] of identifiers) {
    out.push({ op: 'addEdge', from: n.app, type: 'applied_with', to: id, timeMs: t, attrs: { role } });
    out.push({ op: 'recordUse', identifier: id, role: 'person', member: n.person, timeMs: t });
    out.push({ op: 'recordUse', identifier: id, role: 'ent', member: n.ent, timeMs: t });
  }
  return out;
}

function partyNode(party: { type: 'person' | 'enterprise'; enterpriseId?: string; person?: { idNumber: string } }): NodeId | null {
  if (party.type === 'enterprise') return party.enterpriseId ? enterpriseNode(party.enterpriseId) : null;
  return party.person ? personNode(party.person.idNumber) : null;
}

function enterpriseUpdateMutations(u: EventOf<'enterprise-updates'>): GraphMutation[] {
  const ent = enterpriseNode(u.enterpriseId);
  const t = timeOf(u.eventTime);
  switch (u.kind) {
    case 'registry_change': {
      const out: GraphMutation[] = [];
      if (u.registeredName) out.push({ op: 'setProp', node: ent, prop: 'name', value: u.registeredName });
      if (u.registeredPhone) {
        out.push({ op: 'replaceLink', node: ent, prop: 'regPhone', value: phoneNode(u.registeredPhone), type: 'registered_phone', valueIsSource: false, timeMs: t, useRole: 'regent' });
      }
      if (u.registeredAddress) {
        out.push({ op: 'replaceLink', node: ent, prop: 'regAddr', value: addressNode(u.registeredAddress), type: 'registered_at', valueIsSource: false, timeMs: t, useRole: 'regent' });
      }
      if (u.legalRepresentative) {
        out.push({ op: 'replaceLink', node: ent, prop: 'legalRep', value: personNode(u.legalRepresentative.idNumber), type: 'legal_rep_of', valueIsSource: true, timeMs: t });
      }
      return out;
    }
    case 'equity_change': {
      const holder = partyNode(u.shareholder);
      if (!holder) return [];
      // sharePct 0 is an exit (contract: "sharePct 0 = exit").
      return u.sharePct === 0
        ? [{ op: 'removeEdge', from: holder, type: 'shareholder_of', to: ent }]
        : [{ op: 'addEdge', from: holder, type: 'shareholder_of', to: ent, timeMs: t, attrs: { pct: u.sharePct } }];
    }
    case 'officer_change': {
      const person = personNode(u.officer.idNumber);
      const type = u.role === 'legal_rep' ? 'legal_rep_of' : 'officer_of';
      return u.action === 'removed'
        ? [{ op: 'removeEdge', from: person, type, to: ent }]
        : [{ op: 'addEdge', from: person, type, to: ent, timeMs: t, attrs: { role: u.role } }];
    }
    case 'guarantee': {
      const other = enterpriseNode(u.counterpartyEnterpriseId);
      const [from, to] = u.role === 'guarantor' ? [ent, other] : [other, ent];
      return u.action === 'released'
        ? [{ op: 'removeEdge', from, type: 'guarantees', to }]
        : [{ op: 'addEdge', from, type: 'guarantees', to, timeMs: t, attrs: { amount: u.amount, guaranteeId: u.guaranteeId } }];
    }
    case 'litigation_filed': {
      const out: GraphMutation[] = [];
      if (u.role === 'defendant') out.push({ op: 'setFlag', node: ent, flag: 'litigation_defendant', timeMs: t });
      if (u.counterpartyEnterpriseId) {
        const other = enterpriseNode(u.counterpartyEnterpriseId);
        const [from, to] = u.role === 'plaintiff' ? [ent, other] : [other, ent];
        out.push({ op: 'addEdge', from, type: 'litigation_with', to, timeMs: t, attrs: { caseId: u.caseId, caseType: u.caseType, claimAmount: u.claimAmount } });
        if (u.role === 'plaintiff') out.push({ op: 'setFlag', node: other, flag: 'litigation_defendant', timeMs: t });
      }
      return out;
    }
    case 'litigation_judged':
      return u.outcome === 'lost' ? [{ op: 'setFlag', node: ent, flag: 'judgment_lost', timeMs: t }] : [];
    case 'dishonest_debtor_listed':
    case 'dishonest_debtor_removed': {
      // With a subject, the listing names a person related to the enterprise, not the enterprise itself.
      const node = u.subject ? personNode(u.subject.idNumber) : ent;
      return u.kind === 'dishonest_debtor_listed'
        ? [{ op: 'setFlag', node, flag: 'dishonest_debtor', timeMs: t }]
        : [{ op: 'clearFlag', node, flag: 'dishonest_debtor' }];
    }
    case 'abnormal_operation_listed':
      return [{ op: 'setFlag', node: ent, flag: 'abnormal_operation', timeMs: t }];
    case 'abnormal_operation_removed':
      return [{ op: 'clearFlag', node: ent, flag: 'abnormal_operation' }];
    case 'tax_arrears':
    case 'invoice_summary':
    case 'bureau_score_change':
      return [];
  }
}

function transactionMutations(x: EventOf<'transactions'>): GraphMutation[] {
  const t = timeOf(x.eventTime);
  const account = accountNode(x.accountId);
  const own: NodeId = x.enterpriseId ? enterpriseNode(x.enterpriseId) : account;
  const out: GraphMutation[] = [];
  // account_of lets a later transaction that names this account as counterparty reach the enterprise.
  if (x.enterpriseId) out.push({ op: 'addEdge', from: account, type: 'account_of', to: own, timeMs: t });
  const counterparty: NodeId | null = x.counterpartyEnterpriseId
    ? enterpriseNode(x.counterpartyEnterpriseId)
    : x.counterpartyAccount ? accountNode(x.counterpartyAccount) : null;
  if (counterparty && counterparty !== own) {
    const [from, to] = x.direction === 'out' ? [own, counterparty] : [counterparty, own];
    out.push({ op: 'addEdge', from, type: 'transfers_to', to, timeMs: t });
    if (x.counterpartyEnterpriseId && x.counterpartyAccount) {
      out.push({ op: 'addEdge', from: accountNode(x.counterpartyAccount), type: 'account_of', to: counterparty, timeMs: t });
    }
  }
  return out;
}

function labelMutations(l: EventOf<'labels'>): GraphMutation[] {
  // A false positive resolves an alert; it does not retract a default or a fraud finding.
  // Labels naming only a loan or a transaction cannot be placed in the graph (no loan nodes).
  if (l.kind === 'false_positive') return [];
  const flag = l.kind === 'fraud_confirmed' ? 'fraud_confirmed' : 'defaulted';
  const t = timeOf(l.occurredAt);
  // Identity fraud (someone applied in a real enterprise's name) and account takeover make the
  // named enterprise the victim: flagging it would spread fraud risk to its owners, officers
  // and partners. The fraudulent application itself is still flagged (its applicant, phone and
  // device are the fraudster's).
  const enterpriseIsVictim = l.kind === 'fraud_confirmed' && (l.fraudType === 'identity' || l.fraudType === 'transaction');
  const out: GraphMutation[] = [];
  if (l.applicationId) out.push({ op: 'setFlag', node: applicationNode(l.applicationId), flag, timeMs: t });
  if (l.enterpriseId && !enterpriseIsVictim) out.push({ op: 'setFlag', node: enterpriseNode(l.enterpriseId), flag, timeMs: t });
  return out;
}

/** The mutations one event causes (empty for kinds the graph ignores). */
export function eventMutations(e: GraphEvent): GraphMutation[] {
  switch (e.topic) {
    case 'applications':
      return applicationMutations(e.event);
    case 'enterprise-updates':
      return enterpriseUpdateMutations(e.event);
    case 'transactions':
      return transactionMutations(e.event);
    case 'labels':
      return labelMutations(e.event);
  }
}
