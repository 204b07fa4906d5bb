/**
 * The `fengkong` command line (commander). Results go to stdout so they can be piped;
 * progress and logs go to stderr.
 */
import { Command, CommanderError } from 'commander';
import { FengkongError } from '../lib/errors.ts';
import { registerValidate } from './commands/validate.ts';
import { registerConfig } from './commands/config.ts';

export function buildProgram(): Command {
  const program = new Command('fengkong')
    .description('Fengkong: real-time risk monitoring for SME lending')
    .version('0.1.0')
    .showHelpAfterError();
  registerValidate(program);
  registerConfig(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram().exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    if (error instanceof FengkongError) {
      console.error(`fengkong: ${error.message}`);
      process.exitCode = 1;
      return;
    }
    console.error(error);
    process.exitCode = 1;
  }
}
