import { Command } from 'commander';

import { covarianceOf, prepare } from '../api/dataset.js';
import { findColumns } from '../io/columns.js';
import { readTable } from '../io/readTable.js';
import { copulaReport } from './reports.js';
import { integer, nameList } from './flags.js';
import { formatOption, outOption, outputFor } from './format.js';
import { warn } from './output.js';
import { backendOption } from './sharedOptions.js';

/** `oinfo copula`: the copula covariance of a data file, to start measures and searches from (--covariance). */
export function copulaCommand(): Command {
  return new Command('copula')
    .description('the copula covariance of a data file (rank-normalised columns), for --covariance')
    .argument('<file>', 'data: CSV with a header row ("-": from stdin), or a 2-D .npy (columns v0, v1, …)')
    .option('--vars <names>', 'only these columns, comma-separated (default: all)', nameList)
    .option('--threads <n>', 'worker threads (default: all cores)', integer)
    .addOption(backendOption())
    .addOption(formatOption())
    .addOption(outOption())
    .addHelpText(
      'after',
      `
The JSON (the default with --out FILE.json) is what --covariance reads: the names, n_samples and the
covariance (divisor N − 1) of the copula-normalised columns. The raw data are not in it: measures and
searches run from it, but bootstrap intervals, permutation tests and discrete targets need the data.

Examples:
  oinfo copula data.csv --out cov.json
  oinfo search --covariance cov.json --target y --max-size 5`,
    )
    .action(async (file: string, opts) => {
      const emit = outputFor(opts, [file]);
      const table = readTable(file, { backend: opts.backend, threads: opts.threads });
      const keep = opts.vars ? findColumns(table.names, opts.vars, 'vars', -1).sort((a, b) => a - b) : null; // column order, as search
      const dataset = prepare(
        keep ? { names: keep.map((j) => table.names[j]), nSamples: table.nSamples, columns: keep.map((j) => table.columns[j]) } : table,
        { backend: opts.backend, threads: opts.threads },
      );
      warn(dataset.warnings);
      await emit(copulaReport(covarianceOf(dataset), dataset.backend));
    });
}
