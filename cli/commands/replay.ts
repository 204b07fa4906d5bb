import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { stat } from 'node:fs/promises';
import { SingleBar, Presets } from 'cli-progress';
import { loadConfig, type FengkongConfig } from '../../lib/config.ts';
import { createLogger } from '../../lib/logger.ts';
import { INPUT_TOPICS, isTopicName, TOPICS, type TopicName } from '../../schemas/topics.ts';
import { createProducer, kafkaOptionsFromConfig, topicName } from '../../pipelines/kafka/factory.ts';
import { consumerLag, totalLag } from '../../pipelines/kafka/lag.ts';
import type { EventProducer, OutgoingRecord } from '../../pipelines/kafka/types.ts';
import { REPLAY_PACES, sendPaced, type ReplayPace } from '../../pipelines/pacedReplay.ts';
import { partitionKeyOf, recordsOfDirectory, recordsOfFile } from '../../pipelines/replayFile.ts';
import { buildRuntime } from '../../pipelines/runtime.ts';
import { RunningSummary } from '../../pipelines/summary.ts';

interface ReplayCommandOptions {
  topic?: string;
  dir?: string;
  pace: ReplayPace;
}

function pace(value: string): ReplayPace {
  if (!(REPLAY_PACES as readonly string[]).includes(value)) throw new InvalidArgumentError(`choose ${REPLAY_PACES.join(' or ')}`);
  return value as ReplayPace;
}

async function produceFile(producer: EventProducer, file: string, topic: TopicName, prefix: string, bar: SingleBar): Promise<number> {
  let batch: OutgoingRecord[] = [];
  let sent = 0;
  for await (const bytes of recordsOfFile(file)) {
    batch.push({ topic: prefix + topic, key: partitionKeyOf(topic, bytes), value: bytes });
    if (batch.length >= 500) {
      await producer.send(batch);
      sent += batch.length;
      bar.update(sent);
      batch = [];
    }
  }
  if (batch.length > 0) await producer.send(batch);
  sent += batch.length;
  bar.update(sent);
  return sent;
}

/**
 * Whether the processors of the deployment have handled everything on the input topics: their
 * consumer group (KAFKA_GROUP_ID) has committed up to the end of every input topic.
 */
export function kafkaGroupCaughtUp(config: FengkongConfig): () => Promise<boolean> {
  const inputs = INPUT_TOPICS.map((t) => topicName(config, t));
  return async () => totalLag(await consumerLag(kafkaOptionsFromConfig(config, 'fengkong-replay-lag'), config.KAFKA_GROUP_ID, inputs)) === 0;
}

/** Replays a directory's topic files together; returns once the processor has handled them (or, unpaced to Kafka, once produced). */
export async function replayDirectory(
  producer: EventProducer, dir: string, config: FengkongConfig, chosenPace: ReplayPace,
  bar: Pick<SingleBar, 'setTotal' | 'update'> | undefined,
  caughtUp: (sent: number) => boolean | Promise<boolean>, pollMs: number, hint: string,
): Promise<number> {
  const { records, perTopic } = await recordsOfDirectory(dir, config.KAFKA_TOPIC_PREFIX);
  if (records.length === 0) {
    throw new Error(`no topic files in ${dir}: expected <topic>.jsonl or <topic>.csv for ${INPUT_TOPICS.join(', ')}`);
  }
  process.stderr.write(`replay: ${Object.entries(perTopic).map(([t, n]) => `${t} ${n}`).join(', ')}; in event-time order${chosenPace === 'day' ? ', one day at a time' : ''}\n`);
  bar?.setTotal(records.length);
  await sendPaced(producer, records, { pace: chosenPace, caughtUp, pollMs, hint, onProgress: (sent) => bar?.update(sent) });
  return records.length;
}

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('replay a JSONL or CSV file into a topic, or a directory of topic files together in event-time order: to Kafka when KAFKA_BROKERS is set, else through the embedded pipeline (then exits with totals)')
    .argument('[file]', 'JSONL (one event per line) or CSV (dotted headers nest); with --topic')
    .option('--topic <topic>', `input topic of <file>: ${INPUT_TOPICS.join(', ')}`)
    .option('--dir <dir>', 'replay every <topic>.jsonl / <topic>.csv in the directory (as `fengkong import` writes them) together, merged in event-time order')
    .option('--pace <pace>', 'with --dir: `day` sends the next event-time day only once the processor has handled the day before (its consumer group has no lag, in Kafka mode), so features fed by labels see what was known each day; `none` sends all at once', pace, 'day')
    .addHelpText('after', [
      '',
      'Examples:',
      '  fengkong replay events/applications.jsonl --topic applications',
      '  fengkong import sba --file ../shared/data/sba/SBAcase.11.13.17.csv --out data/public/sbacase',
      '  fengkong replay --dir data/public/sbacase',
    ].join('\n'))
    .action(async (file: string | undefined, opts: ReplayCommandOptions) => {
      if ((file === undefined) === (opts.dir === undefined)) {
        console.error('give either <file> with --topic, or --dir <dir>');
        process.exitCode = 2;
        return;
      }
      let topic: TopicName | undefined;
      if (file !== undefined) {
        if (opts.topic === undefined || !isTopicName(opts.topic) || TOPICS[opts.topic].direction !== 'input') {
          console.error(`${opts.topic === undefined ? 'missing --topic' : `unknown input topic '${opts.topic}'`}: choose one of ${INPUT_TOPICS.join(', ')}`);
          process.exitCode = 2;
          return;
        }
        topic = opts.topic;
      }
      const source = file ?? (opts.dir as string);
      await stat(source).catch(() => {
        throw new Error(`cannot read ${source}: check the path`);
      });
      const config = loadConfig();
      const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
      const bar = new SingleBar({ format: 'replay {bar} {value}/{total} records | {duration}s', stream: process.stderr }, Presets.shades_classic);
      bar.start(0, 0);
      if (config.KAFKA_BROKERS) {
        const producer = await createProducer(config, 'fengkong-replay', { logger });
        await producer.connect();
        try {
          if (topic !== undefined) {
            const sent = await produceFile(producer, source, topic, config.KAFKA_TOPIC_PREFIX, bar);
            bar.stop();
            process.stdout.write(`produced: ${sent}\ntopic: ${topicName(config, topic)}\n`);
            return;
          }
          // The processors run elsewhere: caught up when their consumer group has no lag on the input topics.
          const sent = await replayDirectory(producer, source, config, opts.pace, bar, opts.pace === 'day' ? kafkaGroupCaughtUp(config) : () => true, 250,
            `is a processor of group ${config.KAFKA_GROUP_ID} running (fengkong start)? Without one, use --pace none`);
          bar.stop();
          process.stdout.write(`produced: ${sent}\n`);
        } finally {
          await producer.disconnect();
        }
        return;
      }
      const summary = new RunningSummary();
      const runtime = await buildRuntime(config, { logger, onBatch: (b) => summary.add(b) });
      try {
        await runtime.processor.start();
        if (topic !== undefined) {
          const sent = await produceFile(runtime.producer, source, topic, config.KAFKA_TOPIC_PREFIX, bar);
          bar.stop();
          while (summary.events < sent) await new Promise((r) => setTimeout(r, 100));
        } else {
          await replayDirectory(runtime.producer, source, config, opts.pace, bar, (sent) => summary.events >= sent, 2, 'the embedded processor stopped making progress; see its log (LOG_LEVEL=info)');
          bar.stop();
        }
      } finally {
        await runtime.close();
      }
      process.stdout.write(summary.totals());
    });
}
