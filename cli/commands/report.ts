/**
 * `fengkong report model --name <model> --out report.html`: a self-contained HTML report for
 * model owners (ROC, KS, calibration, PSI over time, champion vs. challenger), from the
 * feedback views (feedback/report/).
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { withFeedbackClickHouse } from '../../feedback/clickhouse.ts';
import { collectModelReport } from '../../feedback/report/modelReportData.ts';
import { renderModelReport } from '../../feedback/report/renderModelReport.ts';
import { parseInstant } from '../../feedback/time.ts';

export function registerReport(program: Command): void {
  const report = program.command('report').description('reports for model owners');
  report
    .command('model')
    .description('write a self-contained HTML model report: ROC, KS, calibration, PSI over time, champion vs. challenger')
    .requiredOption('--name <model>', 'model name as scored (e.g. application_fraud)')
    .requiredOption('--out <file>', 'output HTML file')
    .option('--from <date>', 'first day of scores (default: a year before --to)')
    .option('--to <date>', 'end of scores, excluded (default: now)')
    .action(async (opts: { name: string; out: string; from?: string; to?: string }) => {
      const data = await withFeedbackClickHouse((client) =>
        collectModelReport(client, { model: opts.name, ...(opts.from ? { from: parseInstant(opts.from, '--from') } : {}), ...(opts.to ? { to: parseInstant(opts.to, '--to') } : {}) }),
      );
      await writeFile(opts.out, renderModelReport(data));
      console.log(`wrote ${opts.out}: ${data.versions.map((v) => `${v.version} (${v.role}) AUC ${Number.isFinite(v.auc) ? v.auc.toFixed(3) : '–'} on ${v.labelled} matured rows`).join('; ')}`);
    });
}
