import { Type, type Static } from '@sinclair/typebox';
import { CalendarDate, envelope, EnterpriseId, Id, Money, strict } from '../common.ts';

export const REPAYMENT_KINDS = ['loan_opened', 'installment_due', 'paid', 'partial', 'missed', 'dpd_update', 'loan_closed'] as const;

export const RepaymentEvent = Type.Object(
  {
    ...envelope,
    loanId: Id('Loan id'),
    enterpriseId: Type.Optional(EnterpriseId('Borrowing enterprise')),
    kind: Type.Union(REPAYMENT_KINDS.map((k) => Type.Literal(k))),
    installmentNo: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
    dueDate: Type.Optional(CalendarDate('Due date of the installment')),
    amountDue: Type.Optional(Money('Installment amount due, CNY')),
    amountPaid: Type.Optional(Money('Amount paid in this event, CNY')),
    daysPastDue: Type.Integer({ minimum: 0, maximum: 10_000 }),
    outstandingPrincipal: Type.Optional(Money('Outstanding principal after the event, CNY')),
    principal: Type.Optional(Money('Disbursed principal (loan_opened)')),
    termMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 360 })),
    annualRate: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    applicationId: Type.Optional(Id('Application the loan came from (loan_opened)')),
    product: Type.Optional(Type.String({ maxLength: 32 })),
  },
  { ...strict, description: 'Loan servicing: disbursement, installments due, payments, misses and days-past-due updates' },
);
export type RepaymentEvent = Static<typeof RepaymentEvent>;
