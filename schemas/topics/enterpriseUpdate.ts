import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox';
import { envelope, EnterpriseId, Id, Money, Pii, strict } from '../common.ts';

/** A person named in a third-party record (shareholder, officer, listed debtor). */
export const PersonRef = Type.Object(
  {
    idNumber: Pii('person_id', 'Resident identity number'),
    name: Type.Optional(Pii('person_name', 'Full name')),
    phone: Type.Optional(Pii('phone', 'Mobile number on record')),
  },
  strict,
);

/** A party that may be a person or an enterprise. */
export const PartyRef = Type.Object(
  {
    type: Type.Union([Type.Literal('person'), Type.Literal('enterprise')]),
    enterpriseId: Type.Optional(EnterpriseId()),
    person: Type.Optional(PersonRef),
  },
  strict,
);

const base = {
  ...envelope,
  enterpriseId: EnterpriseId('Enterprise the update is about'),
  provider: Type.Optional(Type.String({ maxLength: 64, description: 'Third-party data provider' })),
};

function update<K extends string, P extends TProperties>(kind: K, description: string, props: P) {
  return Type.Object({ ...base, kind: Type.Literal(kind), ...props }, { ...strict, description });
}

export const RegistryChange = update('registry_change', 'Business registry change (name, address, phone, legal representative, capital, status)', {
  registeredName: Type.Optional(Type.String({ maxLength: 128 })),
  registeredAddress: Type.Optional(Type.String({ maxLength: 256 })),
  registeredPhone: Type.Optional(Pii('phone', 'Company phone on the registry')),
  legalRepresentative: Type.Optional(PersonRef),
  registeredCapital: Type.Optional(Money('Registered capital, CNY')),
  status: Type.Optional(Type.Union(['active', 'suspended', 'revoked', 'deregistered'].map((s) => Type.Literal(s)))),
  industryCode: Type.Optional(Type.String({ maxLength: 16 })),
});
export const EquityChange = update('equity_change', 'A shareholder enters, changes or exits (sharePct 0 = exit)', {
  shareholder: PartyRef,
  sharePct: Type.Number({ minimum: 0, maximum: 100 }),
});
export const OfficerChange = update('officer_change', 'An officer is appointed or removed', {
  officer: PersonRef,
  role: Type.Union(['legal_rep', 'director', 'supervisor', 'manager'].map((r) => Type.Literal(r))),
  action: Type.Union([Type.Literal('appointed'), Type.Literal('removed')]),
});
export const Guarantee = update('guarantee', 'A guarantee given or received by the enterprise', {
  guaranteeId: Id('Guarantee contract id'),
  role: Type.Union([Type.Literal('guarantor'), Type.Literal('beneficiary')]),
  counterpartyEnterpriseId: EnterpriseId('The other enterprise of the guarantee'),
  amount: Money('Guaranteed amount, CNY'),
  action: Type.Union([Type.Literal('created'), Type.Literal('released')]),
});
export const LitigationFiled = update('litigation_filed', 'A lawsuit filed with the enterprise as a party', {
  caseId: Id('Court case number'),
  role: Type.Union([Type.Literal('defendant'), Type.Literal('plaintiff')]),
  caseType: Type.Union(['loan_dispute', 'contract_dispute', 'labour_dispute', 'other'].map((c) => Type.Literal(c))),
  claimAmount: Money('Claim amount, CNY'),
  counterpartyEnterpriseId: Type.Optional(EnterpriseId('Other party, when an enterprise')),
});
export const LitigationJudged = update('litigation_judged', 'A judgment in a case the enterprise is party to', {
  caseId: Id('Court case number'),
  outcome: Type.Union(['lost', 'won', 'settled', 'dismissed'].map((o) => Type.Literal(o))),
  judgmentAmount: Money('Amount the enterprise must pay (0 if none), CNY'),
});
const listingProps = {
  subject: Type.Optional(PersonRef),
  caseId: Type.Optional(Id('Enforcement case number')),
  amount: Type.Optional(Money('Amount owed under the listing, CNY')),
};
export const DishonestDebtorListed = update('dishonest_debtor_listed', 'Enterprise (or, with subject, a person related to it) put on the dishonest-debtor list (失信被执行人)', listingProps);
export const DishonestDebtorRemoved = update('dishonest_debtor_removed', 'Dishonest-debtor listing lifted', listingProps);
export const AbnormalOperationListed = update('abnormal_operation_listed', 'Listed for abnormal operations (经营异常名录)', {
  reason: Type.String({ maxLength: 256 }),
});
export const AbnormalOperationRemoved = update('abnormal_operation_removed', 'Removed from the abnormal-operations list', {
  reason: Type.String({ maxLength: 256 }),
});
export const TaxArrears = update('tax_arrears', 'Tax arrears announced by the tax bureau', {
  amount: Money('Arrears, CNY'),
  taxType: Type.String({ maxLength: 32 }),
});
export const InvoiceSummary = update('invoice_summary', 'Monthly VAT invoice summary', {
  month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' }),
  salesAmount: Money('Invoiced sales, CNY'),
  purchaseAmount: Money('Invoiced purchases, CNY'),
  invoiceCount: Type.Integer({ minimum: 0 }),
  customerCount: Type.Integer({ minimum: 0 }),
});
export const BureauScoreChange = update('bureau_score_change', 'Enterprise credit-bureau score changed', {
  previousScore: Type.Optional(Type.Integer({ minimum: 300, maximum: 950 })),
  newScore: Type.Integer({ minimum: 300, maximum: 950 }),
});

/** Every enterprise-update kind, keyed by its `kind` literal, so the validator can dispatch on it. */
export const ENTERPRISE_UPDATE_KINDS = {
  registry_change: RegistryChange,
  equity_change: EquityChange,
  officer_change: OfficerChange,
  guarantee: Guarantee,
  litigation_filed: LitigationFiled,
  litigation_judged: LitigationJudged,
  dishonest_debtor_listed: DishonestDebtorListed,
  dishonest_debtor_removed: DishonestDebtorRemoved,
  abnormal_operation_listed: AbnormalOperationListed,
  abnormal_operation_removed: AbnormalOperationRemoved,
  tax_arrears: TaxArrears,
  invoice_summary: InvoiceSummary,
  bureau_score_change: BureauScoreChange,
} as const satisfies Record<string, TObject>;

export type EnterpriseUpdateKind = keyof typeof ENTERPRISE_UPDATE_KINDS;

export const EnterpriseUpdate = Type.Union(Object.values(ENTERPRISE_UPDATE_KINDS), {
  description: 'Third-party update about an enterprise; `kind` selects the shape',
});
export type EnterpriseUpdate = Static<typeof EnterpriseUpdate>;
