/**
 * MI between a continuous variable and a discrete label from a Gaussian mixture (gcmi's
 * `mi_mixture_gd` and `gcmi_mixture_cd`), in bits, without bias correction. The input is checked
 * here; the engine computes (native/engine/class_mi.cpp).
 */
import { gcmiEstimate, type GcmiFunction } from './classMi.js';
import type { Signal } from './input.js';
import type { GcmiOptions } from './modelCd.js';

/**
 * gcmi's `mi_mixture_gd(x, y, nClasses)` on x as given: the MI of the label with a mixture of
 * class-conditional Gaussians (class means and covariances, weights N_c / N), the mixture entropy by
 * the unscented transform (sigma points μ_c ± √d · rows of the class's Cholesky factor); no bias
 * correction. Bits. x is one column or d columns.
 */
export function miMixtureGd(x: Signal, y: ArrayLike<number>, nClasses: number, options?: GcmiOptions): number {
  return gcmiEstimate(MI_MIXTURE_GD, x, y, nClasses, options);
}

const MI_MIXTURE_GD: GcmiFunction<GcmiOptions> = {
  call: 'miMixtureGd',
  method: 'mi_mixture_gd',
  options: { name: true, backend: true },
  engine: () => ({ method: 'mixture', copula: false, biasCorrect: false, demeaned: false }),
};

/**
 * gcmi's `gcmi_mixture_cd(x, y, nClasses)`: within every class c and for every column, copnorm the
 * class's values and rescale them to the class's robust location and scale,
 * z = copnorm(x_c) · (1.482602218505602 · MAD(x_c)) + median(x_c) (NumPy median; MAD = median of
 * |x_c − median(x_c)|); then `mi_mixture_gd` on the pooled z. Bits.
 */
export function gcmiMixtureCD(x: Signal, y: ArrayLike<number>, nClasses: number, options?: GcmiOptions): number {
  return gcmiEstimate(GCMI_MIXTURE_CD, x, y, nClasses, options);
}

const GCMI_MIXTURE_CD: GcmiFunction<GcmiOptions> = {
  call: 'gcmiMixtureCD',
  method: 'gcmi-mixture',
  options: { name: true, backend: true },
  engine: () => ({ method: 'mixture', copula: true, biasCorrect: false, demeaned: false }),
};
