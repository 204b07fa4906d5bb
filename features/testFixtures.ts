/**
 * Builders of small, already-pseudonymised contract events for the feature tests. Times are
 * given as ms offsets from T0 (aligned to a UTC day, so to every bucket size), tokens are
 * derived from labels, so a test reads as a story.
 */
import { createHash } from 'node:crypto';
import { makeUscc } from '../schemas/identifiers.ts';
import type { EventOf } from '../schemas/topics.ts';
import type { FeatureInput } from './types.ts';

export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
/** A Monday, 00:00 UTC: a multiple of every bucket size. */
export const T0 = Date.parse('2026-03-02T00:00:00.000Z');

export const iso = (offsetMs: number): string => new Date(T0 + offsetMs).toISOString();
/** A pseudonym-shaped token for a label. */
export const tok = (label: string): string => `pii_${createHash('sha256').update(label).digest('hex').slice(0, 32)}`;
/** A valid credit code for a number. */
export const uscc = (n: number): string => makeUscc(`91350100MA${String(n).padStart(7, '0')}`);

export interface TxnSpec {
  id: string;
  at: number;
  account?: string;
  amount?: number;
  direction?: 'in' | 'out';
  channel?: EventOf<'transactions'>['channel'];
  enterprise?: number;
  counterparty?: string;
  loanId?: string;
  balanceAfter?: number;
}

/** A transaction; without `enterprise`/`counterparty` it touches only its account (and loan, if given). */
export function txn(s: TxnSpec): FeatureInput {
  const event: EventOf<'transactions'> = {
    eventId: s.id,
    schemaVersion: 1,
    eventTime: iso(s.at),
    transactionId: `tx-${s.id}`,
    accountId: tok(s.account ?? 'acct-1'),
    direction: s.direction ?? 'in',
    amount: s.amount ?? 100,
    channel: s.channel ?? 'transfer',
    balanceAfter: s.balanceAfter ?? 1_000,
  };
  if (s.enterprise !== undefined) event.enterpriseId = uscc(s.enterprise);
  if (s.counterparty !== undefined) event.counterpartyAccount = tok(s.counterparty);
  if (s.loanId !== undefined) event.loanId = s.loanId;
  return { topic: 'transactions', event };
}

export interface AppSpec {
  id: string;
  at: number;
  enterprise?: number;
  person?: string;
  phone?: string;
  device?: string;
  ip?: string;
  address?: string;
  amount?: number;
  originator?: string;
}

export function app(s: AppSpec): FeatureInput {
  const event: EventOf<'applications'> = {
    eventId: s.id,
    schemaVersion: 1,
    eventTime: iso(s.at),
    applicationId: `a-${s.id}`,
    enterpriseId: uscc(s.enterprise ?? 1),
    enterpriseName: 'Fuzhou Test Trading Co., Ltd.',
    applicant: { name: tok('name'), idNumber: tok(s.person ?? 'person-1'), phone: tok(s.phone ?? 'phone-1'), role: 'legal_rep' },
    declaredCompanyPhone: tok('company-phone'),
    address: s.address ?? '1 Test Road, Gulou District, Fuzhou',
    product: 'working_capital',
    requestedAmount: s.amount ?? 100_000,
    requestedTermMonths: 12,
    channel: 'app',
    deviceId: s.device ?? 'device-0001',
    ip: s.ip ?? '10.0.0.1',
    identity: { faceMatchScore: 0.9, livenessPassed: true, smsVerified: true, captchaPassed: true, idDocumentValid: true },
    bureauScore: 700,
  };
  if (s.originator !== undefined) event.originatorId = s.originator;
  return { topic: 'applications', event };
}

export interface LabelSpec {
  id: string;
  at: number;
  kind: EventOf<'labels'>['kind'];
  applicationId?: string;
  originator?: string;
}

export function label(s: LabelSpec): FeatureInput {
  const event: EventOf<'labels'> = {
    eventId: s.id,
    schemaVersion: 1,
    eventTime: iso(s.at),
    labelId: s.id,
    kind: s.kind,
    occurredAt: iso(s.at),
  };
  if (s.applicationId !== undefined) event.applicationId = s.applicationId;
  if (s.originator !== undefined) event.originatorId = s.originator;
  return { topic: 'labels', event };
}

export interface RepSpec {
  id: string;
  at: number;
  loanId?: string;
  kind: EventOf<'repayments'>['kind'];
  dpd?: number;
  amountDue?: number;
  amountPaid?: number;
  dueDate?: string;
  enterprise?: number;
}

export function rep(s: RepSpec): FeatureInput {
  const event: EventOf<'repayments'> = {
    eventId: s.id,
    schemaVersion: 1,
    eventTime: iso(s.at),
    loanId: s.loanId ?? 'loan-1',
    kind: s.kind,
    daysPastDue: s.dpd ?? 0,
  };
  if (s.amountDue !== undefined) event.amountDue = s.amountDue;
  if (s.amountPaid !== undefined) event.amountPaid = s.amountPaid;
  if (s.dueDate !== undefined) event.dueDate = s.dueDate;
  if (s.enterprise !== undefined) event.enterpriseId = uscc(s.enterprise);
  return { topic: 'repayments', event };
}

/** Only the named features of a vector, for readable assertions. */
export function pick(vector: Record<string, number | null> | undefined, ...names: string[]): Record<string, number | null | undefined> {
  const out: Record<string, number | null | undefined> = {};
  for (const n of names) out[n] = vector?.[n];
  return out;
}
