import { Type, type Static } from '@sinclair/typebox';
import { envelope, EnterpriseId, Id, Instant, Money, strict } from '../common.ts';

/** Text in both languages the bank's messaging systems send. */
export const LocalisedText = Type.Object(
  {
    zh: Type.String({ minLength: 1, maxLength: 1000, description: 'Simplified Chinese' }),
    en: Type.String({ minLength: 1, maxLength: 1000, description: 'English' }),
  },
  strict,
);

export const NOTIFICATION_OUTCOMES = ['approved', 'declined'] as const;

export const DecisionNotification = Type.Object(
  {
    ...envelope,
    notificationId: Id('One per application: a repeat (redelivery, a later review) overwrites downstream'),
    applicationId: Id('Application decided'),
    enterpriseId: EnterpriseId('Applicant enterprise, the recipient'),
    outcome: Type.Union(NOTIFICATION_OUTCOMES.map((o) => Type.Literal(o))),
    decidedBy: Type.Union([Type.Literal('automatic'), Type.Literal('manual_review')], { description: 'Final after the automatic decision, or after a person reviewed it' }),
    decidedAt: Instant('When the decision became final'),
    product: Type.String({ maxLength: 32, description: 'Product code applied for' }),
    productName: LocalisedText,
    offer: Type.Optional(Type.Object(
      {
        limit: Money('Approved credit limit, CNY'),
        annualRate: Type.Number({ minimum: 0, maximum: 1, description: 'Annual interest rate offered' }),
      },
      { ...strict, description: 'Terms of an approval' },
    )),
    message: LocalisedText,
    reasons: Type.Array(LocalisedText, { maxItems: 4, description: 'Principal reasons in plain words: never a score, a probability, a rule or an internal code' }),
  },
  { ...strict, description: 'Customer notification of a final credit decision, in Chinese and English' },
);
export type DecisionNotification = Static<typeof DecisionNotification>;
