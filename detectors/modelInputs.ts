/**
 * The model input of each event in a consumer batch: its rolling features, its own event features
 * and, for applications, the graph checks' signals, merged into one flat vector.
 *
 * One function for the scorer and the training export, so the columns a model was fitted on are
 * the columns it is served: a feature added here reaches both, a model trained without it still
 * reads its own manifest's subset. The graph is updated from the batch first (an application's
 * checks must see the identifiers it shares with the other applications of the same batch).
 */
import type { KnowledgeGraph } from './graph/knowledgeGraph.ts';
import type { GraphEvent } from './graph/eventMutations.ts';
import { GRAPH_FEATURE_NAMES, GRAPH_FEATURE_PREFIX, toFeatureVector } from './graph/featureVector.ts';
import type { GraphSignals } from './graph/types.ts';
import { EVENT_FEATURE_NAMES, eventFeatures } from './eventFeatures.ts';
import { featureNames } from '../features/registry.ts';
import type { EventOf, TopicName } from '../schemas/topics.ts';

/** Every name a model or rule may read: the registry's rolling features, the event's own and the graph's. */
export const knownModelInputs = (): string[] => [...featureNames(), ...EVENT_FEATURE_NAMES, ...GRAPH_FEATURE_NAMES.map((n) => GRAPH_FEATURE_PREFIX + n)];

export type ModelVector = Record<string, number | null>;

export interface ModelInputEvent {
  readonly topic: TopicName;
  readonly event: EventOf<TopicName>;
  /** Rolling features the feature store returned for the event. */
  readonly features: ModelVector;
}

export interface ModelInputs {
  /** One vector per input, in input order. */
  readonly vectors: ModelVector[];
  /** Graph signals of the applications, by input index. */
  readonly graphSignals: Map<number, GraphSignals>;
}

/** Topics whose events change the knowledge graph. */
export const GRAPH_TOPICS: ReadonlySet<TopicName> = new Set(['applications', 'transactions', 'enterprise-updates', 'labels']);

export async function buildModelInputs(graph: KnowledgeGraph, inputs: readonly ModelInputEvent[]): Promise<ModelInputs> {
  const graphEvents = inputs.filter((i) => GRAPH_TOPICS.has(i.topic)).map((i) => ({ topic: i.topic, event: i.event }) as GraphEvent);
  if (graphEvents.length > 0) await graph.applyEvents(graphEvents);

  const appIndexes = inputs.flatMap((i, n) => (i.topic === 'applications' ? [n] : []));
  const results = appIndexes.length === 0 ? [] : await graph.checkApplications(appIndexes.map((n) => inputs[n]!.event as EventOf<'applications'>));
  const graphSignals = new Map<number, GraphSignals>();
  appIndexes.forEach((n, k) => {
    const r = results[k];
    if (r) graphSignals.set(n, r.signals);
  });

  const vectors = inputs.map((input, n) => {
    const signals = graphSignals.get(n);
    return { ...input.features, ...eventFeatures(input.topic, input.event), ...(signals ? toFeatureVector(signals) : {}) };
  });
  return { vectors, graphSignals };
}
