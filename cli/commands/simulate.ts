/**
 * `fengkong simulate`: generates the deterministic SME loan book and writes one JSONL file per
 * input topic plus truth.json (--out), and/or produces it live to Kafka (--kafka, --rate).
 * Progress bars go to stderr; a JSON summary goes to stdout.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import { loadConfig } from '../../lib/config.ts';
import { FengkongError, wrapError } from '../../lib/errors.ts';
import { createProducer } from '../../pipelines/kafka/factory.ts';
import { DEFAULT_ENTERPRISES, DEFAULT_START } from '../../simulator/params.ts';
import { produceSimulation } from '../../simulator/produce.ts';
import { eventCount, simulate, type SimulationOutput } from '../../simulator/simulate.ts';
import { writeSimulation } from '../../simulator/write.ts';

/**
 * The simulator only produces raw input events and never pseudonymises, but loadConfig insists
 * on a key once a broker is configured; this stands in when none is set.
 */
const UNUSED_PII_KEY = 'simulator-never-pseudonymises';

export interface SimulateCommandOptions {
  seed: number;
  days: number;
  out?: string;
  enterprises: number;
  start: string;
  kafka?: string;
  rate: number;
}

function integer(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`${name} must be an integer, got '${value}'.`);
    return n;
  };
}

function nonNegative(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`must be a number of events per second (0 = unthrottled), got '${value}'.`);
  return n;
}

function bar(label: string): cliProgress.SingleBar {
  return new cliProgress.SingleBar(
    { stream: process.stderr, format: `${label.padEnd(12)} [{bar}] {percentage}% | {value}/{total}`, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
}

/** Generates with a progress bar over the transaction stage (by far the longest). */
function generate(opts: SimulateCommandOptions): SimulationOutput {
  const progress = bar('generating');
  let started = false;
  try {
    return simulate({
      seed: opts.seed, days: opts.days, enterprises: opts.enterprises, start: opts.start,
      onProgress: (phase, done, total) => {
        if (phase !== 'transactions') return;
        if (!started) {
          progress.start(total, 0);
          started = true;
        }
        progress.update(done);
      },
    });
  } catch (cause) {
    if (cause instanceof RangeError) throw new FengkongError('fengkong:invalid-argument', `${cause.message}; see \`fengkong simulate --help\`.`);
    throw cause;
  } finally {
    progress.stop();
  }
}

async function produce(output: SimulationOutput, brokers: string, rate: number, env: NodeJS.ProcessEnv): Promise<number> {
  const config = loadConfig({ ...env, KAFKA_BROKERS: brokers, FENGKONG_PII_KEY: env.FENGKONG_PII_KEY ?? UNUSED_PII_KEY });
  const producer = await createProducer(config, 'fengkong-simulator');
  const total = eventCount(output);
  const progress = bar('producing');
  const abort = new AbortController();
  const onSigint = (): void => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    await producer.connect();
  } catch (cause) {
    process.off('SIGINT', onSigint);
    throw wrapError(`connecting to Kafka at ${brokers} (check the broker address and that it is running)`, cause);
  }
  progress.start(total, 0);
  try {
    return await produceSimulation(producer, output, {
      rate, topicPrefix: config.KAFKA_TOPIC_PREFIX, signal: abort.signal, onProgress: (sent) => progress.update(sent),
    });
  } catch (cause) {
    throw wrapError(`producing to Kafka at ${brokers}`, cause);
  } finally {
    progress.stop();
    process.off('SIGINT', onSigint);
    await producer.disconnect();
  }
}

/** Runs the command; returns the summary printed on stdout. `env` supplies the Kafka settings (KAFKA_CLIENT, KAFKA_TOPIC_PREFIX, TLS, SASL). */
export async function runSimulate(opts: SimulateCommandOptions, env: NodeJS.ProcessEnv = process.env): Promise<Record<string, unknown>> {
  if (!opts.out && !opts.kafka) {
    throw new FengkongError('fengkong:invalid-argument', 'give --out <dir> to write files, --kafka <brokers> to produce live, or both.');
  }
  const output = generate(opts);
  const summary: Record<string, unknown> = { seed: opts.seed, days: opts.days, enterprises: opts.enterprises, start: opts.start, events: output.truth.counts };
  if (opts.out) {
    const progress = bar('writing');
    progress.start(eventCount(output), 0);
    let written = 0;
    try {
      const files = await writeSimulation(opts.out, output, (n) => progress.update((written += n)));
      summary.files = files.files;
    } finally {
      progress.stop();
    }
  }
  if (opts.kafka) summary.produced = await produce(output, opts.kafka, opts.rate, env);
  return summary;
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('generate a deterministic SME loan book (one <topic>.jsonl per input topic + truth.json), or produce it live to Kafka')
    .requiredOption('--seed <n>', 'PRNG seed: the same seed and options give byte-identical output', integer('--seed'))
    .requiredOption('--days <d>', 'days to simulate from --start', integer('--days'))
    .option('--out <dir>', 'write <topic>.jsonl files and truth.json into this directory')
    .option('--enterprises <n>', 'enterprises in the population', integer('--enterprises'), DEFAULT_ENTERPRISES)
    .option('--start <YYYY-MM-DD>', 'first simulated day (UTC)', DEFAULT_START)
    .option('--kafka <brokers>', 'produce every topic live to these brokers, merged in event-time order')
    .option('--rate <events/s>', 'target produce rate with --kafka (0 = as fast as the broker acknowledges)', nonNegative, 1000)
    .addHelpText('after', '\nExamples:\n  fengkong simulate --seed 7 --days 90 --out data/sim\n  fengkong simulate --seed 7 --days 3 --enterprises 200 --kafka localhost:9092 --rate 500\n\nThe generating model and its parameters: docs/simulator.md')
    .action(async (opts: SimulateCommandOptions) => {
      const summary = await runSimulate(opts);
      process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    });
}
