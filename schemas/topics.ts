/**
 * The topic registry: every Kafka topic, its contract, its direction and its partition key.
 * Keys are chosen so one entity's events stay in order on one partition.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import { LoanApplication } from './topics/application.ts';
import { AccountTransaction } from './topics/transaction.ts';
import { RepaymentEvent } from './topics/repayment.ts';
import { EnterpriseUpdate, ENTERPRISE_UPDATE_KINDS } from './topics/enterpriseUpdate.ts';
import { OutcomeLabel } from './topics/label.ts';
import { CollectionOutcome } from './topics/collectionOutcome.ts';
import { Alert, DeadLetter, Decision, Score } from './topics/outputs.ts';
import { DecisionNotification } from './topics/notification.ts';
import { QueueEvent } from './topics/queueEvent.ts';

export interface TopicContract<S extends TSchema = TSchema> {
  /** Kafka topic name (a deployment may add a prefix through config). */
  readonly name: string;
  readonly version: 1;
  readonly direction: 'input' | 'output';
  readonly schema: S;
  /** Field(s) the key is read from, in order of preference; for docs. */
  readonly keyFields: readonly string[];
  /** Partition key of an event (after pseudonymisation). */
  readonly key: (event: Static<S>) => string;
  /** For unions: member schemas by their `kind`, so validation can report against the right shape. */
  readonly kinds?: Readonly<Record<string, TSchema>>;
  readonly description: string;
}

function contract<S extends TSchema>(c: TopicContract<S>): TopicContract<S> {
  return c;
}

export const TOPICS = {
  applications: contract({
    name: 'applications', version: 1, direction: 'input', schema: LoanApplication,
    keyFields: ['enterpriseId'], key: (e) => e.enterpriseId,
    description: 'Loan applications with applicant, device and identity-verification signals',
  }),
  transactions: contract({
    name: 'transactions', version: 1, direction: 'input', schema: AccountTransaction,
    keyFields: ['enterpriseId', 'accountId'], key: (e) => e.enterpriseId ?? e.accountId,
    description: 'Posted account transactions of borrowers',
  }),
  repayments: contract({
    name: 'repayments', version: 1, direction: 'input', schema: RepaymentEvent,
    keyFields: ['loanId'], key: (e) => e.loanId,
    description: 'Loan servicing events: opened, due, paid, partial, missed, days-past-due',
  }),
  'enterprise-updates': contract({
    name: 'enterprise-updates', version: 1, direction: 'input', schema: EnterpriseUpdate,
    keyFields: ['enterpriseId'], key: (e) => e.enterpriseId, kinds: ENTERPRISE_UPDATE_KINDS,
    description: 'Third-party enterprise data: registry, equity, officers, guarantees, litigation, listings, tax, invoices, bureau',
  }),
  labels: contract({
    name: 'labels', version: 1, direction: 'input', schema: OutcomeLabel,
    keyFields: ['loanId', 'applicationId', 'enterpriseId', 'refEventId', 'labelId'],
    key: (e) => e.loanId ?? e.applicationId ?? e.enterpriseId ?? e.refEventId ?? e.labelId,
    description: 'Late-arriving outcome labels: confirmed fraud, default, false positive',
  }),
  'collection-outcomes': contract({
    name: 'collection-outcomes', version: 1, direction: 'input', schema: CollectionOutcome,
    keyFields: ['loanId', 'alertId'], key: (e) => e.loanId ?? e.alertId,
    description: 'Collection agents\u2019 outcomes on alerts',
  }),
  scores: contract({
    name: 'scores', version: 1, direction: 'output', schema: Score,
    keyFields: ['entityId'], key: (e) => e.entityId,
    description: 'Every scored event with its feature snapshot, rule hits and model versions',
  }),
  decisions: contract({
    name: 'decisions', version: 1, direction: 'output', schema: Decision,
    keyFields: ['enterpriseId'], key: (e) => e.enterpriseId,
    description: 'Credit decisions for applications',
  }),
  alerts: contract({
    name: 'alerts', version: 1, direction: 'output', schema: Alert,
    keyFields: ['loanId', 'enterpriseId', 'alertId'], key: (e) => e.loanId ?? e.enterpriseId ?? e.alertId,
    description: 'Early-warning and fraud alerts',
  }),
  'decision-notifications': contract({
    name: 'decision-notifications', version: 1, direction: 'output', schema: DecisionNotification,
    keyFields: ['enterpriseId'], key: (e) => e.enterpriseId,
    description: 'Customer notifications of final credit decisions (automatic or after review), with reasons in Chinese and English and no internal scores',
  }),
  'dead-letters': contract({
    name: 'dead-letters', version: 1, direction: 'output', schema: DeadLetter,
    keyFields: ['originalTopic'], key: (e) => e.originalTopic,
    description: 'Records that could not be processed (also republished raw to <topic>.dlq with Kafka Connect error headers)',
  }),
  'alert-queue-events': contract({
    name: 'alert-queue-events', version: 1, direction: 'output', schema: QueueEvent,
    keyFields: ['loanId', 'alertId'], key: (e) => e.loanId ?? e.alertId,
    description: 'Every change of an alert in a collection team\u2019s queue (enqueued, claimed, resolved, escalated\u2026), published by the queue service',
  }),
} as const;

export type TopicName = keyof typeof TOPICS;
export type EventOf<T extends TopicName> = Static<(typeof TOPICS)[T]['schema']>;
export const INPUT_TOPICS = (Object.keys(TOPICS) as TopicName[]).filter((t) => TOPICS[t].direction === 'input');
export const OUTPUT_TOPICS = (Object.keys(TOPICS) as TopicName[]).filter((t) => TOPICS[t].direction === 'output');

export function isTopicName(name: string): name is TopicName {
  return Object.prototype.hasOwnProperty.call(TOPICS, name);
}

/** Dead-letter topic for an input topic, as Kafka Connect names them. */
export const dlqTopicOf = (topic: string): string => `${topic}.dlq`;

/**
 * Headers on `alerts` records telling the alert queue how the detector deduplicates: its key
 * (`<loan or enterprise>|<signal>[|<detail>]`) and cooldown in seconds.
 */
export const ALERT_HINT_HEADERS = { dedupKey: 'fk-dedup-key', cooldownSeconds: 'fk-cooldown-seconds' } as const;
