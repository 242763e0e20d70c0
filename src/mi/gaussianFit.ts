/** A Gaussian fitted to the samples of one class (or of all samples): mean, Cholesky factor, ½ ln det Σ. */
import { OinfoInputError } from '../errors.js';
import { describeSignal } from './input.js';
import { cholesky, halfLogDet, secondMoments } from './stats.js';

export interface GaussianFit {
  d: number;
  n: number;
  mean: Float64Array;
  /** Lower Cholesky factor of Σ (divisor n − 1), row-major d × d. */
  chol: Float64Array;
  /** ½ ln det Σ = Σ ln L_ii (nats, without the ½ d ln 2πe constant). */
  halfLogDet: number;
}

/** Index of a column whose values are all equal, or −1. */
function constantColumn(columns: readonly Float64Array[]): number {
  return columns.findIndex((c) => c.every((v) => v === c[0]));
}

/**
 * Fits a Gaussian to `columns` (d columns of n samples): centred covariance, or with `center` false
 * the raw second moments x·xᵀ / (n − 1) (gcmi's demeaned=True). `classIndex` (or null for all samples)
 * and `method` name the fit in the errors: no spread (a constant column) or a singular covariance.
 */
export function fitGaussian(
  columns: readonly Float64Array[],
  options: { center: boolean; classIndex: number | null; method: string; name?: string },
): GaussianFit {
  const d = columns.length;
  const n = columns[0].length;
  const what = (options.classIndex === null ? '' : `class ${options.classIndex} of `) + describeSignal(options.name);
  const scope = options.classIndex === null ? 'x' : 'every class';
  const flat = constantColumn(columns);
  if (flat >= 0 && (options.center || columns[flat][0] === 0)) {
    const dim = d > 1 ? ` (column ${flat})` : '';
    throw new OinfoInputError(`${what}${dim} has no spread (all its values are equal); ${options.method} needs a non-zero variance within ${scope}`);
  }
  const { mean, cov } = secondMoments(columns, options.center);
  const chol = cholesky(cov, d);
  if (chol === null)
    throw new OinfoInputError(
      `${what} has a singular covariance (its columns are linearly dependent${options.classIndex === null ? '' : ' within the class'}); ${options.method} needs a positive-definite covariance within ${scope}`,
    );
  return { d, n, mean, chol, halfLogDet: halfLogDet(chol, d) };
}
