/**
 * The data of `measure` and `search`: a data file (CSV, .npy, or "-" for CSV on stdin), or a copula
 * covariance written by `oinfo copula` (`--covariance FILE`) — exactly one of them. What needs the
 * samples (a bootstrap, a permutation test, a discrete target) is refused with a covariance, in the
 * command line's words.
 */
import { Option } from 'commander';

import { type Dataset, fromCovariance, prepare } from '../api/dataset.js';
import { OinfoInputError } from '../errors.js';
import { readCovarianceJson } from '../io/covarianceFile.js';
import { readTable } from '../io/readTable.js';
import { warn } from './output.js';

export function covarianceOption(): Option {
  return new Option('--covariance <file>', 'start from a copula covariance written by `oinfo copula` instead of a data file');
}

export interface DataFlags {
  covariance?: string;
  backend?: string;
  threads?: number;
  bootstrap?: number;
  permutations?: number;
  targetKind?: string;
}

/** The input's name (for --out checks and messages): the data file or the covariance file. */
export function inputName(file: string | undefined, opts: DataFlags): string {
  if (file !== undefined && opts.covariance !== undefined)
    throw new OinfoInputError(`give a data file or --covariance, not both (got "${file}" and --covariance "${opts.covariance}")`);
  const name = file ?? opts.covariance;
  if (name === undefined) throw new OinfoInputError('no data: give a data file (CSV or .npy, "-" for stdin) or --covariance FILE');
  return name;
}

/** The Dataset of a command (warnings printed). */
export function datasetFor(file: string | undefined, opts: DataFlags): Dataset {
  const name = inputName(file, opts);
  if (opts.covariance === undefined) {
    const dataset = prepare(readTable(name), { backend: opts.backend, threads: opts.threads });
    warn(dataset.warnings);
    return dataset;
  }
  const needsSamples = opts.bootstrap !== undefined ? '--bootstrap' : opts.permutations !== undefined ? '--permutations' : opts.targetKind === 'discrete' ? '--target-kind discrete' : undefined;
  if (needsSamples !== undefined)
    throw new OinfoInputError(`${needsSamples} needs the samples, which a covariance file does not hold: give the data file instead of --covariance`);
  return fromCovariance(readCovarianceJson(name), { backend: opts.backend, where: `"${name}"` });
}
