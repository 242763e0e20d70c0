import { Command } from 'commander';

import { search, searchPlan } from '../api/search.js';
import { SEARCH_DEFAULTS } from '../api/searchOptions.js';
import { UNCERTAINTY_DEFAULTS } from '../api/uncertaintyOptions.js';
import { OinfoInputError } from '../errors.js';
import { formatCount, roughDuration } from '../util/format.js';
import { covarianceOption, datasetFor, nSamplesOption, inputNames, perInput } from './dataInput.js';
import { estimateBootstrapSeconds, estimateSeconds } from './estimate.js';
import { budget, decimal, integer, nameList } from './flags.js';
import { withInterrupt } from './interrupt.js';
import { formatOption, outOption, outputFor } from './format.js';
import { searchAllCommand } from './allCommand.js';
import { searchReport } from './reports.js';
import { SearchProgress } from './progress.js';
import { searchOptionsOf } from './searchOptionsOf.js';
import { backendOption, targetKindOption, unitsOption } from './sharedOptions.js';

/** Above this many multiplets a search needs --yes. */
const REFUSE_ABOVE = 1e11;
/** Searches estimated to take longer than this announce their size and duration first. */
const ANNOUNCE_ABOVE_SECONDS = 10;

export function searchCommand(): Command {
  return new Command('search')
    .description('most synergistic (lowest Ω) and most redundant (highest Ω) multiplets of each size')
    .argument('[files...]', 'data: CSV with a header row ("-": from stdin), or a 2-D .npy (columns v0, v1, …); several: one result each')
    .addOption(covarianceOption())
    .addOption(nSamplesOption())
    .option('--target <name>', 'a column in every multiplet (e.g. the class label); not counted in the size')
    .addOption(targetKindOption())
    .option('--vars <names>', 'candidate columns, comma-separated (default: all but the target); with --groups, group names and columns in no group', nameList)
    .option('--groups <spec>', 'multivariate variables: "g1=a,b,c;g2=d,e" makes each group of columns one variable (sizes count variables; columns in no group stay variables)')
    .option('--min-size <k>', 'smallest size (default 3, or 2 with a target)', integer)
    .requiredOption('--max-size <k>', 'largest size', integer)
    .option('--exhaustive-max <k>', `exhaustive up to this size, --method above (default ${SEARCH_DEFAULTS.exhaustiveMax}, the paper's)`, integer)
    .option('--method <m>', `above --exhaustive-max: greedy (default), beam (greedy with --beam > 1) or annealing`)
    .option('--beam <b>', `greedy beam width (default ${SEARCH_DEFAULTS.beam}, the paper’s greedy)`, integer)
    .option(
      '--budget <evals|time>',
      `annealing: evaluations per list and size (default ${SEARCH_DEFAULTS.budget}), or a time per size such as 30s, 500ms, 5min ` +
        '(not repeatable: what fits in the time depends on the machine)',
      budget,
    )
    .option('--restarts <r>', `annealing: chains per list and size, from random multiplets (default ${SEARCH_DEFAULTS.restarts})`, integer)
    .option('--top <t>', `multiplets kept per list (default ${SEARCH_DEFAULTS.top})`, integer)
    .option('--histogram <bins>', 'per exhaustive size, the histogram of Ω over all its multiplets in this many bins (in the JSON)', integer)
    .option(
      '--rank-by <measure>',
      'rank the lists by oinfo (default), tc, dtc or sinfo: "synergy" holds that measure\'s lowest values, ' +
        '"redundancy" its highest (the names stay for JSON compatibility)',
    )
    .option('--threads <n>', 'worker threads (default: all cores)', integer)
    .option('--bootstrap <B>', 'B bootstrap resamples: a percentile interval (ci) and se for every listed multiplet', integer)
    .option('--ci <level>', `level of the bootstrap intervals (default ${UNCERTAINTY_DEFAULTS.ci})`, decimal)
    .option('--permutations <P>', 'P permutations of a max-statistic test: p_fwer for every listed multiplet', integer)
    .option('--null <kind>', 'what a permutation shuffles: target (the target rows; default with a target) or all (every column)')
    .option('--seed <s>', `seed of the resamples, permutations and annealing (default ${UNCERTAINTY_DEFAULTS.seed})`, integer)
    .addOption(unitsOption())
    .option('--no-bias-correct', "do not apply gcmi's bias correction to the entropies")
    .addOption(backendOption())
    .addOption(formatOption())
    .addOption(outOption())
    .option('--queue <url>', 'search on the workers of this Redis queue (`oinfo worker`): redis://[:password@]host[:port] or rediss://')
    .option('--shards <S>', 'with --queue: rank ranges to cut the exhaustive sizes into (default: one per 5e8 multiplets)', integer)
    .option('--job <id>', 'with --queue: the job id; given again, re-attaches to that job and finishes it')
    .option(
      '--all',
      'write every multiplet of each size (all ≤ --exhaustive-max) with its four measures to --out as CSV or NDJSON rows, ' +
        'in rank order, instead of the top lists',
    )
    .option('--yes', `run even above ${REFUSE_ABOVE.toExponential(0).replace('e+', 'e')} multiplets (with --all: above 10 GB, or more than the free space)`)
    .addHelpText(
      'after',
      `
Every listed multiplet carries oinfo, tc, dtc and sinfo. The lists are ranked by --rank-by: "synergy" is
the lowest values of that measure (ascending), "redundancy" the highest (descending). With tc, dtc or sinfo
the two names are kept for JSON compatibility only; greedy and beam sizes extend by the same measure.

Examples:
  oinfo search data.csv --max-size 5
  oinfo search data.csv --max-size 4 --rank-by tc
  oinfo search data.csv --target y --min-size 2 --max-size 20 --exhaustive-max 6 --beam 4 --out result.json
  oinfo search data.csv --target y --max-size 5 --permutations 99 --bootstrap 200 --seed 7
  oinfo search data.csv --max-size 6 --queue redis://queue.example:6379 --job big-run
  oinfo search data.csv --groups "eeg=e1,e2,e3;emg=m1,m2" --max-size 4      # groups of columns as variables
  oinfo search data.csv --target y --max-size 12 --exhaustive-max 5 --method annealing --budget 200000 --seed 3
  oinfo search data.csv --min-size 3 --max-size 5 --all --out all.csv      # every multiplet, one CSV row each
  oinfo search data.csv --target y --max-size 4 --all --out - | gzip > all.csv.gz

With --all the rows are the output (size,oinfo,tc,dtc,sinfo,vars; NDJSON: one object per line), written
by the engine in rank order (size by size, lexicographic), the same bytes for any --threads; singular
multiplets get no row. A file is written atomically (nothing is left after Ctrl-C or an error); a summary
goes to stderr.`,
    )
    .action(async (files: string[], opts) => {
      const inputs = inputNames(files, opts);
      if (opts.all) return searchAllCommand(inputs, opts);
      if (opts.queue === undefined && (opts.shards !== undefined || opts.job !== undefined))
        throw new OinfoInputError(`${opts.shards !== undefined ? '--shards' : '--job'} needs --queue (a distributed search)`);
      if (opts.job !== undefined && inputs.length > 1)
        throw new OinfoInputError('--job names one distributed search: give one input file with it');
      const emit = outputFor(opts, inputs);
      const results = await perInput(inputs, (input, several) => searchOne(input, opts, several));
      await emit(results.map(({ input, result }) => ({ input, report: searchReport(result) })));
    });
}

