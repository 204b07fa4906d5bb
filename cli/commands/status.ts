import type { Command } from 'commander';
import { loadConfig } from '../../lib/config.ts';
import { createClickHouse, describeClickHouse } from '../../pipelines/clickhouse/createClickHouse.ts';
import { kafkaOptionsFromConfig, topicName } from '../../pipelines/kafka/factory.ts';
import { consumerLag, totalLag } from '../../pipelines/kafka/lag.ts';
import { INPUT_TOPICS } from '../../schemas/topics.ts';

/** `fengkong status`: consumer lag (Kafka), throughput and dead letters (ClickHouse), as `name: value` lines. */
export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('consumer lag, throughput and dead-letter counts of the pipeline')
    .option('--window <seconds>', 'throughput window', '300')
    .action(async (opts: { window: string }) => {
      const config = loadConfig();
      const lines: string[] = [`mode: ${config.embedded ? 'embedded' : 'servers'}`];
      if (config.KAFKA_BROKERS) {
        const topics = INPUT_TOPICS.map((t) => topicName(config, t));
        const lags = await consumerLag(kafkaOptionsFromConfig(config, 'fengkong-status'), config.KAFKA_GROUP_ID, topics);
        for (const t of topics) lines.push(`lag.${t}: ${totalLag(lags.filter((l) => l.topic === t))}`);
        lines.push(`lag.total: ${totalLag(lags)}`);
      } else {
        lines.push('lag.total: n/a (embedded mode keeps its log in the running process)');
      }
      const window = Math.max(1, Number(opts.window));
      const client = createClickHouse(config);
      try {
        const [recent] = await client.query<{ n: string; newest: string | null }>(
          `SELECT count() AS n, toString(max(ingested_at)) AS newest FROM events WHERE ingested_at >= now64(3) - INTERVAL ${window} SECOND`,
        );
        lines.push(`throughput.events_per_s: ${(Number(recent?.n ?? 0) / window).toFixed(1)}`);
        const totals = await client.query<{ topic: string; n: string }>('SELECT topic, count() AS n FROM events FINAL GROUP BY topic ORDER BY topic');
        for (const t of totals) lines.push(`events.${t.topic}: ${t.n}`);
        const dead = await client.query<{ topic: string; n: string }>('SELECT original_topic AS topic, count() AS n FROM dead_letters FINAL GROUP BY topic ORDER BY topic');
        lines.push(`dead_letters.total: ${dead.reduce((n, d) => n + Number(d.n), 0)}`);
        for (const d of dead) lines.push(`dead_letters.${d.topic}: ${d.n}`);
        const reasons = await client.query<{ reason: string; n: string }>(
          "SELECT substring(reason, 1, 80) AS reason, count() AS n FROM dead_letters FINAL GROUP BY reason ORDER BY n DESC LIMIT 5",
        );
        for (const r of reasons) console.error(`  top dead-letter reason (${r.n}): ${r.reason}`);
        console.error(`from ${describeClickHouse(config)}`);
      } finally {
        await client.close();
      }
      process.stdout.write(lines.join('\n') + '\n');
    });
}
