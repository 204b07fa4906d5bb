/**
 * The public labelled data sets as the training path and the evaluation see them: which file,
 * which importer, what one row (a "unit") is, its label, its documented split
 * (docs/public-data.md §3) and the models trained on it.
 *
 * `loadPublicSet` imports a file in memory with the same importer as `fengkong import` (every row
 * is mapped or dead-lettered, nothing dropped) and returns the events in event-time order, as a
 * replay must feed them: SBAnational is in loan-number order and the PaySim sample is not sorted.
 */
import { IMPORTERS } from '../../importers/registry.ts';
import { importEvents, type ValidatedEvent } from '../../importers/importEvents.ts';
import type { DatasetName } from '../../importers/importer.ts';
import { PUBLIC_FILES } from '../../importers/publicData.ts';
import type { DeadLetter } from '../../schemas/topics/outputs.ts';
import type { EventOf, TopicName } from '../../schemas/topics.ts';
import { NEVER_FEATURES, orderSplit, sbaCaseSplit, timeSplit, type Split } from './splits.ts';

export const PUBLIC_SET_NAMES = ['paysim', 'sba', 'sbacase', 'uci'] as const;
export type PublicSetName = (typeof PUBLIC_SET_NAMES)[number];
export const isPublicSetName = (name: string): name is PublicSetName => (PUBLIC_SET_NAMES as readonly string[]).includes(name);

/** Feature column carrying SBA's `Term` (requestedTermMonths): suspected of leaking the outcome (docs/public-data.md). */
export const TERM_FEATURE = 'event.app_term_months';

/**
 * Source columns → the model-input columns computed from them, where a column is a leakage
 * question. Anything mapped from a NEVER_FEATURES column would be listed here and refused by
 * `leakingColumns`; the importers read none of them (training/public/splits.spec.ts), so the
 * only entry is Term, which is reported with and without.
 */
export const SOURCE_COLUMN_FEATURES: Readonly<Record<DatasetName, Readonly<Record<string, readonly string[]>>>> = {
  paysim: {},
  sba: { Term: [TERM_FEATURE] },
  'uci-credit': {},
};

/**
 * Columns that describe the scorer's own budget rather than the applicant: whether a graph
 * traversal stopped early depends on its time budget (`max_millis`), so on machine load and on
 * where the application falls in a batch checked together. A model must not learn it from
 * history replayed at full speed; public models leave it out.
 */
export const OPERATIONAL_COLUMNS: readonly string[] = ['graph.truncated'];

/** Feature columns derived from a never-feature column of the data set (must be empty). */
export function leakingColumns(dataset: DatasetName): string[] {
  const map = SOURCE_COLUMN_FEATURES[dataset];
  return NEVER_FEATURES[dataset].flatMap((c) => [...(map[c] ?? [])]);
}

/** One model trained on a set: a version of the set's model directory. */
export interface PublicModelSpec {
  readonly version: string;
  readonly role: 'champion' | 'challenger';
  /** Feature columns left out (besides the leakage guard's). */
  readonly exclude: readonly string[];
  /** What distinguishes this version, for its manifest. */
  readonly note: string;
}

export interface PublicSet {
  readonly name: PublicSetName;
  readonly dataset: DatasetName;
  /** The file as shipped in ../shared/data. */
  readonly file: string;
  /** Model directory under the set's models root: the pipeline serves `transaction_fraud` as itself and `pd_30d` as default_pd. */
  readonly modelDir: 'transaction_fraud' | 'pd_30d';
  /** Topic of the scored event of a unit; its features are the table's columns. */
  readonly rowTopic: 'transactions' | 'applications' | 'repayments';
  readonly entity: 'transaction' | 'application' | 'loan';
  /** Label kind in the `labels` topic and the label field that names the unit. */
  readonly labelKind: 'fraud_confirmed' | 'default';
  readonly labelKey: 'refEventId' | 'applicationId' | 'loanId';
  readonly description: string;
  readonly target: string;
  readonly split: string;
  /** Shares of training rows at or above the review and alert thresholds (operations capacity). */
  readonly rates: { readonly review: number; readonly alert: number };
  readonly models: readonly PublicModelSpec[];
}

