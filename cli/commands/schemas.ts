import type { Command } from 'commander';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { contractDocs, exportedSchemas } from '../../schemas/docs.ts';

/** `fengkong schemas docs|export`: the contract reference and the plain JSON Schema files. */
export function registerSchemas(program: Command): void {
  const schemas = program.command('schemas').description('event contract reference and JSON Schema export');
  schemas
    .command('docs')
    .description('print the contract reference (Markdown): npx fengkong schemas docs > docs/contracts.md')
    .action(() => {
      process.stdout.write(contractDocs());
    });
  schemas
    .command('export')
    .description('write one <topic>.v1.schema.json (JSON Schema draft-07) per topic into a directory')
    .requiredOption('--out <dir>', 'directory to write into (created if missing)')
    .action(async (opts: { out: string }) => {
      await mkdir(opts.out, { recursive: true });
      for (const { file, json } of exportedSchemas()) {
        const path = join(opts.out, file);
        await writeFile(path, json);
        console.log(path);
      }
    });
}
