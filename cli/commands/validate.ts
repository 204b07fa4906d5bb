import type { Command } from 'commander';
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { readLines } from '../../lib/jsonl.ts';
import { describeIssues, validateRecord } from '../../schemas/validator.ts';
import { isTopicName, TOPICS, type TopicName } from '../../schemas/topics.ts';

export interface FileValidationSummary {
  valid: number;
  invalid: number;
}

/** Validates one JSONL file against a topic, reporting each invalid line through `report`. */
export async function validateFile(topic: TopicName, path: string, report: (line: string) => void): Promise<FileValidationSummary> {
  const summary = { valid: 0, invalid: 0 };
  for await (const { line, bytes } of readLines(path)) {
    const result = validateRecord(topic, bytes);
    if (result.ok) summary.valid++;
    else {
      summary.invalid++;
      report(`${path}:${line}: ${describeIssues(result.issues)}`);
    }
  }
  return summary;
}

/** Topic of a JSONL file named `<topic>.jsonl`, or null. */
export function topicOfFile(file: string): TopicName | null {
  const name = basename(file).replace(/\.jsonl$/, '');
  return file.endsWith('.jsonl') && isTopicName(name) ? name : null;
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('validate JSONL files against the event contracts')
    .option('--dir <dir>', 'validate every <topic>.jsonl in a directory')
    .option('--topic <topic> <file>', 'validate one file against one topic')
    .argument('[file]', 'file to validate with --topic')
    .action(async (file: string | undefined, opts: { dir?: string; topic?: string }) => {
      const jobs: Array<{ topic: TopicName; path: string }> = [];
      if (opts.dir) {
        const entries = (await readdir(opts.dir)).sort();
        for (const entry of entries) {
          const topic = topicOfFile(entry);
          if (topic) jobs.push({ topic, path: join(opts.dir, entry) });
          else if (entry.endsWith('.jsonl')) console.error(`skipping ${entry}: not named after a topic (${Object.keys(TOPICS).join(', ')})`);
        }
        if (jobs.length === 0) {
          console.error(`no <topic>.jsonl files in ${opts.dir}; expected names like applications.jsonl`);
          process.exitCode = 2;
          return;
        }
      } else if (opts.topic) {
        if (!isTopicName(opts.topic)) {
          console.error(`unknown topic '${opts.topic}'; topics are: ${Object.keys(TOPICS).join(', ')}`);
          process.exitCode = 2;
          return;
        }
        if (!file) {
          console.error('give the file to validate: fengkong validate --topic <topic> <file>');
          process.exitCode = 2;
          return;
        }
        jobs.push({ topic: opts.topic, path: file });
      } else {
        console.error('give --dir <dir> or --topic <topic> <file>');
        process.exitCode = 2;
        return;
      }
      let valid = 0;
      let invalid = 0;
      for (const job of jobs) {
        const s = await validateFile(job.topic, job.path, (line) => console.log(line));
        valid += s.valid;
        invalid += s.invalid;
      }
      console.log(`valid: ${valid} invalid: ${invalid}`);
      if (invalid > 0) process.exitCode = 1;
    });
}
