import { getEngine } from '../backend/load.js';
import { OinfoInputError } from '../errors.js';
import { fromEngineError } from './engineErrors.js';

/**
 * Gaussian-copula normalisation (gcmi's copnorm) of one variable: rank r ∈ {1..N} with ties in
 * sample order, then Φ⁻¹(r / (N + 1)). Unitless standard-normal scores.
 */
export function copnorm(x: ArrayLike<number>, options: { backend?: string } = {}): Float64Array {
  if (x.length < 2) throw new OinfoInputError(`copnorm needs at least 2 samples, got ${x.length}`);
  const data = Float64Array.from(x);
  const bad = data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new OinfoInputError(`value ${data[bad]} at index ${bad} is not finite`);
  try {
    return getEngine(options.backend).copnorm(data, data.length, 1, 1);
  } catch (error) {
    throw fromEngineError(error);
  }
}
