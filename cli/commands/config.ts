import type { Command } from 'commander';
import { configDocs } from '../../lib/config.ts';

export function registerConfig(program: Command): void {
  program
    .command('config')
    .description('configuration helpers')
    .command('docs')
    .description('print the table of environment variables (Markdown)')
    .action(() => {
      process.stdout.write(configDocs());
    });
}
