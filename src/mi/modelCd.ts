/**
 * MI between a continuous variable and a discrete label by Gaussian model comparison (gcmi's
 * `mi_model_gd` and `gcmi_model_cd`), in bits.
 */
import { fitGaussian } from './gaussianFit.js';
import { checkClassCounts, checkLabels, copnormColumns, type Signal, signalColumns, type SignalOptions, splitByClass } from './input.js';
import { entropyBias } from './stats.js';

export interface MiModelOptions extends SignalOptions {
  /** Subtract gcmi's bias correction from every entropy (the class ones with the class count); default true. */
  biasCorrect?: boolean;
  /**
   * x is already centred: the unconditional covariance is x·xᵀ / (N − 1) without re-centring (the class
   * covariances are always centred within the class). Default false.
   */
  demeaned?: boolean;
}

export interface GcmiOptions extends SignalOptions {
  /** The engine that computes copnorm: auto (default), native or wasm. */
  backend?: string;
}

function modelMi(
  columns: Float64Array[],
  labels: Int32Array,
  counts: Int32Array,
  options: { biasCorrect: boolean; demeaned: boolean; method: string; name?: string },
): number {
  const d = columns.length;
  const n = labels.length;
  checkClassCounts(counts, d, options.method);
  const classes = splitByClass(columns, labels, counts);
  let conditional = 0;
  classes.forEach((classColumns, c) => {
    const fit = fitGaussian(classColumns, { center: true, classIndex: c, method: options.method, name: options.name });
    const h = fit.halfLogDet - (options.biasCorrect ? entropyBias(d, counts[c]) : 0);
    conditional += (counts[c] / n) * h;
  });
  const all = fitGaussian(columns, { center: !options.demeaned, classIndex: null, method: options.method, name: options.name });
  const unconditional = all.halfLogDet - (options.biasCorrect ? entropyBias(d, n) : 0);
  return (unconditional - conditional) / Math.LN2;
}

/**
 * gcmi's `mi_model_gd(x, y, nClasses, biascorrect, demeaned)` on x as given (no copula step):
 * I = H(X) − Σ_c (N_c / N) H(X | Y = c) with Gaussian entropies (½ ln det Σ; the ½ d ln 2πe terms
 * cancel), each class entropy bias-corrected with its own count N_c. Bits. x is one column or d
 * columns; y holds integers 0..nClasses − 1, every class with at least d + 1 samples.
 */
export function miModelGd(x: Signal, y: ArrayLike<number>, nClasses: number, options: MiModelOptions = {}): number {
  const columns = signalColumns(x, options.name);
  const { labels, counts } = checkLabels(y, nClasses, columns[0].length, options.name);
  return modelMi(columns, labels, counts, {
    biasCorrect: options.biasCorrect ?? true,
    demeaned: options.demeaned ?? false,
    method: 'mi_model_gd',
    name: options.name,
  });
}

/**
 * gcmi's `gcmi_model_cd(x, y, nClasses)`: copnorm every column of x (stable ranks, by the engine),
 * then `mi_model_gd(copnorm(x), y, nClasses, biascorrect = true, demeaned = true)`. Bits.
 */
export function gcmiModelCD(x: Signal, y: ArrayLike<number>, nClasses: number, options: GcmiOptions = {}): number {
  const columns = signalColumns(x, options.name);
  const { labels, counts } = checkLabels(y, nClasses, columns[0].length, options.name);
  checkClassCounts(counts, columns.length, 'gcmi-model');
  const z = copnormColumns(columns, options.backend);
  return modelMi(z, labels, counts, { biasCorrect: true, demeaned: true, method: 'gcmi-model', name: options.name });
}
