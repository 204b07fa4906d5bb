/**
 * Prometheus metrics of the ClickHouse writers, names as constants in one place. Labelled by
 * table only (never an entity id). One set per registry, shared by every writer in it.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export const CLICKHOUSE_METRIC = {
  rowsWritten: 'fengkong_clickhouse_rows_written_total',
  inserts: 'fengkong_clickhouse_inserts_total',
  insertErrors: 'fengkong_clickhouse_insert_errors_total',
  rowsRejected: 'fengkong_clickhouse_rows_rejected_total',
  insertSeconds: 'fengkong_clickhouse_insert_duration_seconds',
  bufferedRows: 'fengkong_clickhouse_buffered_rows',
  bufferedBytes: 'fengkong_clickhouse_buffered_bytes',
  backpressureWaits: 'fengkong_clickhouse_backpressure_waits_total',
} as const;

export interface ClickHouseMetrics {
  readonly rowsWritten: Counter<'table'>;
  readonly inserts: Counter<'table'>;
  readonly insertErrors: Counter<'table' | 'retriable'>;
  readonly rowsRejected: Counter<'table'>;
  readonly insertSeconds: Histogram<'table'>;
  readonly bufferedRows: Gauge<'table'>;
  readonly bufferedBytes: Gauge<'table'>;
  readonly backpressureWaits: Counter<'table'>;
}

const byRegistry = new WeakMap<Registry, ClickHouseMetrics>();

/** The writers' metrics registered in `registry` (created on first call, then reused). */
export function clickHouseMetrics(registry: Registry): ClickHouseMetrics {
  const existing = byRegistry.get(registry);
  if (existing) return existing;
  const registers = [registry];
  const m: ClickHouseMetrics = {
    rowsWritten: new Counter({ name: CLICKHOUSE_METRIC.rowsWritten, help: 'Rows durably inserted into ClickHouse', labelNames: ['table'], registers }),
    inserts: new Counter({ name: CLICKHOUSE_METRIC.inserts, help: 'Successful INSERT statements', labelNames: ['table'], registers }),
    insertErrors: new Counter({ name: CLICKHOUSE_METRIC.insertErrors, help: 'Failed INSERT attempts', labelNames: ['table', 'retriable'], registers }),
    rowsRejected: new Counter({ name: CLICKHOUSE_METRIC.rowsRejected, help: 'Rows dropped after a non-retriable insert error', labelNames: ['table'], registers }),
    insertSeconds: new Histogram({ name: CLICKHOUSE_METRIC.insertSeconds, help: 'Wall time of one INSERT', labelNames: ['table'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers }),
    bufferedRows: new Gauge({ name: CLICKHOUSE_METRIC.bufferedRows, help: 'Rows waiting in the writer buffer', labelNames: ['table'], registers }),
    bufferedBytes: new Gauge({ name: CLICKHOUSE_METRIC.bufferedBytes, help: 'Encoded bytes waiting in the writer buffer', labelNames: ['table'], registers }),
    backpressureWaits: new Counter({ name: CLICKHOUSE_METRIC.backpressureWaits, help: 'add() calls that had to wait for buffer space', labelNames: ['table'], registers }),
  };
  byRegistry.set(registry, m);
  return m;
}
