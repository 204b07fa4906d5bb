/**
 * Backtest: replays the events stored in ClickHouse through a candidate rule set (and,
 * optionally, a candidate model) next to the live one, and reports alert volume, precision and
 * recall against the labels known now — before anything is deployed.
 *
 * What a replayed rule sees is what the scorer saw: the stored (pseudonymised) event, the
 * feature snapshot of its score, the graph signals in that snapshot (`graph.<signal>`,
 * booleans stored as 0/1 and turned back into booleans), list hits stored as `lists.<name>`
 * (when the scorer records them), and the champion model scores of the score (or the candidate
 * model's, re-scored on the same snapshot). Both rule sets run on that same context, so every
 * difference between them comes from the rules, not from the replay.
 *
 * An alert is an acting (non-shadow) hit whose action puts the case in front of a person or
 * stops it: `alert`, `review` or `reject`. An event is flagged when it has one. Against labels
 * (event_outcomes): bad = fraud confirmed on the event, its application or loan, or its loan
 * defaulted within the window after the event; good = the window has passed without either;
 * immature events count in the volume but not in precision or recall.
 */
import ort from 'onnxruntime-node';
import type { EvalContext } from '../detectors/rules/context.ts';
import type { CompiledRuleSet, RuleHitRecord } from '../detectors/rules/ruleSet.ts';
import type { LoadedModel } from '../detectors/models/loader.ts';
import { toMatrix } from '../detectors/models/runner.ts';
import { GRAPH_FEATURE_PREFIX } from '../detectors/graph/featureVector.ts';
import type { GraphSignals } from '../detectors/graph/types.ts';
import type { ClickHouseClient } from '../pipelines/clickhouse/types.ts';
import { isTopicName, type TopicName } from '../schemas/topics.ts';
import { precisionRecall, roc } from './metrics.ts';
import { chTime } from './time.ts';

/** Actions that make a hit an alert (see above). */
export const ALERT_ACTIONS: ReadonlySet<string> = new Set(['alert', 'review', 'reject']);
export const DEFAULT_WINDOW_DAYS = 90;
const SCORED_TOPICS = ['applications', 'transactions', 'repayments', 'enterprise-updates'] as const;
const DAY_MS = 86_400_000;

/** Graph signals that are booleans (stored as 0/1 in the feature snapshot). */
type BooleanSignal = { [K in keyof GraphSignals]: GraphSignals[K] extends boolean ? K : never }[keyof GraphSignals];
const BOOLEAN_SIGNALS = ['sharedCountsCapped', 'declaredPhoneMismatch', 'registryPhoneKnown', 'guaranteeCircle', 'truncated'] as const satisfies readonly BooleanSignal[];
// Fails to type-check when GraphSignals gains a boolean this list lacks.
type MissingBoolean = Exclude<BooleanSignal, (typeof BOOLEAN_SIGNALS)[number]>;
export const BOOLEAN_SIGNALS_COMPLETE: [MissingBoolean] extends [never] ? true : never = true;
const LIST_PREFIX = 'lists.';

/** One stored event as replayed. */
export interface ReplayEvent {
  readonly eventId: string;
  readonly topic: TopicName;
  readonly eventTime: Date;
  readonly context: EvalContext;
  /** Hits recorded when the event was scored (what actually ran). */
  readonly recordedHits: readonly RuleHitRecord[];
  readonly label: 'bad' | 'good' | 'immature';
}

export interface RuleSetTotals {
  readonly ruleSet: string;
  /** Alerts: (event, rule) pairs. */
  readonly alerts: number;
  readonly flaggedEvents: number;
  readonly alertsPerDay: number;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly precision: number;
  readonly recall: number;
  readonly byRule: ReadonlyArray<{ readonly ruleId: string; readonly alerts: number; readonly tp: number; readonly fp: number; readonly precision: number }>;
}

export interface BacktestReport {
  readonly from: Date;
  readonly to: Date;
  readonly events: number;
  readonly labelled: { readonly bad: number; readonly good: number; readonly immature: number };
  readonly windowDays: number;
  readonly live: RuleSetTotals;
  readonly candidate: RuleSetTotals;
  /** The live rule set's hits as recorded at scoring time (what actually ran), for comparison with its replay. */
  readonly recorded: RuleSetTotals;
  /** Alerts of the live set the candidate does not raise, and the reverse, by rule. */
  readonly missing: ReadonlyArray<{ readonly ruleId: string; readonly eventIds: readonly string[] }>;
  readonly added: ReadonlyArray<{ readonly ruleId: string; readonly eventIds: readonly string[] }>;
  /** Rule conditions that threw during the replay (a bug in the rule, counted as not hit). */
  readonly errors: ReadonlyArray<{ readonly ruleSet: string; readonly ruleId: string; readonly count: number }>;
  readonly model?: { readonly name: string; readonly version: string; readonly events: number; readonly liveAuc: number; readonly candidateAuc: number };
}

