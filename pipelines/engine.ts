/**
 * The scoring engine: composes the detectors for one consumer batch.
 *   graph (apply + application checks) → loan states → models (one run per model per batch)
 *   → rules → decisions (applications) / early warning (loan events) → scores.
 * The pure logic lives in detectors/; this module only wires it and owns nothing but the order.
 * A failing model yields a typed error score and the decision treats it as unknown
 * (conventions 5), never a lost event.
 */
import type { KnowledgeGraph } from '../detectors/graph/knowledgeGraph.ts';
import { buildModelInputs } from '../detectors/modelInputs.ts';
import type { GraphSignals } from '../detectors/graph/types.ts';
import type { ModelSet } from '../detectors/models/modelSet.ts';
import type { RowScore } from '../detectors/models/runner.ts';
import type { RuleSetManager } from '../detectors/rules/manager.ts';
import type { RuleHitRecord } from '../detectors/rules/ruleSet.ts';
import { actingPoints } from '../detectors/rules/hits.ts';
import { listContext } from '../detectors/rules/listContext.ts';
import { decide } from '../detectors/decision/decide.ts';
import { reviewAlert } from '../detectors/decision/reviewAlert.ts';
import type { DecisionConfig } from '../detectors/decision/config.ts';
import { evaluateWarnings } from '../detectors/warning/evaluate.ts';
import { alertsFromRuleHits } from '../detectors/warning/ruleAlerts.ts';
import type { WarningConfig } from '../detectors/warning/config.ts';
import type { RelatedParty, WarningContext, WarningInput } from '../detectors/warning/context.ts';
import { enterprisesRelatedTo, RELATED_PARTY_UPDATE_KINDS, relationTo } from '../detectors/warning/relatedParties.ts';
import type { WarningAlert } from '../detectors/warning/alert.ts';
import type { ListHit } from '../features/types.ts';
import type { EventOf, TopicName } from '../schemas/topics.ts';
import type { Alert, Score } from '../schemas/topics/outputs.ts';
import type { ReasonCode } from '../schemas/common.ts';
import type { Static } from '@sinclair/typebox';
import type { LoanBook, LoanContexts, StoredLoan } from './state/loanBook.ts';
import type { FeatureValues, ScoringEngine, ScoringInput, ScoringOutput } from './processor.ts';

type Reason = Static<typeof ReasonCode>;

/** Names the rule set reads (`models.<name>`) and decisions refer to. */
export const MODEL_NAMES = {
  applicationFraud: 'application_fraud',
  transactionFraud: 'transaction_fraud',
  defaultPd: 'default_pd',
} as const;

/** The model directory (models/<dir>/) serving each rule-facing name. */
export const MODEL_DIRECTORIES: Readonly<Record<string, string>> = {
  application_fraud: 'application_fraud',
  transaction_fraud: 'transaction_fraud',
  default_pd: 'pd_30d',
};

/** Topics that are scored; labels and collection outcomes only feed the graph and the decision log. */
const SCORED: ReadonlySet<TopicName> = new Set(['applications', 'transactions', 'repayments', 'enterprise-updates']);

export interface EngineOptions {
  readonly rules: RuleSetManager;
  readonly graph: KnowledgeGraph;
  readonly models?: ModelSet;
  readonly loans: LoanBook;
  readonly decisionConfig: DecisionConfig;
  readonly warningConfig: WarningConfig;
  /**
   * Transaction-fraud score at or above which a transaction_fraud alert is raised. Default: the
   * serving model's own `thresholds.alert` (its manifest: chosen on validation data for the
   * investigators' capacity), so a retrained model brings its threshold along.
   */
  readonly transactionFraudAlertAt?: number;
  /** Application-fraud score at or above which an application_fraud alert goes to fraud investigation (default: as above). */
  readonly applicationFraudAlertAt?: number;
  readonly now?: () => Date;
}

/** Most related borrowers one lawsuit or listing reaches (the rest are left to the graph's own risk spread). */
const RELATED_BORROWERS_CAP = 50;

interface RelatedContext {
  /** Per outgoing transfer asked about: how its counterparty relates to the borrower (null: unrelated). */
  readonly counterparty: ReadonlyMap<number, RelatedParty | null>;
  /** Per lawsuit or listing: live loans of borrowers related to its enterprise. */
  readonly borrowers: ReadonlyMap<number, ReadonlyArray<{ readonly loan: StoredLoan; readonly party: RelatedParty }>>;
}

interface ModelOutcome {
  readonly byInput: Map<number, RowScore>;
}

