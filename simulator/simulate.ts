/**
 * The simulator's entry point: builds the world stage by stage and returns every input-topic
 * event (sorted by event time per topic) with the ground truth. Pure function of its options:
 * no clock, no Math.random, so the same seed gives the same bytes.
 */
import type { EventOf } from '../schemas/topics.ts';
import { AccountStage } from './accounts.ts';
import { ApplicationStage } from './applications.ts';
import { planBureau } from './bureau.ts';
import { Emitter, SIM_TOPICS, type SimTopic } from './emitter.ts';
import { assignFates } from './fates.ts';
import { emitGraph } from './graph.ts';
import { Uniques } from './identity.ts';
import { emitInvoices } from './invoices.ts';
import { emitLabels } from './labels.ts';
import { createBackBook, planRepayments } from './loans.ts';
import { resolveOptions, type ResolvedOptions, type SimulationOptions } from './params.ts';
import { buildPopulation } from './population.ts';
import { Rng } from './rng.ts';
import { SalesModel } from './sales.ts';
import { SignalStage } from './signals.ts';
import { planTakeovers } from './takeovers.ts';
import { buildTruth, type SimulationTruth } from './truth.ts';
import type { World } from './world.ts';

export type SimulatedEvents = { [T in SimTopic]: Array<EventOf<T>> };

export interface SimulationOutput {
  readonly options: ResolvedOptions;
  /** Events per input topic, each sorted by eventTime. */
  readonly events: SimulatedEvents;
  readonly truth: SimulationTruth;
}

/** One event of the merged stream. */
export interface TimedEvent<T extends SimTopic = SimTopic> {
  readonly topic: T;
  readonly event: EventOf<T>;
}

/** Runs the generating model. Throws RangeError on bad options. */
export function simulate(options: SimulationOptions): SimulationOutput {
  const resolved = resolveOptions(options);
  const progress = options.onProgress ?? (() => undefined);
  const runId = `s${resolved.seed}`;
  const world: World = {
    options: resolved,
    rng: Rng.from(resolved.seed, 'fengkong-simulator'),
    uniques: new Uniques(),
    emitter: new Emitter(runId, resolved.startMs, resolved.endMs),
    persons: [], enterprises: [], accounts: [], applications: [], loans: [], rings: [], circles: [], guaranteePairs: [],
    fraudTxns: [], lookAlikes: [],
    shared: { publicIps: [], branches: [], partner: { device: '', ip: '' }, offices: [] },
  };
  const sales = new SalesModel(world);

  progress('population', 0, 1);
  buildPopulation(world);
  assignFates(world);
  emitGraph(world);
  createBackBook(world);
  planBureau(world);
  progress('applications', 0, 1);
  new ApplicationStage(world, sales).run();
  for (const loan of world.loans) planRepayments(world, loan);
  new SignalStage(world, sales).run();
  planTakeovers(world);
  emitInvoices(world, sales);
  new AccountStage(world, sales).run((done, total) => progress('transactions', done, total));
  emitLabels(world);
  progress('sorting', 0, 1);
  const events = world.emitter.finish();
  const counts = Object.fromEntries(SIM_TOPICS.map((t) => [t, events[t].length])) as Record<SimTopic, number>;
  return { options: resolved, events, truth: buildTruth(world, counts) };
}

const timeOf = (e: { eventTime: string }): number => Date.parse(e.eventTime);

/**
 * Every event of every topic merged in event-time order (ties: topic order of SIM_TOPICS, then
 * file order), for live feeding of a pipeline or producing to Kafka.
 */
export function* eventsInTimeOrder(output: Pick<SimulationOutput, 'events'>): Generator<TimedEvent> {
  const cursors = SIM_TOPICS.map((topic) => ({ topic, list: output.events[topic] as Array<{ eventTime: string }>, i: 0 }));
  const heads = cursors.map((c) => (c.list.length > 0 ? timeOf(c.list[0] as { eventTime: string }) : Infinity));
  for (;;) {
    let best = -1;
    let bestTime = Infinity;
    for (let k = 0; k < heads.length; k++) {
      const t = heads[k] as number;
      if (t < bestTime) {
        bestTime = t;
        best = k;
      }
    }
    if (best < 0) return;
    const c = cursors[best] as (typeof cursors)[number];
    const event = c.list[c.i++] as EventOf<SimTopic>;
    heads[best] = c.i < c.list.length ? timeOf(c.list[c.i] as { eventTime: string }) : Infinity;
    yield { topic: c.topic, event } as TimedEvent;
  }
}

/** Total number of events in an output. */
export const eventCount = (output: Pick<SimulationOutput, 'events'>): number => SIM_TOPICS.reduce((n, t) => n + output.events[t].length, 0);
