/**
 * MI between a continuous variable and a discrete label from a Gaussian mixture (gcmi's
 * `mi_mixture_gd` and `gcmi_mixture_cd`), in bits, without bias correction.
 */
import { OinfoInputError } from '../errors.js';
import { fitGaussian, type GaussianFit } from './gaussianFit.js';
import { checkClassCounts, checkLabels, copnormColumns, describeSignal, type Signal, signalColumns, type SignalOptions, splitByClass } from './input.js';
import type { GcmiOptions } from './modelCd.js';
import { MAD_TO_SD, mahalanobis2, median, medianAbsoluteDeviation } from './stats.js';

const LN_2PI = Math.log(2 * Math.PI);

/**
 * The mixture estimate on data already split by class: H(X | Y) = Σ_c w_c H_c with the class Gaussians'
 * entropies H_c = ½ ln det Σ_c + ½ d (ln 2π + 1), w_c = N_c / N; H(X) of the mixture Σ_c w_c N(μ_c, Σ_c)
 * by the unscented transform: −1/(2d) Σ_c w_c Σ_{s ∈ S_c} ln p(s), S_c the 2d sigma points
 * μ_c ± √d · (k-th row of L_c) (gcmi's Python uses L_cᵀ's columns), p the mixture density.
 */
export function mixtureMiOfClasses(classes: readonly (readonly Float64Array[])[], method: string, name?: string): number {
  const fits: GaussianFit[] = classes.map((cols, c) => fitGaussian(cols, { center: true, classIndex: c, method, name }));
  const d = fits[0].d;
  const n = fits.reduce((s, f) => s + f.n, 0);
  const k = fits.length;
  const w = fits.map((f) => f.n / n);
  const hcond = fits.map((f) => f.halfLogDet + 0.5 * d * (LN_2PI + 1));
  const scale = Math.sqrt(d);
  const point = new Float64Array(d);
  const diff = new Float64Array(d);
  const work = new Float64Array(d);
  const logLik = new Float64Array(k);
  let hmix = 0;
  for (let c = 0; c < k; c++) {
    const { mean, chol } = fits[c];
    let sum = 0;
    for (const sign of [1, -1])
      for (let r = 0; r < d; r++) {
        for (let i = 0; i < d; i++) point[i] = mean[i] + sign * scale * chol[r * d + i];
        let max = -Infinity;
        for (let m = 0; m < k; m++) {
          for (let i = 0; i < d; i++) diff[i] = point[i] - fits[m].mean[i];
          logLik[m] = -0.5 * mahalanobis2(fits[m].chol, d, diff, work) - hcond[m] + 0.5 * d;
          if (logLik[m] > max) max = logLik[m];
        }
        let s = 0;
        for (let m = 0; m < k; m++) s += w[m] * Math.exp(logLik[m] - max);
        sum += max + Math.log(s);
      }
    hmix += w[c] * sum;
  }
  hmix = -hmix / (2 * d);
  let conditional = 0;
  for (let c = 0; c < k; c++) conditional += w[c] * hcond[c];
  return (hmix - conditional) / Math.LN2;
}

/**
 * gcmi's `mi_mixture_gd(x, y, nClasses)` on x as given: the MI of the label with a mixture of
 * class-conditional Gaussians (class means and covariances, weights N_c / N), the mixture entropy by
 * the unscented transform; no bias correction. Bits. x is one column or d columns.
 */
export function miMixtureGd(x: Signal, y: ArrayLike<number>, nClasses: number, options: SignalOptions = {}): number {
  const columns = signalColumns(x, options.name);
  const { labels, counts } = checkLabels(y, nClasses, columns[0].length, options.name);
  checkClassCounts(counts, columns.length, 'mi_mixture_gd');
  return mixtureMiOfClasses(splitByClass(columns, labels, counts), 'mi_mixture_gd', options.name);
}

/**
 * gcmi's `gcmi_mixture_cd(x, y, nClasses)`: within every class c and for every column, copnorm the
 * class's values (by the engine) and rescale them to the class's robust location and scale,
 * z = copnorm(x_c) · (1.482602218505602 · MAD(x_c)) + median(x_c) (NumPy median; MAD = median of
 * |x_c − median(x_c)|); then `mi_mixture_gd` on the pooled z. Bits.
 */
export function gcmiMixtureCD(x: Signal, y: ArrayLike<number>, nClasses: number, options: GcmiOptions = {}): number {
  const columns = signalColumns(x, options.name);
  const { labels, counts } = checkLabels(y, nClasses, columns[0].length, options.name);
  checkClassCounts(counts, columns.length, 'gcmi-mixture');
  const classes = splitByClass(columns, labels, counts).map((classColumns, c) => {
    const location = classColumns.map((col) => median(col));
    const spread = classColumns.map((col, j) => medianAbsoluteDeviation(col, location[j]));
    const flat = spread.findIndex((s) => s === 0);
    if (flat >= 0) {
      const dim = classColumns.length > 1 ? ` (column ${flat})` : '';
      throw new OinfoInputError(
        `class ${c} of ${describeSignal(options.name)}${dim} has no spread: its median absolute deviation is 0 (half or more of its values are equal); gcmi-mixture rescales every class by its MAD`,
      );
    }
    return copnormColumns(classColumns, options.backend).map((z, j) => {
      const s = MAD_TO_SD * spread[j];
      return z.map((v) => v * s + location[j]);
    });
  });
  return mixtureMiOfClasses(classes, 'gcmi-mixture', options.name);
}
