/**
 * `fengkong import <paysim|sba|uci-credit> --file <csv or csv.xz> --out <dir>`: maps a public
 * labelled data set to our contracts (importers/), one `<topic>.jsonl` per topic plus
 * `dead-letters.jsonl`. The summary goes to stdout; the progress bar and dead-letter reasons to stderr.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import { DATASETS, type DatasetName } from '../../importers/importer.ts';
import { isDatasetName } from '../../importers/registry.ts';
import { runImport, type ImportSummary } from '../../importers/runImport.ts';

export interface ImportCommandOptions {
  file: string;
  out: string;
  idPrefix?: string;
}

function dataset(value: string): DatasetName {
  if (!isDatasetName(value)) throw new InvalidArgumentError(`unknown data set '${value}'; choose one of ${DATASETS.join(', ')}.`);
  return value;
}

/** `rows: N mapped: M dead_letters: D <topic>: n …` — one line, so scripts can parse it. */
export function summaryLine(s: ImportSummary): string {
  const topics = Object.entries(s.events).map(([topic, n]) => `${topic}: ${n}`).join(' ');
  return `rows: ${s.rows} mapped: ${s.mapped} dead_letters: ${s.deadLetters} ${topics}`;
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('map a public labelled data set (../shared/data) to the event contracts: <topic>.jsonl files + dead-letters.jsonl')
    .argument('<dataset>', `data set: ${DATASETS.join(' | ')}`, dataset)
    .requiredOption('--file <path>', 'the data file as shipped (.csv or .csv.xz; never copy it into the repository)')
    .requiredOption('--out <dir>', 'directory for <topic>.jsonl and dead-letters.jsonl (created if missing; same-named files are replaced)')
    .option('--id-prefix <prefix>', 'prefix of every id minted (default: <dataset>.<file name>)')
    .addHelpText('after', [
      '',
      'Examples:',
      '  fengkong import paysim --file ../shared/data/paysim/PS_log_head19999.csv.xz --out data/public/paysim',
      '  fengkong import sba --file ../shared/data/sba/SBAcase.11.13.17.csv --out data/public/sbacase',
      '  fengkong import uci-credit --file ../shared/data/uci-credit-default/UCI_Credit_Card.csv.xz --out data/public/uci',
      '  fengkong validate --dir data/public/paysim',
      '',
      'The mapping, field by field: docs/public-data.md',
    ].join('\n'))
    .action(async (name: DatasetName, opts: ImportCommandOptions) => {
      const bar = new cliProgress.SingleBar(
        { stream: process.stderr, format: `importing ${name.padEnd(10)} [{bar}] {percentage}% | {rows} rows`, hideCursor: true, clearOnComplete: false },
        cliProgress.Presets.shades_classic,
      );
      let started = false;
      let summary: ImportSummary;
      try {
        summary = await runImport({
          dataset: name, file: opts.file, outDir: opts.out, ...(opts.idPrefix === undefined ? {} : { idPrefix: opts.idPrefix }),
          onProgress: ({ bytesRead, totalBytes, rows }) => {
            if (!started) {
              bar.start(Math.max(totalBytes, 1), 0, { rows: 0 });
              started = true;
            }
            bar.update(bytesRead, { rows });
          },
        });
      } finally {
        bar.stop();
      }
      for (const [code, n] of Object.entries(summary.deadLettersByCode)) {
        process.stderr.write(`dead letters ${code}: ${n} (reasons in ${opts.out}/dead-letters.jsonl)\n`);
      }
      process.stdout.write(summaryLine(summary) + '\n');
    });
}
