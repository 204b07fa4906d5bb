/** Names of the alert queues' log events (kafkajs instrumentationEvents style). */
export const QUEUE_LOG = {
  invalidAlert: 'queues.invalid_alert_skipped',
  ingestFailed: 'queues.ingest_failed',
  sweepFailed: 'queues.sweep_failed',
  swept: 'queues.swept',
  mirrorFailed: 'queues.mirror_failed',
  mirrorRecovered: 'queues.mirror_pending_recovered',
  changeFeedFailed: 'queues.change_feed_failed',
  action: 'queues.action',
  denied: 'queues.denied',
  started: 'queues.started',
  demoTokens: 'queues.demo_tokens',
} as const;
