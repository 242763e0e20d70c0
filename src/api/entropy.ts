import type { Units } from '../backend/engine.js';
import { getEngine } from '../backend/load.js';
import { OinfoInputError } from '../errors.js';
import { columnIndex, type DataInput, prepare } from './dataset.js';
import { fromEngineError } from './engineErrors.js';

export interface EntropyOptions {
  vars: string[];
  units?: Units;
  biasCorrect?: boolean;
  backend?: string;
}

/**
 * Gaussian entropy of the copula-normalised variables `vars` (gcmi's ent_g of copnorm'ed data):
 * ½(d·ln 2πe + ln det Σ) − c_N(d) with the bias correction (default), in bits by default.
 */
export function entropy(data: DataInput, options: EntropyOptions): number {
  const dataset = prepare(data, { backend: options.backend });
  if (!options.vars?.length) throw new OinfoInputError('entropy needs at least one variable');
  const members = Int32Array.from(options.vars.map((v) => columnIndex(dataset, v)));
  if (dataset.nSamples < members.length + 2)
    throw new OinfoInputError(`fewer samples than variables + 2: ${dataset.nSamples} samples for ${members.length} variables`);
  try {
    return getEngine(options.backend).entropy(dataset.cov, dataset.names.length, dataset.nSamples, members, {
      units: options.units ?? 'bits',
      biasCorrect: options.biasCorrect ?? true,
    });
  } catch (error) {
    throw fromEngineError(error, `variables {${options.vars.join(', ')}}`);
  }
}