const entityOf = (topic: TopicName, event: EventOf<TopicName>): { type: string; id: string } => {
  switch (topic) {
    case 'applications':
      return { type: 'application', id: (event as EventOf<'applications'>).applicationId };
    case 'repayments':
      return { type: 'loan', id: (event as EventOf<'repayments'>).loanId };
    case 'transactions': {
      const t = event as EventOf<'transactions'>;
      return t.enterpriseId ? { type: 'enterprise', id: t.enterpriseId } : { type: 'account', id: t.accountId };
    }
    case 'enterprise-updates':
      return { type: 'enterprise', id: (event as EventOf<'enterprise-updates'>).enterpriseId };
    default:
      return { type: 'event', id: event.eventId };
  }
};

export class DetectorEngine implements ScoringEngine {
  constructor(private readonly o: EngineOptions) {}

  async scoreBatch(inputs: readonly ScoringInput[]): Promise<ScoringOutput[]> {
    const now = (this.o.now?.() ?? new Date()).toISOString();
    const { vectors, graphSignals: signals } = await buildModelInputs(this.o.graph, inputs);
    const loanContexts = await this.o.loans.applyBatch(inputs.map((i) => ({ topic: i.topic, event: i.event }) as Parameters<LoanBook['applyBatch']>[0][number]));

    const related = await this.#relatedParties(inputs, loanContexts.before);

    const appFraud = await this.#runModel(MODEL_NAMES.applicationFraud, vectors, (n) => inputs[n]!.topic === 'applications');
    const txnFraud = await this.#runModel(MODEL_NAMES.transactionFraud, vectors, (n) => inputs[n]!.topic === 'transactions');
    const defaultPd = await this.#runModel(MODEL_NAMES.defaultPd, vectors, (n) => {
      const topic = inputs[n]!.topic;
      return topic === 'applications' || (SCORED.has(topic) && (loanContexts.before[n]?.length ?? 0) > 0) || topic === 'repayments';
    });

    const outputs: ScoringOutput[] = [];
    const seenAlerts = new Set<string>();
    for (let n = 0; n < inputs.length; n++) {
      const input = inputs[n]!;
      if (!SCORED.has(input.topic)) {
        outputs.push({ alerts: [] });
        continue;
      }
      const modelScores = [appFraud.byInput.get(n), txnFraud.byInput.get(n), defaultPd.byInput.get(n)].filter((m): m is RowScore => m !== undefined);
      const modelValues: Record<string, number | null> = {};
      const byName = (o: ModelOutcome) => o.byInput.get(n)?.champion.score ?? null;
      modelValues[MODEL_NAMES.applicationFraud] = byName(appFraud);
      modelValues[MODEL_NAMES.transactionFraud] = byName(txnFraud);
      modelValues[MODEL_NAMES.defaultPd] = byName(defaultPd);
      const lists = listContext((input.listHits as readonly ListHit[]) ?? []);
      const graphSignals = signals.get(n);
      const evaluation = this.o.rules.evaluate(
        { event: input.event, features: vectors[n], lists, graph: graphSignals ? { ...graphSignals } : {}, models: modelValues },
        input.topic,
      );
      const hits = evaluation.hits;
      const modelReasons = modelScores.flatMap((m) => m.reasons).slice(0, 5);
      const alerts: Alert[] = [];
      const alertHints: Array<{ alertId: string; dedupKey: string; cooldownSeconds: number }> = [];
      let decision: ScoringOutput['decision'];

      if (input.topic === 'applications') {
        const app = input.event as EventOf<'applications'>;
        const f = vectors[n] ?? {};
        const outcome = decide(
          {
            application: app,
            decidedAt: now,
            probabilityOfDefault: modelValues[MODEL_NAMES.defaultPd] ?? null,
            fraudScore: modelValues[MODEL_NAMES.applicationFraud] ?? null,
            modelVersions: Object.fromEntries(modelScores.map((m) => [m.champion.model, m.champion.version])),
            modelReasons,
            lists,
            enterprise: {
              dishonestDebtor: (f['enterprise.dishonest_active'] ?? 0) > 0,
              abnormalOperation: (f['enterprise.abnormal_listings_all'] ?? 0) > 0,
            },
            invoices: invoiceSales(f),
            existingExposure: f['enterprise.outstanding_principal_last'] ?? 0,
            rules: { ruleSetVersion: evaluation.ruleSetVersion, hits, describe: (id) => this.o.rules.active?.rule(id)?.description },
          },
          this.o.decisionConfig,
        );
        decision = outcome.decision;
        // Manual and careful review tiers go to the manual credit review queue as an alert.
        const review = reviewAlert({ decision: outcome.decision, sourceEventId: app.eventId, requestedAmount: app.requestedAmount, raisedAt: now });
        if (review) {
          alerts.push(review.alert);
          alertHints.push({ alertId: review.alert.alertId, dedupKey: review.dedupKey, cooldownSeconds: review.cooldownSeconds });
        }
        const fraud = modelValues[MODEL_NAMES.applicationFraud];
        if (fraud !== null && fraud !== undefined && fraud >= (this.o.applicationFraudAlertAt ?? this.#alertThreshold(MODEL_NAMES.applicationFraud) ?? this.o.decisionConfig.fraud.carefulReviewAt)) {
          alerts.push(fraudAlert('application_fraud', app.eventId, now, fraud, { applicationId: app.applicationId, enterpriseId: app.enterpriseId }, modelReasons));
        }
      } else {
        const own: ReadonlyArray<StoredLoan | null> = loanContexts.before[n]?.length ? loanContexts.before[n]! : [null];
        // The event's own loans, then live loans of borrowers the graph relates the event's
        // enterprise to (a lawsuit or listing of a shareholder reaches the borrower's loans).
        const targets: Array<{ loan: StoredLoan | null; graph?: WarningContext['graph'] }> = [
          ...own.map((loan) => ({ loan, ...(related.counterparty.has(n) ? { graph: { counterparty: related.counterparty.get(n) ?? null } } : {}) })),
          ...(related.borrowers.get(n) ?? []).map((r) => ({ loan: r.loan, graph: { subject: r.party } })),
        ];
        for (const { loan, graph } of targets) {
          const ctx: WarningContext = {
            input: { topic: input.topic, event: input.event } as WarningInput,
            loan,
            features: vectors[n],
            ...(graph ? { graph } : {}),
            probabilityOfDefault: graph?.subject ? null : (modelValues[MODEL_NAMES.defaultPd] ?? null),
            raisedAt: now,
          };
          const warnings: WarningAlert[] = [...evaluateWarnings(ctx, this.o.warningConfig)];
          const active = this.o.rules.active;
          if (active) warnings.push(...alertsFromRuleHits(hits, active, ctx, this.o.warningConfig));
          for (const w of warnings) {
            if (seenAlerts.has(w.alert.alertId)) continue;
            seenAlerts.add(w.alert.alertId);
            alerts.push(w.alert);
            alertHints.push({ alertId: w.alert.alertId, dedupKey: w.dedupKey, cooldownSeconds: w.cooldownSeconds });
          }
        }
        const fraud = modelValues[MODEL_NAMES.transactionFraud];
        if (input.topic === 'transactions' && fraud !== null && fraud !== undefined && fraud >= (this.o.transactionFraudAlertAt ?? this.#alertThreshold(MODEL_NAMES.transactionFraud) ?? 0.9)) {
          const t = input.event as EventOf<'transactions'>;
          alerts.push(fraudAlert('transaction_fraud', t.eventId, now, fraud, { ...(t.loanId ? { loanId: t.loanId } : {}), ...(t.enterpriseId ? { enterpriseId: t.enterpriseId } : {}) }, modelReasons));
        }
      }

      outputs.push({ score: this.#score(input, vectors[n] ?? {}, modelScores, hits, modelReasons, now), ...(decision ? { decision } : {}), alerts, alertHints });
    }
    return outputs;
  }

  /**
   * Graph context of the related-party signals, asked only by the events that can raise them:
   * an outgoing transfer of a borrower to a known enterprise, large enough to matter (how the
   * counterparty relates to the borrower), and a lawsuit or listing of an enterprise (which
   * other borrowers it relates to, with their live loans). Every query is bounded by the graph's
   * traversal limits.
   */
  async #relatedParties(inputs: readonly ScoringInput[], before: LoanContexts['before']): Promise<RelatedContext> {
    const w = this.o.warningConfig;
    const counterparty = new Map<number, RelatedParty | null>();
    const borrowers = new Map<number, Array<{ loan: StoredLoan; party: RelatedParty }>>();
    await Promise.all(inputs.map(async (input, n) => {
      if (input.topic === 'transactions') {
        const t = input.event as EventOf<'transactions'>;
        const borrower = before[n]?.[0]?.enterpriseId ?? t.enterpriseId;
        if (t.direction !== 'out' || !t.counterpartyEnterpriseId || !borrower || !before[n]?.length || t.amount < w.relatedPartyTransfer.minAmount) return;
        counterparty.set(n, await relationTo(this.o.graph, borrower, t.counterpartyEnterpriseId, w.relatedPartyTransfer.maxHops));
      } else if (input.topic === 'enterprise-updates') {
        const e = input.event as EventOf<'enterprise-updates'>;
        if (!RELATED_PARTY_UPDATE_KINDS.has(e.kind)) return;
        const maxHops = Math.max(w.newLawsuit.maxHops, w.relatedPartyListing.maxHops);
        const near = await enterprisesRelatedTo(this.o.graph, e.enterpriseId, maxHops, RELATED_BORROWERS_CAP);
        const loans = await this.o.loans.liveLoansOf(near);
        const found: Array<{ loan: StoredLoan; party: RelatedParty }> = [];
        // One path query per related borrower, however many live loans it has.
        const relations = new Map<string, RelatedParty | null>();
        for (const loan of loans) {
          if (!loan.enterpriseId) continue;
          if (!relations.has(loan.enterpriseId)) relations.set(loan.enterpriseId, await relationTo(this.o.graph, loan.enterpriseId, e.enterpriseId, maxHops));
          const party = relations.get(loan.enterpriseId);
          if (party) found.push({ loan, party });
        }
        if (found.length > 0) borrowers.set(n, found);
      }
    }));
    return { counterparty, borrowers };
  }

  /** The runner serving a rule-facing model name (its models/ directory may differ). */
  #runner(name: string) {
    return this.o.models?.runner(MODEL_DIRECTORIES[name] ?? name);
  }

  /** The serving champion's alert threshold from its manifest, if a model is loaded. */
  #alertThreshold(name: string): number | undefined {
    return this.#runner(name)?.pair.champion.manifest.thresholds?.alert;
  }

  async #runModel(name: string, vectors: readonly FeatureValues[], select: (n: number) => boolean): Promise<ModelOutcome> {
    const runner = this.#runner(name);
    const byInput = new Map<number, RowScore>();
    if (!runner) return { byInput };
    const indexes = vectors.flatMap((_, n) => (select(n) ? [n] : []));
    if (indexes.length === 0) return { byInput };
    const scores = await runner.score(indexes.map((n) => vectors[n] ?? {}));
    indexes.forEach((n, k) => {
      const s = scores[k];
      if (s) byInput.set(n, s);
    });
    return { byInput };
  }

  #score(input: ScoringInput, features: FeatureValues, models: readonly RowScore[], hits: readonly RuleHitRecord[], reasons: readonly Reason[], now: string): Score {
    const entity = entityOf(input.topic, input.event);
    const records = models.flatMap((m) => (m.challenger ? [m.champion, m.challenger] : [m.champion]));
    const best = Math.max(0, ...models.map((m) => m.champion.score ?? 0));
    const riskScore = Math.max(0, Math.min(1000, Math.round(best * 1000) + actingPoints(hits)));
    const anyError = records.some((r) => r.status === 'error');
    const snapshot: Record<string, number | null> = {};
    for (const [k, v] of Object.entries(features)) snapshot[k] = v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? null : v;
    return {
      eventId: `score:${input.event.eventId}`.slice(0, 128),
      schemaVersion: 1,
      eventTime: input.event.eventTime,
      source: 'fengkong-scorer',
      scoreId: `score:${input.event.eventId}`.slice(0, 128),
      inputEventId: input.event.eventId,
      inputTopic: input.topic,
      entityType: entity.type,
      entityId: entity.id.slice(0, 128),
      status: anyError ? 'degraded' : 'ok',
      riskScore,
      models: records,
      ruleHits: [...hits],
      features: snapshot,
      reasons: [...reasons, ...hits.filter((h) => !h.shadow).slice(0, 5).map((h) => ({ code: h.reasonCode, description: this.o.rules.active?.rule(h.ruleId)?.description ?? h.ruleId, value: h.ruleId }))].slice(0, 10),
    };
  }
}

