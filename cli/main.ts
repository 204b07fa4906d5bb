/**
 * The `fengkong` command line (commander). Results go to stdout so they can be piped;
 * progress and logs go to stderr.
 */
import { Command, CommanderError } from 'commander';
import { FengkongError } from '../lib/errors.ts';
import { registerValidate } from './commands/validate.ts';
import { registerConfig } from './commands/config.ts';
import { registerSimulate } from './commands/simulate.ts';
import { registerStart } from './commands/start.ts';
import { registerQuery } from './commands/query.ts';
import { registerStatus } from './commands/status.ts';
import { registerReplay } from './commands/replay.ts';
import { registerMigrate } from './commands/migrate.ts';
import { registerSchemas } from './commands/schemas.ts';
import { registerGraph } from './commands/graph.ts';
import { registerRules } from './commands/rules.ts';
import { registerExportTraining } from './commands/exportTraining.ts';
import { registerBacktest } from './commands/backtest.ts';
import { registerReport } from './commands/report.ts';
import { registerImport } from './commands/import.ts';
import { registerQueues } from './commands/queues.ts';
import { registerProspects } from './commands/prospects.ts';

export function buildProgram(): Command {
  const program = new Command('fengkong')
    .description('Fengkong: real-time risk monitoring for SME lending')
    .version('0.1.0')
    .showHelpAfterError();
  registerValidate(program);
  registerConfig(program);
  registerSimulate(program);
  registerStart(program);
  registerQuery(program);
  registerStatus(program);
  registerReplay(program);
  registerMigrate(program);
  registerSchemas(program);
  registerGraph(program);
  registerRules(program);
  registerExportTraining(program);
  registerBacktest(program);
  registerReport(program);
  registerImport(program);
  registerQueues(program);
  registerProspects(program);
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