interface StoredRow {
  event_id: string;
  topic: string;
  event_time_text: string;
  payload: string;
  features: Record<string, number | null>;
  model_names: string[];
  model_scores: Array<number | null>;
  hit_rule_ids: string[];
  hit_actions: string[];
  hit_shadow: Array<boolean | number>;
  hit_rule_set: string[];
  hit_reason: string[];
  hit_severity: string[];
  hit_points: number[];
  fraud_at_text: string | null;
  default_at_text: string | null;
}

const msOf = (chText: string): number => Date.parse(`${chText.replace(' ', 'T')}Z`);

/** Splits the score's feature snapshot into the rule roots. */
export function contextOf(event: unknown, snapshot: Readonly<Record<string, number | null>>, models: Readonly<Record<string, number | null>>): EvalContext {
  const features: Record<string, number | null> = {};
  const graph: Record<string, number | boolean | null> = {};
  const lists: Record<string, number | boolean> = {};
  const booleans: ReadonlySet<string> = new Set(BOOLEAN_SIGNALS);
  for (const [k, v] of Object.entries(snapshot)) {
    if (k.startsWith(GRAPH_FEATURE_PREFIX)) {
      const name = k.slice(GRAPH_FEATURE_PREFIX.length);
      graph[name] = booleans.has(name) && v !== null ? v !== 0 : v;
    } else if (k.startsWith(LIST_PREFIX)) {
      if (v !== null) lists[k.slice(LIST_PREFIX.length)] = v;
    }
    // Graph values stay in features too: models read them there under their graph.* names.
    features[k] = v;
  }
  return { event, features, graph, lists, models };
}

/** Reads the stored events of [from, to) with their score context and outcome. */
export async function loadReplay(client: ClickHouseClient, o: { from: Date; to: Date; windowDays?: number; asOf?: Date }): Promise<ReplayEvent[]> {
  const windowMs = (o.windowDays ?? DEFAULT_WINDOW_DAYS) * DAY_MS;
  const asOf = (o.asOf ?? new Date()).getTime();
  const rows = await client.query<StoredRow>(
    `SELECT e.event_id AS event_id, e.topic AS topic, toString(e.event_time) AS event_time_text, e.payload AS payload,
            s.features AS features, s.model_names AS model_names, s.model_scores AS model_scores,
            s.hit_rule_ids AS hit_rule_ids, s.hit_actions AS hit_actions, s.hit_shadow AS hit_shadow, s.hit_rule_set AS hit_rule_set,
            s.hit_reason AS hit_reason, s.hit_severity AS hit_severity, s.hit_points AS hit_points,
            toString(o.fraud_at) AS fraud_at_text, toString(o.default_at) AS default_at_text
     FROM events AS e FINAL
     LEFT JOIN
     (
         SELECT input_event_id, features,
                arrayFilter((m, r) -> r = 'champion', models.model, models.role) AS model_names,
                arrayFilter((sc, r) -> r = 'champion', models.score, models.role) AS model_scores,
                rule_hits.rule_id AS hit_rule_ids, rule_hits.action AS hit_actions, rule_hits.shadow AS hit_shadow,
                rule_hits.rule_set_version AS hit_rule_set, rule_hits.reason_code AS hit_reason,
                rule_hits.severity AS hit_severity, rule_hits.points AS hit_points
         FROM scores FINAL
         WHERE event_time >= {from:DateTime64(3, 'UTC')} AND event_time < {to:DateTime64(3, 'UTC')}
     ) AS s ON s.input_event_id = e.event_id
     LEFT JOIN
     (
         SELECT event_id, fraud_at, default_at FROM event_outcomes
         WHERE event_time >= {from:DateTime64(3, 'UTC')} AND event_time < {to:DateTime64(3, 'UTC')}
     ) AS o ON o.event_id = e.event_id
     WHERE e.topic IN ({topics:Array(String)}) AND e.event_time >= {from:DateTime64(3, 'UTC')} AND e.event_time < {to:DateTime64(3, 'UTC')}
     ORDER BY e.event_time, e.event_id`,
    { from: chTime(o.from), to: chTime(o.to), topics: [...SCORED_TOPICS] },
  );
  return rows.flatMap((r): ReplayEvent[] => {
    if (!isTopicName(r.topic)) return [];
    const eventMs = msOf(r.event_time_text);
    const fraud = r.fraud_at_text !== null && r.fraud_at_text !== '';
    const defaultMs = r.default_at_text ? msOf(r.default_at_text) : null;
    const bad = fraud || (defaultMs !== null && defaultMs <= eventMs + windowMs);
    const label = bad ? 'bad' : eventMs + windowMs <= asOf ? 'good' : 'immature';
    const models: Record<string, number | null> = {};
    (r.model_names ?? []).forEach((m, i) => {
      models[m] = r.model_scores?.[i] ?? null;
    });
    const recordedHits: RuleHitRecord[] = (r.hit_rule_ids ?? []).map((ruleId, i) => ({
      ruleId,
      ruleSetVersion: r.hit_rule_set[i] ?? '',
      reasonCode: r.hit_reason[i] ?? '',
      severity: (r.hit_severity[i] ?? 'info') as RuleHitRecord['severity'],
      points: r.hit_points[i] ?? 0,
      action: r.hit_actions[i] ?? '',
      shadow: Boolean(r.hit_shadow[i]),
    }));
    return [{ eventId: r.event_id, topic: r.topic, eventTime: new Date(eventMs), context: contextOf(JSON.parse(r.payload) as unknown, r.features ?? {}, models), recordedHits, label }];
  });
}

