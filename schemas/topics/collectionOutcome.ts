import { Type, type Static } from '@sinclair/typebox';
import { CalendarDate, envelope, EnterpriseId, Id, Money, strict } from '../common.ts';

export const COLLECTION_OUTCOMES = [
  'promise_to_pay', 'paid', 'unreachable', 'dispute', 'fraud_confirmed', 'false_alarm',
  // A credit officer's verdict on a manual or careful review (credit_review alerts only).
  'credit_approved', 'credit_declined',
] as const;

/** Outcomes that decide a pending application rather than work a loan. */
export const CREDIT_VERDICTS: ReadonlySet<string> = new Set(['credit_approved', 'credit_declined']);

export const CollectionOutcome = Type.Object(
  {
    ...envelope,
    outcomeId: Id('Outcome id'),
    alertId: Id('Alert worked'),
    loanId: Type.Optional(Id('Loan')),
    enterpriseId: Type.Optional(EnterpriseId()),
    team: Type.String({ maxLength: 64 }),
    agentId: Id('Agent who recorded the outcome'),
    outcome: Type.Union(COLLECTION_OUTCOMES.map((o) => Type.Literal(o))),
    promiseDate: Type.Optional(CalendarDate('Promised payment date')),
    promiseAmount: Type.Optional(Money('Promised amount, CNY')),
    paidAmount: Type.Optional(Money('Amount collected, CNY')),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { ...strict, description: 'What a collection agent recorded when resolving an alert' },
);
export type CollectionOutcome = Static<typeof CollectionOutcome>;
