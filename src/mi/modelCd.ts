/**
 * MI between a continuous variable and a discrete label by Gaussian model comparison (gcmi's
 * `mi_model_gd` and `gcmi_model_cd`), in bits. The input is checked here; the engine computes
 * (native/engine/class_mi.cpp).
 */
import { booleanOption } from '../api/validate.js';
import { gcmiEstimate, type GcmiFunction } from './classMi.js';
import type { Signal, SignalOptions } from './input.js';

export interface GcmiOptions extends SignalOptions {
  /** The engine that computes: auto (default), native or wasm. */
  backend?: string;
}

export interface MiModelOptions extends GcmiOptions {
  /** Subtract gcmi's bias correction from every entropy (the class ones with the class count); default true. */
  biasCorrect?: boolean;
  /**
   * x is already centred: the unconditional covariance is x·xᵀ / (N − 1) without re-centring (the class
   * covariances are always centred within the class). Default false.
   */
  demeaned?: boolean;
}

/**
 * gcmi's `mi_model_gd(x, y, nClasses, biascorrect, demeaned)` on x as given (no copula step):
 * I = H(X) − Σ_c (N_c / N) H(X | Y = c) with Gaussian entropies (½ ln det Σ; the ½ d ln 2πe terms
 * cancel), each class entropy bias-corrected with its own count N_c. Bits. x is one column or d
 * columns; y holds integers 0..nClasses − 1, every class with at least d + 1 samples.
 */
export function miModelGd(x: Signal, y: ArrayLike<number>, nClasses: number, options?: MiModelOptions): number {
  return gcmiEstimate(MI_MODEL_GD, x, y, nClasses, options);
}

const MI_MODEL_GD: GcmiFunction<MiModelOptions> = {
  call: 'miModelGd',
  method: 'mi_model_gd',
  options: { name: true, backend: true, biasCorrect: true, demeaned: true },
  engine: (o) => ({ method: 'model', copula: false, biasCorrect: booleanOption(o.biasCorrect, 'biasCorrect', true), demeaned: booleanOption(o.demeaned, 'demeaned', false) }),
};

/**
 * gcmi's `gcmi_model_cd(x, y, nClasses)`: copnorm every column of x (stable ranks), then
 * `mi_model_gd(copnorm(x), y, nClasses, biascorrect = true, demeaned = true)`. Bits.
 */
export function gcmiModelCD(x: Signal, y: ArrayLike<number>, nClasses: number, options?: GcmiOptions): number {
  return gcmiEstimate(GCMI_MODEL_CD, x, y, nClasses, options);
}

const GCMI_MODEL_CD: GcmiFunction<GcmiOptions> = {
  call: 'gcmiModelCD',
  method: 'gcmi-model',
  options: { name: true, backend: true },
  engine: () => ({ method: 'model', copula: true, biasCorrect: true, demeaned: true }),
};