const SBA_MODELS: readonly PublicModelSpec[] = [
  // The champion, acted on, leaves Term out (the honest model); the challenger has it, so both
  // scores are recorded for every application and the eval reads each from ClickHouse.
  { version: '1.0.0', role: 'champion', exclude: [TERM_FEATURE], note: 'without Term (suspected of leaking the outcome)' },
  { version: '1.1.0', role: 'challenger', exclude: [], note: 'with Term (for comparison with published figures; suspected leak)' },
];

export const PUBLIC_SETS: Readonly<Record<PublicSetName, PublicSet>> = {
  paysim: {
    name: 'paysim', dataset: 'paysim', file: PUBLIC_FILES.paysimSample, modelDir: 'transaction_fraud', rowTopic: 'transactions', entity: 'transaction',
    labelKind: 'fraud_confirmed', labelKey: 'refEventId',
    description: 'PaySim mobile-money transaction fraud (fraud-enriched sample of steps 1-119), trained through the pipeline path',
    target: 'isFraud = 1 (a fraud_confirmed label on the transaction)',
    split: 'by event time (step): earliest 70% of transactions train (ties in file order), latest 30% test',
    rates: { review: 0.02, alert: 0.01 },
    models: [{ version: '1.0.0', role: 'champion', exclude: [], note: 'origin-account fields only; destination balances are never imported' }],
  },
  sba: {
    name: 'sba', dataset: 'sba', file: PUBLIC_FILES.sbaNational, modelDir: 'pd_30d', rowTopic: 'applications', entity: 'application',
    labelKind: 'default', labelKey: 'applicationId',
    description: 'SBA 7(a) national subset: probability that an approved loan is charged off, scored at the application',
    target: 'MIS_Status = CHGOFF (a default label dated ChgOffDate)',
    split: 'by ApprovalDate: earliest 70% of loans train (ties in file order), latest 30% test',
    rates: { review: 0.2, alert: 0.1 },
    models: SBA_MODELS,
  },
  sbacase: {
    name: 'sbacase', dataset: 'sba', file: PUBLIC_FILES.sbaCase, modelDir: 'pd_30d', rowTopic: 'applications', entity: 'application',
    labelKind: 'default', labelKey: 'applicationId',
    description: 'SBA case study (Li, Mickel & Taylor 2018): probability that an approved loan is charged off, scored at the application',
    target: 'MIS_Status = CHGOFF (a default label dated ChgOffDate)',
    split: "the paper's Selected column: 1 trains, 0 tests",
    rates: { review: 0.2, alert: 0.1 },
    models: SBA_MODELS,
  },
  uci: {
    name: 'uci', dataset: 'uci-credit', file: PUBLIC_FILES.uciCredit, modelDir: 'pd_30d', rowTopic: 'repayments', entity: 'loan',
    labelKind: 'default', labelKey: 'loanId',
    description: 'UCI Taiwan credit-card clients: probability of default on the October 2005 payment, scored at the September statement event',
    target: 'default.payment.next.month = 1 (a default label dated 2005-11-01)',
    split: 'first 70% of clients in file order train, the rest test',
    rates: { review: 0.2, alert: 0.1 },
    models: [{ version: '1.0.0', role: 'champion', exclude: [], note: 'repayment history through the pipeline; SEX, EDUCATION, MARRIAGE, AGE never imported' }],
  },
};

/** One scored unit: a transaction, an application, or a card account at its last statement. */
export interface Unit {
  /** Row id of the training table and of the evaluation (transaction eventId, applicationId, loanId). */
  readonly unitId: string;
  /** The event whose score is the unit's score (and whose features are its training row). */
  readonly rowEventId: string;
  readonly eventTime: string;
  readonly label: 0 | 1;
  readonly split: Split;
}

export interface LoadedSet {
  readonly set: PublicSet;
  readonly file: string;
  /** Data rows read (header excluded): mapped + import dead letters. */
  readonly rows: number;
  readonly mappedRows: number;
  readonly importDeadLetters: readonly DeadLetter[];
  /** Every mapped event, stably sorted by event time (file order within an instant). */
  readonly events: readonly ValidatedEvent[];
  /** Units in file order. */
  readonly units: readonly Unit[];
}

