/**
 * Public API of the SME loan-book simulator (see docs/simulator.md): generate, iterate in event
 * time, write JSONL + truth.json, or produce to Kafka.
 */
export { simulate, eventsInTimeOrder, eventCount, type SimulationOutput, type SimulatedEvents, type TimedEvent } from './simulate.ts';
export { writeSimulation, type WrittenFiles } from './write.ts';
export { produceSimulation, toRecord, type ProduceOptions } from './produce.ts';
export { DEFAULT_PARAMS, DEFAULT_START, DEFAULT_ENTERPRISES, type ModelParams, type SimulationOptions, type ResolvedOptions } from './params.ts';
export { SIM_TOPICS, type SimTopic } from './emitter.ts';
export { SignalObserver, signalCount, OBSERVED_SIGNAL_NAMES, type ObservedSignals } from './observedSignals.ts';
export type { SimulationTruth, EnterpriseTruth, LoanTruth, ApplicationTruth, RingTruth } from './truth.ts';
