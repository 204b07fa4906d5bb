/**
 * The in-process log of embedded mode (used when KAFKA_BROKERS is unset): one shared
 * `InProcessLog`, producers and consumers that implement pipelines/kafka/types.ts.
 */
import { join } from 'node:path';

export { InProcessLog, type InProcessLogOptions, type LogRecord, type TopicPartition } from './inProcessLog.ts';
export { InProcessProducer } from './producer.ts';
export { InProcessConsumer, type InProcessConsumerOptions } from './consumer.ts';
export { partitionForKey, murmur2 } from './murmur2.ts';

/** Where embedded mode persists the log's offsets: `<FENGKONG_DATA_DIR>/log-offsets.json`. */
export function offsetsFileOf(dataDir: string): string {
  return join(dataDir, 'log-offsets.json');
}