/** One input's search: its plan and estimate, a refusal above REFUSE_ABOVE without --yes, progress, Ctrl-C. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- commander's parsed flags
async function searchOne(input: string, opts: any, several: boolean) {
  const dataset = datasetFor(input, opts, several);
  const options = searchOptionsOf(opts);
  // Loaded only here: a search on this machine does not pay for the queue's modules at start-up.
  if (opts.queue !== undefined) return (await import('./distributedSearch.js')).distributedSearch(dataset, { ...options, queue: opts.queue, shards: opts.shards, job: opts.job });
  const { multiplets: planned, annealingEvaluations, annealingSeconds, bootstrapMeasures, threads, backend, classes, groupColumns, candidates, runs, exhaustiveSizes } =
    searchPlan(dataset, options);
  const exhaustive = { candidates, runs, sizes: exhaustiveSizes };
  const columns = Math.min(dataset.names.length, 2 * (opts.top ?? SEARCH_DEFAULTS.top) * opts.maxSize + 1);
  // A time budget takes its seconds, whatever the threads; its progress units are no multiplets.
  const seconds =
    (annealingSeconds > 0
      ? estimateSeconds(planned - annealingEvaluations, threads, backend, classes, 0, groupColumns, exhaustive) + annealingSeconds
      : estimateSeconds(planned, threads, backend, classes, annealingEvaluations, groupColumns, exhaustive)) +
    estimateBootstrapSeconds(bootstrapMeasures, opts.bootstrap ?? 0, dataset.nSamples, columns);
  const resamples = opts.bootstrap ? ` and ${formatCount(opts.bootstrap)} bootstrap resamples` : '';
  const evaluated = annealingSeconds > 0 ? planned - annealingEvaluations : planned;
  const timed = annealingSeconds > 0 ? ` and ${roughDuration(annealingSeconds)} of annealing` : '';
  const announce = `${several ? `"${input}": ` : ''}${formatCount(evaluated)} multiplets to evaluate${timed}${resamples}, about ${roughDuration(seconds)} with ${threads} thread${threads > 1 ? 's' : ''}`;
  if (evaluated > REFUSE_ABOVE && !opts.yes)
    throw new OinfoInputError(
      `${announce}; refusing above ${formatCount(REFUSE_ABOVE)} without --yes (or lower --max-size / --exhaustive-max)`,
    );
  if (seconds > ANNOUNCE_ABOVE_SECONDS) process.stderr.write(`oinfo: ${announce}\n`);

  const progress = new SearchProgress();
  return withInterrupt((signal) => search(dataset, { ...options, signal, onProgress: progress.update }), {
    aborted: 'interrupted; nothing was written',
  }).finally(() => progress.stop());
}
