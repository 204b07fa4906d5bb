/**
 * What a public-data importer is: the columns it reads and a mapper from one source row to the
 * contract events of that row. Mappers are pure apart from per-file state (ids already seen), and
 * throw ImportRowError for a row they cannot map; the runner (importEvents.ts) does the rest.
 */
import type { EventOf, TopicName } from '../schemas/topics.ts';
import type { ColumnSpec, SourceRow } from './sourceRow.ts';

export const DATASETS = ['paysim', 'sba', 'uci-credit'] as const;
export type DatasetName = (typeof DATASETS)[number];

/** One contract event produced from a row, tagged with its topic. */
export type MappedEvent = { [T in TopicName]: { readonly topic: T; readonly event: EventOf<T> } }[TopicName];

/** Builds a MappedEvent with the event type checked against the topic. */
export const mapped = <T extends TopicName>(topic: T, event: EventOf<T>): MappedEvent => ({ topic, event }) as MappedEvent;

export interface MapContext {
  /** Prefix of every id minted for this file, e.g. `paysim.PS_log_head19999`. */
  readonly idPrefix: string;
  /** `source` envelope field of every event, e.g. `import:paysim`. */
  readonly source: string;
}

export interface RowMapper {
  /** The events of one row, in the order they should be written; throws ImportRowError when the row cannot be mapped. */
  map(row: SourceRow): MappedEvent[];
}

export interface Importer {
  readonly name: DatasetName;
  readonly description: string;
  /** Topic a row belongs to first (transactions, applications, repayments); dead letters name it as `originalTopic`. */
  readonly primaryTopic: TopicName;
  /** Every topic the importer writes, primary first. */
  readonly topics: readonly TopicName[];
  readonly columns: readonly ColumnSpec[];
  /** A mapper with fresh per-file state. */
  createMapper(context: MapContext): RowMapper;
}
