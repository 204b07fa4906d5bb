/**
 * Prometheus metrics of the prospects processor (one place, convention 10): base units, `_total`
 * counters, never an enterprise id as a label.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export const PROSPECT_METRIC = {
  events: 'fengkong_prospects_events_total',
  invalid: 'fengkong_prospects_invalid_records_total',
  rowsWritten: 'fengkong_prospects_rows_written_total',
  eligible: 'fengkong_prospects_eligible',
  batchSeconds: 'fengkong_prospects_batch_duration_seconds',
} as const;

export interface ProspectMetrics {
  readonly events: Counter<'topic'>;
  readonly invalid: Counter<'topic'>;
  readonly rowsWritten: Counter;
  /** Enterprises currently on the list (as this instance last evaluated them). */
  readonly eligible: Gauge;
  readonly batchSeconds: Histogram;
}

export function createProspectMetrics(registry: Registry): ProspectMetrics {
  return {
    events: new Counter({ name: PROSPECT_METRIC.events, help: 'Events folded into prospect discovery, by topic', labelNames: ['topic'], registers: [registry] }),
    invalid: new Counter({ name: PROSPECT_METRIC.invalid, help: 'Records prospect discovery skipped as invalid (the scorer dead-letters them)', labelNames: ['topic'], registers: [registry] }),
    rowsWritten: new Counter({ name: PROSPECT_METRIC.rowsWritten, help: 'Prospect rows written to ClickHouse', registers: [registry] }),
    eligible: new Gauge({ name: PROSPECT_METRIC.eligible, help: 'Enterprises on the prospect list as last evaluated', registers: [registry] }),
    batchSeconds: new Histogram({ name: PROSPECT_METRIC.batchSeconds, help: 'Time to fold, evaluate and write one consumer batch', buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry] }),
  };
}
