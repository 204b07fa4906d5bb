/**
 * Which entities an event is about, and which identifiers are checked against the lists, per
 * topic — as data (expressions over the pseudonymised event, see expr.ts). An event updates and
 * reads every entity it maps to; features of entity types it does not map to are absent from
 * its vector.
 */
import type { TopicName } from '../schemas/topics.ts';

/** Entity types features are kept for. */
export const ENTITY_TYPES = [
  'enterprise', 'applicant', 'loan', 'account', 'device', 'phone', 'ip', 'counterparty', 'address', 'originator',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export interface EntityTypeDef {
  readonly description: string;
  /** Per topic, the expression giving the entity id (absent or empty → the event does not touch it). */
  readonly keys: Partial<Readonly<Record<TopicName, string>>>;
}

/** Persons named in enterprise updates: a listed debtor, a shareholder, an officer or a legal representative. */
const UPDATE_PERSON = 'coalesce(subject.idNumber, shareholder.person.idNumber, officer.idNumber, legalRepresentative.idNumber)';

export const ENTITY_DEFS: Readonly<Record<EntityType, EntityTypeDef>> = {
  enterprise: {
    description: 'An SME by unified social credit code',
    keys: { applications: 'enterpriseId', transactions: 'enterpriseId', repayments: 'enterpriseId', 'enterprise-updates': 'enterpriseId' },
  },
  applicant: {
    description: 'A person by resident-ID token: applicants, and persons named in enterprise updates (same token space, so they link)',
    keys: { applications: 'applicant.idNumber', 'enterprise-updates': UPDATE_PERSON },
  },
  loan: {
    description: 'A loan by loan id: servicing events, and transactions on the account that services it',
    keys: { repayments: 'loanId', transactions: 'loanId' },
  },
  account: { description: 'A bank account by account token', keys: { transactions: 'accountId' } },
  device: { description: 'A device fingerprint used to apply', keys: { applications: 'deviceId' } },
  phone: { description: 'An applicant mobile number token', keys: { applications: 'applicant.phone' } },
  ip: { description: 'An IPv4 address applications came from', keys: { applications: 'ip' } },
  counterparty: {
    description: 'The other side of a transaction: its account token, else its enterprise id',
    keys: { transactions: 'coalesce(counterpartyAccount, counterpartyEnterpriseId)' },
  },
  address: {
    description: 'A declared business address, by a digest of its normalised text (the text itself is never stored)',
    keys: { applications: 'digest(address)' },
  },
  originator: {
    description: 'Who originated an application (lending branch, co-lending bank, channel partner); its default labels carry it too, so its track record builds up as outcomes arrive',
    keys: { applications: 'originatorId', labels: 'originatorId' },
  },
};

/** Kinds of identifiers lists are kept for. */
export const LIST_KINDS = ['enterprise', 'person', 'phone', 'device', 'account'] as const;
export type ListKind = (typeof LIST_KINDS)[number];
export const LIST_COLORS = ['black', 'grey', 'white'] as const;
export type ListColor = (typeof LIST_COLORS)[number];

/** Identifiers of an event looked up in the lists, per topic: `field` names the place in the event. */
export const LIST_LOOKUPS: Partial<Readonly<Record<TopicName, readonly { readonly kind: ListKind; readonly field: string }[]>>> = {
  applications: [
    { kind: 'enterprise', field: 'enterpriseId' },
    { kind: 'person', field: 'applicant.idNumber' },
    { kind: 'phone', field: 'applicant.phone' },
    { kind: 'phone', field: 'declaredCompanyPhone' },
    { kind: 'device', field: 'deviceId' },
  ],
  transactions: [
    { kind: 'account', field: 'accountId' },
    { kind: 'account', field: 'counterpartyAccount' },
    { kind: 'enterprise', field: 'enterpriseId' },
    { kind: 'enterprise', field: 'counterpartyEnterpriseId' },
  ],
  repayments: [{ kind: 'enterprise', field: 'enterpriseId' }],
  'enterprise-updates': [
    { kind: 'enterprise', field: 'enterpriseId' },
    { kind: 'enterprise', field: 'counterpartyEnterpriseId' },
    { kind: 'enterprise', field: 'shareholder.enterpriseId' },
    { kind: 'person', field: 'subject.idNumber' },
    { kind: 'person', field: 'shareholder.person.idNumber' },
    { kind: 'person', field: 'officer.idNumber' },
    { kind: 'person', field: 'legalRepresentative.idNumber' },
    { kind: 'phone', field: 'registeredPhone' },
  ],
};
