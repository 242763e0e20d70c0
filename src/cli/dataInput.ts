/**
 * The data of `measure` and `search`: a data file (CSV, .npy, or "-" for CSV on stdin), or a copula
 * covariance written by `oinfo copula` (`--covariance FILE`) — exactly one of them. What needs the
 * samples (a bootstrap, a permutation test, a discrete target) is refused with a covariance, in the
 * command line's words.
 */
import { extname } from 'node:path';

import { Option } from 'commander';

import { type Dataset, fromCovariance, prepare } from '../api/dataset.js';
import { OinfoInputError, OinfoOptionError } from '../errors.js';
import { covarianceJsonFromNpy, readCovarianceJson } from '../io/covarianceFile.js';
import { readTable, STDIN } from '../io/readTable.js';
import { integer } from './flags.js';
import { warn } from './output.js';

export function covarianceOption(): Option {
  return new Option('--covariance <file>', 'start from a copula covariance written by `oinfo copula` (or a p × p .npy with --n-samples) instead of a data file');
}

export function nSamplesOption(): Option {
  return new Option('--n-samples <N>', 'the samples a .npy --covariance was computed from').argParser(integer);
}

export interface DataFlags {
  covariance?: string;
  nSamples?: number;
  backend?: string;
  threads?: number;
  bootstrap?: number;
  permutations?: number;
  targetKind?: string;
}

/** The inputs' names (for --out checks and messages): the data files, or the covariance file. */
export function inputNames(files: readonly string[], opts: DataFlags): string[] {
  if (files.length > 0 && opts.covariance !== undefined)
    throw new OinfoInputError(`give data files or --covariance, not both (got "${files[0]}" and --covariance "${opts.covariance}")`);
  if (files.length === 0 && opts.covariance === undefined)
    throw new OinfoInputError('no data: give a data file (CSV or .npy, "-" for stdin) or --covariance FILE');
  if (opts.nSamples !== undefined && opts.covariance === undefined)
    throw new OinfoInputError('--n-samples goes with a .npy --covariance (data files say their N)');
  const stdin = files.filter((file) => file === STDIN).length;
  if (stdin > 1) throw new OinfoInputError('standard input ("-") can be read once: give it at most once');
  return opts.covariance !== undefined ? [opts.covariance] : [...files];
}

/** The Dataset of one input of inputNames (warnings printed, led by the file when there are several). */
export function datasetFor(name: string, opts: DataFlags, several = false): Dataset {
  if (opts.covariance === undefined) {
    const dataset = prepare(readTable(name, { backend: opts.backend, threads: opts.threads }), { backend: opts.backend, threads: opts.threads });
    warn(several ? dataset.warnings.map((w) => `"${name}": ${w}`) : dataset.warnings);
    return dataset;
  }
  const needsSamples = opts.bootstrap !== undefined ? '--bootstrap' : opts.permutations !== undefined ? '--permutations' : opts.targetKind === 'discrete' ? '--target-kind discrete' : undefined;
  if (needsSamples !== undefined)
    throw new OinfoInputError(`${needsSamples} needs the samples, which a covariance file does not hold: give the data file instead of --covariance`);
  const isNpy = extname(name).toLowerCase() === '.npy';
  if (opts.nSamples !== undefined && !isNpy) throw new OinfoInputError('--n-samples is for a .npy covariance (a covariance file says its N): drop it');
  const json = isNpy ? covarianceJsonFromNpy(name, opts.nSamples) : readCovarianceJson(name);
  return fromCovariance(json, { backend: opts.backend, where: `"${name}"` });
}

/**
 * Runs `each` over the inputs in order. With several, an input error that does not name its file
 * yet (an unknown column of the second file, …) is led by it; an option error is everyone's.
 */
export async function perInput<T>(inputs: readonly string[], each: (input: string, several: boolean) => Promise<T> | T): Promise<{ input: string; result: T }[]> {
  const several = inputs.length > 1;
  const out: { input: string; result: T }[] = [];
  for (const input of inputs) {
    try {
      out.push({ input, result: await each(input, several) });
    } catch (error) {
      const named = error instanceof OinfoOptionError || !(error instanceof OinfoInputError) || !several || error.message.includes(`"${input}"`);
      throw named ? error : new OinfoInputError(`"${input}": ${error.message}`, { code: error.code });
    }
  }
  return out;
}
