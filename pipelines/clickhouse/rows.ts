/**
 * Maps the platform's records (TypeBox contracts in schemas/) to decision-log table rows, in
 * one place next to the migrations they must match. Instants stay ISO strings (parsed with
 * `date_time_input_format = 'best_effort'`); absent optional ids become '' (the column default)
 * so the bloom-filter indexes need no Nullable; money is rounded to the fen, because a
 * Decimal(18, 2) column truncates extra digits.
 */
import type { CollectionOutcome } from '../../schemas/topics/collectionOutcome.ts';
import type { OutcomeLabel } from '../../schemas/topics/label.ts';
import type { Alert, DeadLetter, Decision, Score } from '../../schemas/topics/outputs.ts';
import type { ClickHouseRow } from './types.ts';

const money = (v: number | undefined): number | null => (v === undefined ? null : Math.round(v * 100) / 100);
const orEmpty = (v: string | undefined): string => v ?? '';
const codesOf = (reasons: ReadonlyArray<{ code: string }>): string[] => reasons.map((r) => r.code);

/** Envelope fields every input event has. */
export interface StoredInputEvent {
  readonly topic: string;
  readonly partition: number;
  /** Kafka offset as a decimal string ('' or '-1' when the event did not come from Kafka). */
  readonly offset: string;
  /** Partition key (pseudonymised). */
  readonly key: string;
  /** The validated, pseudonymised event. */
  readonly event: { readonly eventId: string; readonly eventTime: string; readonly schemaVersion: number; readonly source?: string };
}

/** `events` row: the pseudonymised input event, payload as JSON text. */
export function eventRow(e: StoredInputEvent): ClickHouseRow {
  const kind = (e.event as { kind?: unknown }).kind;
  return {
    topic: e.topic,
    event_id: e.event.eventId,
    event_time: e.event.eventTime,
    entity_key: e.key,
    kind: typeof kind === 'string' ? kind : '',
    schema_version: e.event.schemaVersion,
    source: orEmpty(e.event.source),
    payload: JSON.stringify(e.event),
    kafka_partition: e.partition,
    // Kept as a string: ClickHouse reads a quoted Int64 exactly, beyond 2^53.
    kafka_offset: /^-?\d+$/.test(e.offset) ? e.offset : '-1',
  };
}

/**
 * `scores` row. The Score contract has no top-level rule-set version; it is taken from the
 * rule hits (or given), and `scored_at` defaults to the insert time unless given.
 */
export function scoreRow(s: Score, options: { ruleSetVersion?: string; scoredAt?: Date } = {}): ClickHouseRow {
  const ruleSetVersion = options.ruleSetVersion ?? s.ruleHits.find((h) => !h.shadow)?.ruleSetVersion ?? s.ruleHits[0]?.ruleSetVersion ?? '';
  const row: Record<string, unknown> = {
    score_id: s.scoreId,
    event_id: s.eventId,
    input_event_id: s.inputEventId,
    topic: s.inputTopic,
    entity_type: s.entityType,
    entity_id: s.entityId,
    status: s.status,
    risk_score: s.riskScore,
    'models.model': s.models.map((m) => m.model),
    'models.version': s.models.map((m) => m.version),
    'models.role': s.models.map((m) => m.role),
    'models.score': s.models.map((m) => m.score),
    'models.status': s.models.map((m) => m.status),
    'models.error': s.models.map((m) => m.error ?? ''),
    'rule_hits.rule_id': s.ruleHits.map((h) => h.ruleId),
    'rule_hits.rule_set_version': s.ruleHits.map((h) => h.ruleSetVersion),
    'rule_hits.reason_code': s.ruleHits.map((h) => h.reasonCode),
    'rule_hits.severity': s.ruleHits.map((h) => h.severity),
    'rule_hits.points': s.ruleHits.map((h) => h.points),
    'rule_hits.action': s.ruleHits.map((h) => h.action),
    'rule_hits.shadow': s.ruleHits.map((h) => h.shadow),
    features: s.features,
    model_versions: Object.fromEntries(s.models.map((m) => [m.model, m.version])),
    rule_set_version: ruleSetVersion,
    reason_codes: codesOf(s.reasons),
    reasons: JSON.stringify(s.reasons),
    source: orEmpty(s.source),
    event_time: s.eventTime,
  };
  if (options.scoredAt) row.scored_at = options.scoredAt.toISOString();
  return row;
}

