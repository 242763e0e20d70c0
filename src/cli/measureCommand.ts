import { Command } from 'commander';

import { nameList } from './flags.js';
import { formatOption, outOption, outputFor } from './format.js';
import { covarianceOption, datasetFor, nSamplesOption, inputNames, perInput } from './dataInput.js';
import { measureReport } from './reports.js';
import { backendOption, targetKindOption, unitsOption } from './sharedOptions.js';

export function measureCommand(): Command {
  return new Command('measure')
    .description('TC, DTC, O-information (Ω) and S-information of one multiplet')
    .argument('[files...]', 'data: CSV with a header row ("-": from stdin), or a 2-D .npy (columns v0, v1, …); several: one result each')
    .addOption(covarianceOption())
    .addOption(nSamplesOption())
    .requiredOption('--vars <names>', 'the multiplet: comma-separated column names (with --groups, group names and columns in no group)', nameList)
    .option('--groups <spec>', 'multivariate variables: "g1=a,b,c;g2=d,e" makes each group of columns one variable')
    .option('--target <name>', 'a column that joins the multiplet (e.g. the class label)')
    .addOption(targetKindOption())
    .addOption(unitsOption())
    .option('--no-bias-correct', "do not apply gcmi's bias correction to the entropies")
    .addOption(backendOption())
    .addOption(formatOption())
    .addOption(outOption())
    .addHelpText(
      'after',
      `
Examples:
  oinfo measure data.csv --vars x0,x1,x2
  oinfo measure data.csv --vars x3,x4,x5 --target y --units nats
  oinfo measure data.csv --vars g1,g2,x5 --groups "g1=x0,x1;g2=x2,x3,x4"  # two groups and one column
  oinfo measure --covariance cov.json --vars x0,x1,x2       # from \`oinfo copula data.csv --out cov.json\``,
    )
    .action(async (files: string[], opts) => {
      const inputs = inputNames(files, opts);
      const emit = outputFor(opts, inputs);
      const { measure } = await import('../api/measure.js'); // loaded only when `oinfo measure` runs
      const results = await perInput(inputs, (input, several) =>
        measure(datasetFor(input, opts, several), {
          vars: opts.vars,
          groups: opts.groups,
          target: opts.target,
          targetKind: opts.targetKind,
          units: opts.units,
          biasCorrect: opts.biasCorrect,
          backend: opts.backend,
        }),
      );
      await emit(results.map(({ input, result }) => ({ input, report: measureReport(result) })));
    });
}
