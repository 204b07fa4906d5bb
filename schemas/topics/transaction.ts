import { Type, type Static } from '@sinclair/typebox';
import { envelope, EnterpriseId, Id, Money, Pii, strict } from '../common.ts';

export const TXN_CHANNELS = [
  'transfer', 'cash', 'card', 'mobile', 'payroll', 'tax', 'loan_disbursement', 'loan_repayment', 'merchant_payment',
] as const;

export const AccountTransaction = Type.Object(
  {
    ...envelope,
    transactionId: Id('Transaction id from the core banking system'),
    accountId: Pii('bank_account', 'Account the transaction is posted on'),
    enterpriseId: Type.Optional(EnterpriseId('Enterprise owning the account, when it is a business account')),
    loanId: Type.Optional(Id('Loan the account services, if any')),
    direction: Type.Union([Type.Literal('in'), Type.Literal('out')]),
    amount: Type.Number({ exclusiveMinimum: 0, maximum: 1e12, description: 'Amount in CNY' }),
    channel: Type.Union(TXN_CHANNELS.map((c) => Type.Literal(c))),
    counterpartyAccount: Type.Optional(Pii('bank_account', 'Counterparty account')),
    counterpartyName: Type.Optional(Pii('person_name', 'Counterparty name (may be a person)')),
    counterpartyEnterpriseId: Type.Optional(EnterpriseId('Counterparty enterprise, when known')),
    balanceBefore: Type.Optional(Type.Number({ minimum: -1e12, maximum: 1e12 })),
    balanceAfter: Type.Number({ minimum: -1e12, maximum: 1e12, description: 'Account balance after posting, CNY' }),
    originalType: Type.Optional(Type.String({ maxLength: 32, description: 'Source system transaction type' })),
  },
  { ...strict, description: 'A posted account transaction of a borrower or prospect' },
);
export type AccountTransaction = Static<typeof AccountTransaction>;
export { Money };