/** Trailing invoice sales for the limit, from the registry's invoice features. */
function invoiceSales(f: FeatureValues): { months: number; salesAmount: number } | null {
  const months = f['enterprise.invoice_months_365d'];
  const sales = f['enterprise.invoice_sales_sum_365d'];
  return typeof months === 'number' && typeof sales === 'number' && months > 0 ? { months, salesAmount: sales } : null;
}

function fraudAlert(signal: 'application_fraud' | 'transaction_fraud', sourceEventId: string, now: string, score: number, refs: { applicationId?: string; loanId?: string; enterpriseId?: string }, reasons: readonly Reason[]): Alert {
  const label = signal === 'application_fraud' ? 'Application fraud score' : 'Transaction fraud score';
  return {
    eventId: `alert:${signal}:${sourceEventId}`.slice(0, 128),
    schemaVersion: 1,
    eventTime: now,
    source: 'fengkong-scorer',
    alertId: `alert:${signal}:${sourceEventId}`.slice(0, 128),
    signal,
    severity: score >= 0.95 ? 'critical' : 'high',
    ...refs,
    sourceEventId,
    why: [{ code: signal.toUpperCase(), description: `${label} is ${(score * 100).toFixed(1)}%`, value: Number(score.toFixed(4)) }, ...reasons.slice(0, 4)],
    raisedAt: now,
  };
}
