import { Type, type Static } from '@sinclair/typebox';
import { envelope, EnterpriseId, Id, Instant, Money, ReasonCode, strict } from '../common.ts';

const Nullable = <T extends ReturnType<typeof Type.Number>>(t: T) => Type.Union([t, Type.Null()]);

export const RuleHit = Type.Object(
  {
    ruleId: Type.String({ maxLength: 128 }),
    ruleSetVersion: Type.String({ maxLength: 64 }),
    reasonCode: Type.String({ maxLength: 64 }),
    severity: Type.Union(['info', 'low', 'medium', 'high', 'critical'].map((s) => Type.Literal(s))),
    points: Type.Number(),
    action: Type.String({ maxLength: 32 }),
    shadow: Type.Boolean({ description: 'Evaluated and recorded, never acted on' }),
  },
  strict,
);

export const ModelScore = Type.Object(
  {
    model: Type.String({ maxLength: 64 }),
    version: Type.String({ maxLength: 64 }),
    role: Type.Union([Type.Literal('champion'), Type.Literal('challenger')]),
    score: Nullable(Type.Number({ minimum: 0, maximum: 1 })),
    status: Type.Union([Type.Literal('ok'), Type.Literal('error')]),
    error: Type.Optional(Type.String({ maxLength: 512 })),
  },
  strict,
);

export const Score = Type.Object(
  {
    ...envelope,
    scoreId: Id('Score id (derived from the input event id, so redelivery overwrites)'),
    inputEventId: Id('Event that was scored'),
    inputTopic: Type.String({ maxLength: 64 }),
    entityType: Type.String({ maxLength: 32 }),
    entityId: Type.String({ maxLength: 128, description: 'Entity key (pseudonymised where personal)' }),
    status: Type.Union([Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('error')]),
    riskScore: Type.Number({ minimum: 0, maximum: 1000 }),
    models: Type.Array(ModelScore),
    ruleHits: Type.Array(RuleHit),
    features: Type.Record(Type.String(), Nullable(Type.Number()), { description: 'Point-in-time feature snapshot the detectors saw' }),
    reasons: Type.Array(ReasonCode),
  },
  { ...strict, description: 'Every scored event with the features, rule hits and model versions it saw' },
);
export type Score = Static<typeof Score>;

export const DECISION_TIERS = ['auto_approve', 'suggest_pass', 'manual_review', 'careful_review', 'suggest_reject', 'auto_reject'] as const;
export type DecisionTier = (typeof DECISION_TIERS)[number];

export const Decision = Type.Object(
  {
    ...envelope,
    decisionId: Id('Decision id'),
    applicationId: Id('Application decided'),
    enterpriseId: EnterpriseId(),
    product: Type.String({ maxLength: 32 }),
    tier: Type.Union(DECISION_TIERS.map((t) => Type.Literal(t))),
    admissionPassed: Type.Boolean(),
    creditScore: Type.Integer({ minimum: 0, maximum: 1000 }),
    probabilityOfDefault: Type.Number({ minimum: 0, maximum: 1 }),
    fraudScore: Type.Number({ minimum: 0, maximum: 1 }),
    suggestedLimit: Money('Suggested credit limit, CNY'),
    suggestedAnnualRate: Type.Number({ minimum: 0, maximum: 1 }),
    ruleSetVersion: Type.String({ maxLength: 64 }),
    modelVersions: Type.Record(Type.String(), Type.String()),
    reasons: Type.Array(ReasonCode),
    final: Type.Boolean({ description: 'False while a manual review is pending' }),
  },
  { ...strict, description: 'Credit decision for an application: tier, limit, rate and reasons' },
);
export type Decision = Static<typeof Decision>;

export const ALERT_SIGNALS = [
  'missed_payment', 'partial_payment', 'dpd_transition', 'inflow_collapse', 'balance_drained_before_due',
  'related_party_transfer', 'new_lawsuit', 'new_listing', 'related_party_listing', 'bureau_score_drop',
  'high_default_probability', 'application_fraud', 'transaction_fraud',
  // An application decided manual_review or careful_review, waiting for a credit officer.
  'credit_review',
] as const;
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

export const Alert = Type.Object(
  {
    ...envelope,
    alertId: Id('Alert id'),
    signal: Type.Union(ALERT_SIGNALS.map((s) => Type.Literal(s))),
    severity: Type.Union(SEVERITIES.map((s) => Type.Literal(s))),
    loanId: Type.Optional(Id('Loan concerned')),
    applicationId: Type.Optional(Id('Application concerned')),
    enterpriseId: Type.Optional(EnterpriseId()),
    probabilityOfDefault: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    exposure: Type.Optional(Money('Outstanding exposure, CNY')),
    daysPastDue: Type.Optional(Type.Integer({ minimum: 0 })),
    sourceEventId: Id('Event that raised the alert'),
    why: Type.Array(ReasonCode, { description: 'Top reasons in plain words with the values that triggered them' }),
    raisedAt: Instant('Processing time the alert was raised'),
  },
  { ...strict, description: 'Early-warning or fraud alert for a loan, application or enterprise' },
);
export type Alert = Static<typeof Alert>;

export const DeadLetter = Type.Object(
  {
    ...envelope,
    originalTopic: Type.String({ maxLength: 128 }),
    partition: Type.Integer({ minimum: -1 }),
    offset: Type.String({ maxLength: 32 }),
    stage: Type.Union(['decode', 'validate', 'process', 'import'].map((s) => Type.Literal(s))),
    errorClass: Type.String({ maxLength: 128 }),
    errorCode: Type.String({ maxLength: 128 }),
    field: Type.Optional(Type.String({ maxLength: 512 })),
    reason: Type.String({ maxLength: 4096 }),
    originalBase64: Type.String({ description: 'Original record bytes, base64 (truncated to 1 MiB with originalTruncated)' }),
    originalTruncated: Type.Boolean(),
    originalSize: Type.Integer({ minimum: 0 }),
  },
  { ...strict, description: 'An input record that could not be processed, with the reason and the original bytes' },
);
export type DeadLetter = Static<typeof DeadLetter>;

export { Nullable as NullableNumber };