export function decisionRow(d: Decision): ClickHouseRow {
  return {
    decision_id: d.decisionId,
    event_id: d.eventId,
    application_id: d.applicationId,
    enterprise_id: d.enterpriseId,
    product: d.product,
    tier: d.tier,
    admission_passed: d.admissionPassed,
    credit_score: d.creditScore,
    probability_of_default: d.probabilityOfDefault,
    fraud_score: d.fraudScore,
    suggested_limit: money(d.suggestedLimit),
    suggested_annual_rate: d.suggestedAnnualRate,
    rule_set_version: d.ruleSetVersion,
    model_versions: d.modelVersions,
    reason_codes: codesOf(d.reasons),
    reasons: JSON.stringify(d.reasons),
    final: d.final,
    source: orEmpty(d.source),
    event_time: d.eventTime,
  };
}

export function alertRow(a: Alert): ClickHouseRow {
  return {
    alert_id: a.alertId,
    event_id: a.eventId,
    signal: a.signal,
    severity: a.severity,
    loan_id: orEmpty(a.loanId),
    application_id: orEmpty(a.applicationId),
    enterprise_id: orEmpty(a.enterpriseId),
    probability_of_default: a.probabilityOfDefault ?? null,
    exposure: money(a.exposure),
    days_past_due: a.daysPastDue ?? null,
    source_event_id: a.sourceEventId,
    why_codes: codesOf(a.why),
    why: JSON.stringify(a.why),
    raised_at: a.raisedAt,
    source: orEmpty(a.source),
    event_time: a.eventTime,
  };
}

export function labelRow(l: OutcomeLabel): ClickHouseRow {
  return {
    label_id: l.labelId,
    event_id: l.eventId,
    kind: l.kind,
    fraud_type: orEmpty(l.fraudType),
    ref_event_id: orEmpty(l.refEventId),
    application_id: orEmpty(l.applicationId),
    loan_id: orEmpty(l.loanId),
    alert_id: orEmpty(l.alertId),
    enterprise_id: orEmpty(l.enterpriseId),
    occurred_at: l.occurredAt,
    source: orEmpty(l.source),
    event_time: l.eventTime,
  };
}

export function collectionOutcomeRow(o: CollectionOutcome): ClickHouseRow {
  return {
    outcome_id: o.outcomeId,
    event_id: o.eventId,
    alert_id: o.alertId,
    loan_id: orEmpty(o.loanId),
    enterprise_id: orEmpty(o.enterpriseId),
    team: o.team,
    agent_id: o.agentId,
    outcome: o.outcome,
    promise_date: o.promiseDate ?? null,
    promise_amount: money(o.promiseAmount),
    paid_amount: money(o.paidAmount),
    note: orEmpty(o.note),
    source: orEmpty(o.source),
    event_time: o.eventTime,
  };
}

export function deadLetterRow(d: DeadLetter): ClickHouseRow {
  return {
    event_id: d.eventId,
    original_topic: d.originalTopic,
    original_partition: d.partition,
    original_offset: d.offset,
    stage: d.stage,
    error_class: d.errorClass,
    error_code: d.errorCode,
    field: orEmpty(d.field),
    reason: d.reason,
    original_base64: d.originalBase64,
    original_truncated: d.originalTruncated,
    original_size: d.originalSize,
    source: orEmpty(d.source),
    event_time: d.eventTime,
  };
}

/** One pipeline metric point. Labels are written canonically (sorted `k=v,k=v`). */
export function metricRow(p: { time: Date; processor: string; instance?: string; metric: string; labels?: Readonly<Record<string, string>>; value: number }): ClickHouseRow {
  const labels = Object.entries(p.labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${v}`).join(',');
  return { time: p.time.toISOString(), processor: p.processor, instance: p.instance ?? '', metric: p.metric, labels, value: p.value };
}
