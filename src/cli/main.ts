import { Command, CommanderError } from 'commander';

import { OinfoAbortError, OinfoBackendError, OinfoInputError, OinfoOptionError } from '../errors.js';
import { copulaCommand } from './copulaCommand.js';
import { plotCommand } from './plotCommand.js';
import { measureCommand } from './measureCommand.js';
import { flagOf } from './optionFlags.js';
import { miCommand } from './miCommand.js';
import { OutputWriteError, writeStdout } from './output.js';
import { reproduceCommand, stageCommand } from './pipelineCommands.js';
import { searchCommand } from './searchCommand.js';
import { workerCommand } from './workerCommand.js';
import { packageVersion } from '../util/packageRoot.js';

/**
 * Exit codes of the errors a user can act on (printed as one line): 1 the result could not be
 * written (disk full, an I/O error: the usual code of Unix tools for it), 2 bad input or usage,
 * 3 backend unavailable, 130 interrupted. Anything else is an internal error: 1, with its stack.
 * A reader of stdout that went away early (`oinfo … | head`) is not an error: 0.
 */
const EXIT_CODES: [new (...args: never[]) => Error, number][] = [
  [OinfoInputError, 2],
  [OinfoBackendError, 3],
  [OinfoAbortError, 130],
  [OutputWriteError, 1],
];

/** Help and version text on its way to stdout: main waits for it, so that a full disk is reported. */
const helpWrites: Promise<void>[] = [];
const writeOut = (text: string) => void helpWrites.push(writeStdout(text));

export function buildProgram(): Command {
  const program = new Command('oinfo')
    .description('Higher-order information (O-information, TC, DTC, S-information) with the Gaussian copula')
    .version(packageVersion())
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeOut, outputError: () => {} });
  const commands = [measureCommand(), searchCommand(), copulaCommand(), plotCommand(), miCommand(), reproduceCommand(), stageCommand('train'), stageCommand('analyze'), stageCommand('retrain'), stageCommand('report'), workerCommand()];
  // Every command and sub-command (`plot landscape`): errors are main's to print, help goes through writeOut.
  const configure = (command: Command) => {
    command.exitOverride().configureOutput({ writeOut, outputError: () => {} });
    command.commands.forEach(configure);
  };
  for (const command of commands) {
    configure(command);
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
      if (error.exitCode === 0) {
        // --help, --version: done once their text is written (a full stdout is one line, exit 1)
        try {
          await Promise.all(helpWrites);
          return 0;
        } catch (failure) {
          process.stderr.write(`oinfo: ${(failure as Error).message}\n`);
          return 1;
        }
      }
      process.stderr.write(`oinfo: ${error.message.replace(/^error: /, '')}\n`);
      return 2;
    }
    const known = EXIT_CODES.find(([type]) => error instanceof type);
    if (!known) {
      process.stderr.write(`oinfo: internal error (please report it): ${(error as Error)?.stack ?? error}\n`);
      return 1;
    }
    // An option error names the flag the user typed rather than the API's option name.
    const message = error instanceof OinfoOptionError ? error.describe(flagOf) : (error as Error).message;
    process.stderr.write(`oinfo: ${message}\n`);
    return known[1];
  }
}

// Write errors on stdout and stderr arrive at the writer's callback (output.ts) or have nowhere to be
// reported; without a listener their 'error' event would crash the process with a stack trace.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
