import type { Command } from 'commander';
import { stat } from 'node:fs/promises';
import { SingleBar, Presets } from 'cli-progress';
import { loadConfig } from '../../lib/config.ts';
import { createLogger } from '../../lib/logger.ts';
import { isTopicName, TOPICS, type TopicName } from '../../schemas/topics.ts';
import { validateRecord } from '../../schemas/validator.ts';
import { createProducer, topicName } from '../../pipelines/kafka/factory.ts';
import type { EventProducer, OutgoingRecord } from '../../pipelines/kafka/types.ts';
import { recordsOfFile } from '../../pipelines/replayFile.ts';
import { buildRuntime } from '../../pipelines/runtime.ts';
import { RunningSummary } from '../../pipelines/summary.ts';

/** Partition key of a raw record: the contract's key when it parses, else null (any partition; it will be dead-lettered). */
function keyOf(topic: TopicName, bytes: Buffer): string | null {
  const result = validateRecord(topic, bytes);
  return result.ok ? (TOPICS[topic].key as (e: unknown) => string)(result.value) : null;
}

async function produceFile(producer: EventProducer, file: string, topic: TopicName, prefix: string, bar: SingleBar): Promise<number> {
  let batch: OutgoingRecord[] = [];
  let sent = 0;
  for await (const bytes of recordsOfFile(file)) {
    batch.push({ topic: prefix + topic, key: keyOf(topic, bytes), value: bytes });
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

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('replay a JSONL or CSV file into a topic: to Kafka when KAFKA_BROKERS is set, else through the embedded pipeline (then exits with totals)')
    .argument('<file>', 'JSONL (one event per line) or CSV (dotted headers nest)')
    .requiredOption('--topic <topic>', `input topic: ${Object.values(TOPICS).filter((t) => t.direction === 'input').map((t) => t.name).join(', ')}`)
    .action(async (file: string, opts: { topic: string }) => {
      if (!isTopicName(opts.topic) || TOPICS[opts.topic].direction !== 'input') {
        console.error(`unknown input topic '${opts.topic}'`);
        process.exitCode = 2;
        return;
      }
      const topic = opts.topic;
      await stat(file).catch(() => {
        throw new Error(`cannot read ${file}: check the path`);
      });
      const config = loadConfig();
      const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
      const bar = new SingleBar({ format: 'replay {bar} {value} records | {duration}s', stream: process.stderr }, Presets.shades_classic);
      bar.start(0, 0);
      if (config.KAFKA_BROKERS) {
        const producer = await createProducer(config, 'fengkong-replay', { logger });
        await producer.connect();
        try {
          const sent = await produceFile(producer, file, topic, config.KAFKA_TOPIC_PREFIX, bar);
          bar.stop();
          process.stdout.write(`produced: ${sent}\ntopic: ${topicName(config, topic)}\n`);
        } finally {
          await producer.disconnect();
        }
        return;
      }
      const summary = new RunningSummary();
      const runtime = await buildRuntime(config, { logger, onBatch: (b) => summary.add(b) });
      try {
        await runtime.processor.start();
        const sent = await produceFile(runtime.producer, file, topic, config.KAFKA_TOPIC_PREFIX, bar);
        bar.stop();
        while (summary.events < sent) await new Promise((r) => setTimeout(r, 100));
      } finally {
        await runtime.close();
      }
      process.stdout.write(summary.totals());
    });
}
