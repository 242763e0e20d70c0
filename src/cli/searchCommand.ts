import { Command } from 'commander';

import { prepare } from '../api/dataset.js';
import { plannedMultiplets, search } from '../api/search.js';
import { getEngine } from '../backend/load.js';
import { OinfoInputError } from '../errors.js';
import { readTable } from '../io/table.js';
import { formatCount, roughDuration } from '../util/format.js';
import { estimateSeconds } from './estimate.js';
import { integerAtLeast, nameList } from './flags.js';
import { withInterrupt } from './interrupt.js';
import { emitJson, warn } from './output.js';
import { checkOutputTarget } from './outputTarget.js';
import { SearchProgress } from './progress.js';
import { backendOption, unitsOption } from './sharedOptions.js';

/** Above this many multiplets a search needs --yes. */
const REFUSE_ABOVE = 1e11;
/** Searches estimated to take longer than this announce their size and duration first. */
const ANNOUNCE_ABOVE_SECONDS = 10;

export function searchCommand(): Command {
  return new Command('search')
    .description('most synergistic (lowest Ω) and most redundant (highest Ω) multiplets of each size')
    .argument('<file>', 'data: CSV with a header row, or a 2-D .npy (columns v0, v1, …)')
    .option('--target <name>', 'a column in every multiplet (e.g. the class label); not counted in the size')
    .option('--vars <names>', 'candidate columns, comma-separated (default: all but the target)', nameList)
    .option('--min-size <k>', 'smallest size (default 3, or 2 with a target)', integerAtLeast(1))
    .requiredOption('--max-size <k>', 'largest size', integerAtLeast(1))
    .option('--exhaustive-max <k>', 'exhaustive up to this size, greedy above (the paper: 6)', integerAtLeast(1), 6)
    .option('--beam <b>', 'greedy beam width (1 = the paper’s greedy)', integerAtLeast(1), 1)
    .option('--top <t>', 'multiplets kept per list', integerAtLeast(1), 10)
    .option('--threads <n>', 'worker threads (default: all cores)', integerAtLeast(1))
    .addOption(unitsOption())
    .option('--no-bias-correct', "do not apply gcmi's bias correction to the entropies")
    .addOption(backendOption())
    .option('--out <file>', 'write the JSON there (atomically) instead of stdout')
    .option('--yes', `run even above ${REFUSE_ABOVE.toExponential(0).replace('e+', 'e')} multiplets`)
    .addHelpText(
      'after',
      `
Examples:
  oinfo search data.csv --max-size 5
  oinfo search data.csv --target y --min-size 2 --max-size 20 --exhaustive-max 6 --beam 4 --out result.json`,
    )
    .action(async (file: string, opts) => {
      checkOutputTarget(opts.out, [file]);
      const engine = getEngine(opts.backend);
      const dataset = prepare(readTable(file), { backend: opts.backend, threads: opts.threads });
      warn(dataset.warnings);
      const options = {
        target: opts.target,
        vars: opts.vars,
        minSize: opts.minSize,
        maxSize: opts.maxSize,
        exhaustiveMax: opts.exhaustiveMax,
        beam: opts.beam,
        top: opts.top,
        threads: opts.threads,
        units: opts.units,
        biasCorrect: opts.biasCorrect,
        backend: opts.backend,
      };
      const planned = plannedMultiplets(dataset, options);
      // The WASM engine searches on one worker thread whatever --threads says.
      const threads = engine.name === 'wasm' ? 1 : (opts.threads ?? (await import('node:os')).availableParallelism());
      const seconds = estimateSeconds(planned, threads, engine.name);
      const announce = `${formatCount(planned)} multiplets to evaluate, about ${roughDuration(seconds)} with ${threads} thread${threads > 1 ? 's' : ''}`;
      if (planned > REFUSE_ABOVE && !opts.yes)
        throw new OinfoInputError(
          `${announce}; refusing above ${formatCount(REFUSE_ABOVE)} without --yes (or lower --max-size / --exhaustive-max)`,
        );
      if (seconds > ANNOUNCE_ABOVE_SECONDS) process.stderr.write(`oinfo: ${announce}\n`);

      const progress = new SearchProgress();
      const result = await withInterrupt((signal) => search(dataset, { ...options, signal, onProgress: progress.update }), {
        aborted: 'interrupted; nothing was written',
      }).finally(() => progress.stop());
      await emitJson(result, opts.out);
    });
}
