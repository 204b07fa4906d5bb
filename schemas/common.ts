/**
 * Building blocks shared by every event contract. A contract is written once with TypeBox:
 * the same object is the JSON Schema (for Ajv, docs and other languages) and, through
 * `Static<>`, the TypeScript type — so the two can never drift apart.
 */
import { Type, type TSchema, type TString } from '@sinclair/typebox';

/** Kinds of personal data. Equal values of one kind pseudonymise to equal tokens, so they still link. */
export const PII_KINDS = ['person_id', 'phone', 'person_name', 'bank_account'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

/** JSON Schema keyword that marks a string field as personal data of a kind. */
export const PII_KEYWORD = 'x-pii';
/** JSON Schema keyword naming the topic key's source field(s), for docs. */
export const KEY_KEYWORD = 'x-kafka-key';

/** A personal-data string: validated raw at ingestion, replaced by a keyed-hash token right after. */
export function Pii(kind: PiiKind, description: string): TString {
  return Type.String({ [PII_KEYWORD]: kind, format: `pii-${kind}`, description });
}

/** An 18-character unified social credit code with a valid check character. */
export const EnterpriseId = (description = 'Unified social credit code (18 characters, valid check character)') =>
  Type.String({ format: 'uscc', description });

/** An ISO-8601 instant with offset, e.g. 2026-03-01T08:00:00.000Z. */
export const Instant = (description: string) => Type.String({ format: 'date-time', description });
/** A calendar date, e.g. 2026-03-01. */
export const CalendarDate = (description: string) => Type.String({ format: 'date', description });
/** A non-negative amount of money in yuan (CNY). */
export const Money = (description: string) => Type.Number({ minimum: 0, maximum: 1e12, description });
/** An identifier we mint or receive: letters, digits and _ . : - only. */
export const Id = (description: string) =>
  Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,128}$', description });

/** Fields every event carries. `eventId` is the idempotency key across the whole platform. */
export const envelope = {
  eventId: Id('Globally unique event id; redelivery of the same event keeps the same id'),
  schemaVersion: Type.Literal(1, { description: 'Contract major version of this topic' }),
  eventTime: Instant('When the fact happened (event time, drives windows)'),
  source: Type.Optional(Type.String({ maxLength: 64, description: 'System that produced the event' })),
};

/** A reason code with the value that triggered it, readable by a collector or a customer-service agent. */
export const ReasonCode = Type.Object(
  {
    code: Type.String({ maxLength: 64 }),
    description: Type.String({ maxLength: 512 }),
    value: Type.Optional(Type.Union([Type.Number(), Type.String({ maxLength: 256 }), Type.Null()])),
    threshold: Type.Optional(Type.Union([Type.Number(), Type.String({ maxLength: 256 }), Type.Null()])),
    contribution: Type.Optional(Type.Number()),
  },
  { additionalProperties: false },
);

/** Options used by every contract object: unknown fields are rejected so typos surface. */
export const strict = { additionalProperties: false } as const;

export type AnySchema = TSchema;