/** Alerts of one event: the rule ids of its acting hits with an alerting action. */
const alertsOf = (hits: readonly RuleHitRecord[]): string[] => [...new Set(hits.filter((h) => !h.shadow && ALERT_ACTIONS.has(h.action)).map((h) => h.ruleId))];

function totals(name: string, events: readonly ReplayEvent[], alerts: ReadonlyMap<string, readonly string[]>, days: number): RuleSetTotals {
  let count = 0;
  let flagged = 0;
  const c = { tp: 0, fp: 0, fn: 0 };
  const byRule = new Map<string, { alerts: number; tp: number; fp: number }>();
  for (const e of events) {
    const rules = alerts.get(e.eventId) ?? [];
    count += rules.length;
    if (rules.length > 0) flagged++;
    if (e.label !== 'immature') {
      if (rules.length > 0 && e.label === 'bad') c.tp++;
      if (rules.length > 0 && e.label === 'good') c.fp++;
      if (rules.length === 0 && e.label === 'bad') c.fn++;
    }
    for (const r of rules) {
      const acc = byRule.get(r) ?? { alerts: 0, tp: 0, fp: 0 };
      acc.alerts++;
      if (e.label === 'bad') acc.tp++;
      if (e.label === 'good') acc.fp++;
      byRule.set(r, acc);
    }
  }
  return {
    ruleSet: name,
    alerts: count,
    flaggedEvents: flagged,
    alertsPerDay: days > 0 ? count / days : count,
    ...c,
    ...precisionRecall(c),
    byRule: [...byRule.entries()].map(([ruleId, a]) => ({ ruleId, ...a, precision: a.tp + a.fp === 0 ? Number.NaN : a.tp / (a.tp + a.fp) })).sort((a, b) => b.alerts - a.alerts || a.ruleId.localeCompare(b.ruleId)),
  };
}

/** The candidate model's scores for the events it applies to (its manifest's entity topic). */
async function rescore(model: LoadedModel, events: readonly ReplayEvent[]): Promise<Map<string, number>> {
  const topics: Record<LoadedModel['manifest']['entity'], readonly TopicName[]> = { application: ['applications'], transaction: ['transactions'], loan: ['repayments', 'transactions', 'enterprise-updates'] };
  const scoped = events.filter((e) => topics[model.manifest.entity].includes(e.topic) && model.manifest.name in (e.context.models ?? {}));
  const out = new Map<string, number>();
  const { manifest, session } = model;
  for (let i = 0; i < scoped.length; i += 1000) {
    const batch = scoped.slice(i, i + 1000);
    const matrix = toMatrix(batch.map((e) => e.context.features ?? {}), manifest.features);
    const result = await session.run({ [manifest.inputName]: new ort.Tensor('float32', matrix, [batch.length, manifest.features.length]) });
    const p = result[manifest.outputName]?.data;
    if (!(p instanceof Float32Array)) throw new Error(`model ${manifest.name} ${manifest.version}: output ${manifest.outputName} is not float32`);
    batch.forEach((e, k) => out.set(e.eventId, p[k] as number));
  }
  return out;
}

