/** Log event names of prospect discovery and its processor, one place (convention 10). */
export const PROSPECT_LOG = {
  flagsSkipped: 'prospects.flags_skipped',
  invalidRecord: 'prospects.invalid_record',
  batchWritten: 'prospects.batch_written',
  restored: 'prospects.restored',
  sweep: 'prospects.sweep',
  sweepFailed: 'prospects.sweep_failed',
} as const;
