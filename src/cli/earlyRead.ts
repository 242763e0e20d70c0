/**
 * The data file's numbers, read while the CLI's own modules load. `oinfo search data.csv …` spends
 * ~30 ms loading its modules and parsing its flags before it gets to the file; so the `oinfo` entry
 * (bin.ts) first asks the engine to start reading the file on threads of its own. The file is a guess
 * from the command line — the word after `search` or `measure` — and the reader checks the guess when
 * it gets there (src/io/csvFast.ts takes a read only if it was asked exactly as it would ask): a read
 * it cannot use is left, and the file is read as without it. Nothing here reports or throws.
 */
import { startCsvFileRead } from '../io/csvFast.js';

/** The commands whose first argument is a data file. */
const DATA_COMMANDS = new Set(['search', 'measure']);

/** The value of `--name V` or `--name=V` in argv (the last one, as commander takes it), or undefined. */
function flagValue(argv: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  argv.forEach((arg, i) => {
    if (arg === name && i + 1 < argv.length) value = argv[i + 1];
    else if (arg.startsWith(`${name}=`)) value = arg.slice(name.length + 1);
  });
  return value;
}

export function startEarlyRead(argv: readonly string[]): void {
  const [command, file] = argv;
  if (!DATA_COMMANDS.has(command) || file === undefined || file.startsWith('-') || !file.toLowerCase().endsWith('.csv')) return;
  if (argv.includes('--') || flagValue(argv, '--covariance') !== undefined) return;
  const backend = flagValue(argv, '--backend') ?? process.env.OINFO_BACKEND;
  if (backend !== undefined && backend !== 'native' && backend !== 'auto' && backend !== '') return;
  const threads = Number(flagValue(argv, '--threads'));
  startCsvFileRead(file, { backend: 'native', threads: Number.isInteger(threads) && threads > 0 ? threads : undefined });
}