export interface BacktestOptions {
  readonly from: Date;
  readonly to: Date;
  readonly candidate: CompiledRuleSet;
  readonly live: CompiledRuleSet;
  readonly model?: LoadedModel;
  readonly windowDays?: number;
  readonly asOf?: Date;
}

/** Runs the backtest over already loaded events (see `loadReplay`). */
export async function backtestEvents(events: readonly ReplayEvent[], o: BacktestOptions): Promise<BacktestReport> {
  const days = (o.to.getTime() - o.from.getTime()) / DAY_MS;
  const candidateScores = o.model ? await rescore(o.model, events) : new Map<string, number>();
  const live = new Map<string, string[]>();
  const candidate = new Map<string, string[]>();
  const recorded = new Map<string, string[]>();
  const errors = new Map<string, number>();
  for (const e of events) {
    const liveResult = o.live.evaluate(e.context, e.topic);
    const score = candidateScores.get(e.eventId);
    const candidateContext = score === undefined || !o.model ? e.context : { ...e.context, models: { ...e.context.models, [o.model.manifest.name]: score } };
    const candidateResult = o.candidate.evaluate(candidateContext, e.topic);
    live.set(e.eventId, alertsOf(liveResult.hits));
    candidate.set(e.eventId, alertsOf(candidateResult.hits));
    recorded.set(e.eventId, alertsOf(e.recordedHits));
    for (const [set, result] of [[o.live.id, liveResult], [o.candidate.id, candidateResult]] as const) {
      for (const err of result.errors) errors.set(`${set}\t${err.ruleId}`, (errors.get(`${set}\t${err.ruleId}`) ?? 0) + 1);
    }
  }
  const diff = (a: ReadonlyMap<string, readonly string[]>, b: ReadonlyMap<string, readonly string[]>) => {
    const byRule = new Map<string, string[]>();
    for (const [eventId, rules] of a) {
      const other = new Set(b.get(eventId) ?? []);
      for (const r of rules) if (!other.has(r)) byRule.set(r, [...(byRule.get(r) ?? []), eventId]);
    }
    return [...byRule.entries()].map(([ruleId, eventIds]) => ({ ruleId, eventIds })).sort((x, y) => x.ruleId.localeCompare(y.ruleId));
  };
  const labelled = { bad: 0, good: 0, immature: 0 };
  for (const e of events) labelled[e.label]++;
  let model: BacktestReport['model'];
  if (o.model) {
    const name = o.model.manifest.name;
    const rows = events.filter((e) => candidateScores.has(e.eventId) && e.label !== 'immature' && typeof e.context.models?.[name] === 'number');
    const y = (e: ReplayEvent): 0 | 1 => (e.label === 'bad' ? 1 : 0);
    model = {
      name,
      version: o.model.manifest.version,
      events: rows.length,
      liveAuc: roc(rows.map((e) => ({ score: e.context.models?.[name] as number, y: y(e) }))).auc,
      candidateAuc: roc(rows.map((e) => ({ score: candidateScores.get(e.eventId) as number, y: y(e) }))).auc,
    };
  }
  return {
    from: o.from,
    to: o.to,
    events: events.length,
    labelled,
    windowDays: o.windowDays ?? DEFAULT_WINDOW_DAYS,
    live: totals(o.live.id, events, live, days),
    candidate: totals(o.candidate.id, events, candidate, days),
    recorded: totals('hits as they ran', events, recorded, days),
    missing: diff(live, candidate),
    added: diff(candidate, live),
    errors: [...errors.entries()].map(([k, count]) => {
      const [ruleSet, ruleId] = k.split('\t') as [string, string];
      return { ruleSet, ruleId, count };
    }),
    ...(model ? { model } : {}),
  };
}

/** Loads the events of the range from ClickHouse and backtests them. */
export async function backtest(client: ClickHouseClient, o: BacktestOptions): Promise<BacktestReport> {
  const events = await loadReplay(client, { from: o.from, to: o.to, ...(o.windowDays !== undefined ? { windowDays: o.windowDays } : {}), ...(o.asOf ? { asOf: o.asOf } : {}) });
  return backtestEvents(events, o);
}
