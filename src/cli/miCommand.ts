import { Command, Option } from 'commander';

import { readTable } from '../io/readTable.js';
import type { MiMethod } from '../mi/mi.js';
import { nameList, oneOf } from './flags.js';
import { formatOption, outOption, outputFor } from './format.js';
import { warn } from './output.js';
import { miReport } from './reports.js';
import { backendOption } from './sharedOptions.js';

export function miCommand(): Command {
  return new Command('mi')
    .description("each variable's mutual information (bits) with a discrete label: gcmi's single-variable baselines")
    .argument('<file>', 'data: CSV with a header row ("-": from stdin), or a 2-D .npy (columns v0, v1, …)')
    .requiredOption('--target <name>', 'the label column: integers 0..K−1, every class present')
    .option('--vars <names>', 'columns, comma-separated (default: all but the target)', nameList)
    .addOption(
      new Option('--method <method>', 'model (gcmi_model_cd, bias-corrected) or mixture (gcmi_mixture_cd)')
        .default('model')
        .argParser(oneOf<MiMethod>('model', 'mixture')),
    )
    .addOption(backendOption())
    .addOption(formatOption())
    .addOption(outOption())
    .addHelpText(
      'after',
      `
Examples:
  oinfo mi data.csv --target y
  oinfo mi data.csv --target y --vars x0,x1,x2 --method mixture --out mi.json`,
    )
    .action(async (file: string, opts) => {
      const emit = outputFor(opts, [file]);
      const { mi } = await import('../mi/mi.js'); // loaded only when `oinfo mi` runs: other commands start faster
      const result = mi(readTable(file, { backend: opts.backend }), {
        target: opts.target,
        vars: opts.vars,
        method: opts.method,
        backend: opts.backend,
        onWarning: (message) => warn([message]),
      });
      await emit(miReport(result));
    });
}
