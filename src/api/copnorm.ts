import { getEngine } from '../backend/load.js';
import { OinfoInputError } from '../errors.js';
import { describeValue } from '../util/describeValue.js';
import { optionsObject } from './validate.js';

/**
 * Gaussian-copula normalisation (gcmi's copnorm) of one variable: rank r ∈ {1..N} with ties in
 * sample order, then Φ⁻¹(r / (N + 1)). Unitless standard-normal scores.
 */
export function copnorm(x: ArrayLike<number>, options: { backend?: string } = {}): Float64Array {
  options = optionsObject(options, 'copnorm', { backend: true });
  if (typeof x !== 'object' || x === null || typeof x.length !== 'number' || x.length < 2)
    throw new OinfoInputError(`copnorm needs an array of at least 2 numbers, got ${describeValue(x)}${Array.isArray(x) || ArrayBuffer.isView(x) ? ` of ${x.length}` : ''}`);
  const data = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v: unknown = x[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new OinfoInputError(`value ${describeValue(v)} at index ${i} is not a finite number`);
    data[i] = v;
  }
  return getEngine(options.backend).copnorm(data, data.length, 1, 1);
}
