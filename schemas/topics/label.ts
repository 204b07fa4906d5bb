import { Type, type Static } from '@sinclair/typebox';
import { envelope, EnterpriseId, Id, Instant, strict } from '../common.ts';

export const LABEL_KINDS = ['fraud_confirmed', 'default', 'false_positive'] as const;

export const OutcomeLabel = Type.Object(
  {
    ...envelope,
    labelId: Id('Label id'),
    kind: Type.Union(LABEL_KINDS.map((k) => Type.Literal(k))),
    fraudType: Type.Optional(Type.Union(['application', 'ring', 'bust_out', 'transaction', 'identity'].map((k) => Type.Literal(k)))),
    refEventId: Type.Optional(Id('Event the label refers to (e.g. a transaction)')),
    applicationId: Type.Optional(Id('Application the label refers to')),
    loanId: Type.Optional(Id('Loan the label refers to')),
    alertId: Type.Optional(Id('Alert the label resolves (false positive)')),
    enterpriseId: Type.Optional(EnterpriseId()),
    originatorId: Type.Optional(Id('Originator of the application or loan the label refers to, as the loan system records it; counts toward the originator\u2019s default record')),
    occurredAt: Instant('When the outcome happened (e.g. default date); eventTime is when it became known'),
  },
  { ...strict, description: 'Outcome label arriving later: confirmed fraud, default or false positive' },
);
export type OutcomeLabel = Static<typeof OutcomeLabel>;