export interface LoadOptions {
  /** Another file of the same data set (e.g. the PaySim head file for a replay test). */
  readonly file?: string;
  /** Read at most this many data rows (tests; the figures of record use every row). */
  readonly rowLimit?: number;
  /** Time stamped on import dead letters (default: a fixed instant, so reruns collapse in ClickHouse). */
  readonly importedAt?: Date;
}

/** Dead letters of a public import are stamped with this instant unless told otherwise: replays stay reproducible. */
export const PUBLIC_IMPORTED_AT = new Date('2026-01-01T00:00:00.000Z');

/** Imports a set in memory, in event-time order, with units, labels and the documented split. */
export async function loadPublicSet(set: PublicSet, options: LoadOptions = {}): Promise<LoadedSet> {
  const file = options.file ?? set.file;
  const limit = options.rowLimit ?? Number.POSITIVE_INFINITY;
  const importer = IMPORTERS[set.dataset];
  const events: ValidatedEvent[] = [];
  const deadLetters: DeadLetter[] = [];
  let rows = 0;
  let mappedRows = 0;
  const rowUnits: Array<{ unitId: string; rowEventId: string; eventTime: string }> = [];
  const positives = new Set<string>();
  for await (const item of importEvents({ dataset: set.dataset, file, importedAt: options.importedAt ?? PUBLIC_IMPORTED_AT })) {
    if (rows >= limit) break;
    rows++;
    if (item.kind === 'dead-letter') {
      deadLetters.push(item.deadLetter);
      continue;
    }
    mappedRows++;
    let unit: { unitId: string; rowEventId: string; eventTime: string } | null = null;
    for (const e of item.events) {
      events.push(e);
      if (e.topic === 'labels') {
        const label = e.event as EventOf<'labels'>;
        const key = label[set.labelKey];
        if (label.kind === set.labelKind && key !== undefined) positives.add(key);
        continue;
      }
      if (e.topic !== set.rowTopic) continue;
      const unitId = unitIdOf(set, e.topic, e.event);
      // The unit's score is its latest row-topic event (one per row except UCI's seven months).
      if (unit === null || e.event.eventTime >= unit.eventTime) unit = { unitId, rowEventId: e.event.eventId, eventTime: e.event.eventTime };
    }
    if (unit === null) throw new Error(`${importer.name} row ${item.rowNo} mapped to no ${set.rowTopic} event: the set definition does not fit the importer`);
    rowUnits.push(unit);
  }
  const splits = await splitOf(set, file, rowUnits);
  const units = rowUnits.map((u, i) => ({ ...u, label: positives.has(u.unitId) ? 1 : 0, split: splits[i] as Split }) as Unit);
  // Stable: Array.prototype.sort keeps file order for events of the same instant.
  const ms = new Map(events.map((e) => [e, Date.parse(e.event.eventTime)]));
  events.sort((a, b) => (ms.get(a) as number) - (ms.get(b) as number));
  return { set, file, rows, mappedRows, importDeadLetters: deadLetters, events, units };
}

function unitIdOf(set: PublicSet, topic: TopicName, event: EventOf<TopicName>): string {
  if (set.entity === 'transaction') return event.eventId;
  if (set.entity === 'application') return (event as EventOf<'applications'>).applicationId;
  if (topic === 'repayments') return (event as EventOf<'repayments'>).loanId;
  throw new Error(`no unit id for a ${topic} event of ${set.name}`);
}

async function splitOf(set: PublicSet, file: string, units: ReadonlyArray<{ unitId: string; eventTime: string }>): Promise<Split[]> {
  switch (set.name) {
    case 'paysim':
    case 'sba':
      return timeSplit(units, (u) => u.eventTime);
    case 'uci':
      return orderSplit(units.length);
    case 'sbacase': {
      const byLoan = await sbaCaseSplit(file);
      return units.map((u) => {
        const loan = u.unitId.slice(u.unitId.lastIndexOf(':') + 1);
        const split = byLoan.get(loan);
        if (!split) throw new Error(`SBAcase loan ${loan} has no Selected value in ${file}`);
        return split;
      });
    }
  }
}
