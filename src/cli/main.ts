#!/usr/bin/env node
import { Command, CommanderError } from 'commander';

import { OinfoAbortError, OinfoBackendError, OinfoInputError, OinfoOptionError } from '../errors.js';
import { measureCommand } from './measureCommand.js';
import { flagOf } from './optionFlags.js';
import { miCommand } from './miCommand.js';
import { reproduceCommand, stageCommand } from './pipelineCommands.js';
import { searchCommand } from './searchCommand.js';

/** Exit codes: 0 success, 1 internal error, 2 bad input or usage, 3 backend unavailable, 130 interrupted. */
function exitCodeFor(error: unknown): number {
  if (error instanceof OinfoInputError) return 2;
  if (error instanceof OinfoBackendError) return 3;
  if (error instanceof OinfoAbortError) return 130;
  return 1;
}

export function buildProgram(): Command {
  const program = new Command('oinfo')
    .description('Higher-order information (O-information, TC, DTC, S-information) with the Gaussian copula')
    .version(process.env.npm_package_version ?? '0.1.0')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  const commands = [measureCommand(), searchCommand(), miCommand(), reproduceCommand(), stageCommand('train'), stageCommand('analyze'), stageCommand('retrain'), stageCommand('report')];
  for (const command of commands) {
    command.exitOverride().configureOutput({ outputError: () => {} });
    program.addCommand(command);
  }
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0; // --help, --version
      process.stderr.write(`oinfo: ${error.message.replace(/^error: /, '')}\n`);
      return 2;
    }
    const code = exitCodeFor(error);
    if (code === 1) {
      process.stderr.write(`oinfo: internal error (please report it): ${(error as Error)?.stack ?? error}\n`);
    } else if (error instanceof OinfoOptionError) {
      process.stderr.write(`oinfo: ${error.describe(flagOf)}\n`); // the API's option names → the flags typed
    } else {
      process.stderr.write(`oinfo: ${(error as Error).message}\n`);
    }
    return code;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
