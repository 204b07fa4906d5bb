/**
 * `fengkong export-training --model <name> --from <date> --to <date> --out <file.csv>`: the
 * scored events of a model with matured labels and their point-in-time features, as the CSV
 * training/train.py reads (feedback/exportTraining.ts). Summary on stdout.
 */
import type { Command } from 'commander';
import { exportTraining } from '../../feedback/exportTraining.ts';
import { withFeedbackClickHouse } from '../../feedback/clickhouse.ts';
import { parseRange } from '../../feedback/time.ts';

export function registerExportTraining(program: Command): void {
  program
    .command('export-training')
    .description('write point-in-time features and matured labels of a model as training CSV')
    .requiredOption('--model <name>', 'model name as scored (e.g. application_fraud)')
    .requiredOption('--from <date>', 'first day (YYYY-MM-DD, UTC) or ISO instant, included')
    .requiredOption('--to <date>', 'end day or instant, excluded')
    .requiredOption('--out <file>', 'output CSV file')
    .option('--features <names>', 'comma-separated feature columns, in order (default: every feature seen)')
    .action(async (opts: { model: string; from: string; to: string; out: string; features?: string }) => {
      const { from, to } = parseRange(opts.from, opts.to);
      const result = await withFeedbackClickHouse((client) =>
        exportTraining(client, { model: opts.model, from, to, out: opts.out, ...(opts.features ? { features: opts.features.split(',').map((f) => f.trim()).filter(Boolean) } : {}) }),
      );
      console.log(`wrote ${result.file}: ${result.rows} rows (${result.bads} bad, ${result.goods} good), ${result.features.length} features`);
      console.log(`label: ${result.labelKind} within ${result.windowDays} days; ${result.immature} immature rows left out`);
      if (result.rows === 0) console.error('no matured rows in the range: pick an earlier --from/--to (labels mature after the window)');
    });
}
