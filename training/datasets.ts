/**
 * The three default training tables: which events are rows, which label each row gets from the
 * simulator's ground truth, and which registry features are columns. Rows are chosen while the
 * event stream is replayed, so a row's features are exactly what the scorer saw at that event.
 */
import { ENTITY_DEFS } from '../features/entities.ts';
import { EVENT_FEATURES_BY_TOPIC } from '../detectors/eventFeatures.ts';
import { GRAPH_FEATURE_NAMES, GRAPH_FEATURE_PREFIX } from '../detectors/graph/featureVector.ts';
import type { FeatureRegistry } from '../features/types.ts';
import type { EventOf, TopicName } from '../schemas/topics.ts';
import type { SimulationTruth } from '../simulator/truth.ts';

const DAY_MS = 86_400_000;
/** Horizon of the probability of default: a loan defaults within this many days of the row. */
export const PD_HORIZON_DAYS = 30;

export const DATASET_NAMES = ['application_fraud', 'transaction_fraud', 'pd_30d'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/** One training row picked from the stream. */
export interface Observation {
  readonly rowId: string;
  readonly eventTime: string;
  readonly label: 0 | 1;
}

/** An input event after pseudonymisation, as the feature store gets it. */
export type StreamEvent = { [T in TopicName]: { readonly topic: T; readonly event: EventOf<T> } }[TopicName];

export interface DatasetSpec {
  readonly name: DatasetName;
  readonly description: string;
  /** What one row (and one scored event) is. */
  readonly entity: 'application' | 'transaction' | 'loan';
  readonly target: string;
  /** Topics whose events can be rows; the feature columns are those every one of them carries. */
  readonly topics: readonly TopicName[];
  /** The row for an event, or null when the event is not a row of this table. */
  observe(input: StreamEvent): Observation | null;
}

/**
 * Model inputs present on events of every given topic: the registry features (in registry order)
 * whose entity type the topic maps to (features/entities.ts), then the topic's event features and,
 * for applications, the graph signals. Others are absent from such an event's vector, so they
 * would only ever be NaN.
 */
export function featuresFor(topics: readonly TopicName[], registry: FeatureRegistry, options: { readonly include?: 'default' | 'all' } = {}): string[] {
  const rolling = registry.features.filter((f) => topics.every((t) => ENTITY_DEFS[f.entity].keys[t] !== undefined)).map((f) => f.name);
  // Event features and graph signals exist only for their own topic (applications alone get graph checks).
  const own = topics.length === 1 ? [...(EVENT_FEATURES_BY_TOPIC[topics[0] as TopicName] ?? [])] : [];
  const graph = topics.length === 1 && topics[0] === 'applications' ? GRAPH_FEATURE_NAMES.map((n) => GRAPH_FEATURE_PREFIX + n) : [];
  const all = [...rolling, ...own, ...graph];
  return options.include === 'all' ? all : all.filter((f) => !LATER_MODEL_INPUTS.has(f));
}

/**
 * Model inputs added after the committed default models were trained. The default tables leave
 * them out, so `npm run train` still reproduces those models byte for byte (a new column would
 * change every default manifest); the public-data tables carry them. Take a name out of this set
 * when the default models are next retrained, and commit the retrained models with it.
 */
export const LATER_MODEL_INPUTS: ReadonlySet<string> = new Set<string>([
  // The simulator has no originators yet: these would be empty columns in the default tables.
  'originator.app_count_365d', 'originator.app_count_all', 'originator.defaults_365d', 'originator.defaults_all',
]);

/** The three tables, labelled from a simulation's ground truth. */
export function createDatasetSpecs(truth: SimulationTruth): DatasetSpec[] {
  const fraudApplications = new Set(truth.applications.filter((a) => a.isFraud).map((a) => a.applicationId));
  const fraudTransactions = new Set(truth.fraudTransactions.map((t) => t.eventId));
  // A loan is in default once 90 days past due (the Basel definition the simulator uses). Counting
  // "reaches 90 DPD within 30 days" alone would make the table trivial: only loans already ~60
  // days past due can get there, so days-past-due alone separates it and the model would warn no
  // one early. The default is therefore dated from the missed installment that opens the arrears
  // spell ending in it (its onset), and a row is positive when that onset falls on or before
  // t + 30 days: for a performing loan, "will start to default within 30 days"; for a loan in
  // arrears, "this spell will not cure".
  const defaulting = truth.loans.filter((l) => l.defaultDate !== null && l.firstMissedDueDate !== null);
  const onsetMs = new Map(defaulting.map((l) => [l.loanId, Date.parse(`${l.firstMissedDueDate}T00:00:00Z`)]));
  const defaultMs = new Map(defaulting.map((l) => [l.loanId, Date.parse(`${l.defaultDate}T00:00:00Z`)]));
  const closedMs = new Map(truth.loans.filter((l) => l.closedAt !== null).map((l) => [l.loanId, Date.parse(l.closedAt as string)]));
  const lastTxnDay = new Map<string, number>();

  /** PD row for a loan at time t, unless the loan is already closed or in default (90 DPD). */
  const pdRow = (loanId: string, rowId: string, eventTime: string): Observation | null => {
    const t = Date.parse(eventTime);
    const d = defaultMs.get(loanId);
    const closed = closedMs.get(loanId);
    if ((d !== undefined && d <= t) || (closed !== undefined && closed <= t)) return null;
    const onset = onsetMs.get(loanId);
    const label = onset !== undefined && onset <= t + PD_HORIZON_DAYS * DAY_MS ? 1 : 0;
    return { rowId, eventTime, label };
  };

  return [
    {
      name: 'application_fraud',
      description: 'Probability that a loan application is fraudulent (ring shell company, impersonation or bust-out)',
      entity: 'application',
      target: 'Application later confirmed fraudulent: fraud ring, identity theft or bust-out (simulator ground truth)',
      topics: ['applications'],
      observe: (input) =>
        input.topic === 'applications'
          ? { rowId: input.event.applicationId, eventTime: input.event.eventTime, label: fraudApplications.has(input.event.applicationId) ? 1 : 0 }
          : null,
    },
    {
      name: 'transaction_fraud',
      description: 'Probability that an account transaction is fraudulent (account takeover, bust-out or fraud-loan cash-out)',
      entity: 'transaction',
      target: 'Transaction is an account-takeover outflow, a bust-out cash-out or a fraud-loan cash-out (simulator ground truth)',
      topics: ['transactions'],
      observe: (input) =>
        input.topic === 'transactions'
          ? { rowId: input.event.eventId, eventTime: input.event.eventTime, label: fraudTransactions.has(input.event.eventId) ? 1 : 0 }
          : null,
    },
    {
      name: 'pd_30d',
      description: `Probability that a live loan is in default within ${PD_HORIZON_DAYS} days, default dated from the missed installment that leads to 90 days past due`,
      entity: 'loan',
      target: `The arrears spell that ends at 90 days past due starts (its first missed due date) on or before t + ${PD_HORIZON_DAYS} days, t = the scored event; rows of closed loans and of loans already at 90 DPD are excluded`,
      topics: ['repayments', 'transactions'],
      observe: (input) => {
        if (input.topic === 'repayments') {
          if (input.event.kind === 'loan_closed') return null;
          return pdRow(input.event.loanId, input.event.eventId, input.event.eventTime);
        }
        if (input.topic === 'transactions' && input.event.loanId !== undefined) {
          // One servicing-account row per loan per day: transactions would otherwise outnumber
          // repayment events ~20 to 1 and the table would mostly repeat the same loan-day.
          const day = Math.floor(Date.parse(input.event.eventTime) / DAY_MS);
          if (lastTxnDay.get(input.event.loanId) === day) return null;
          lastTxnDay.set(input.event.loanId, day);
          return pdRow(input.event.loanId, input.event.eventId, input.event.eventTime);
        }
        return null;
      },
    },
  ];
}
