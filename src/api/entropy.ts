import type { Units } from '../backend/engine.js';
import { getEngine } from '../backend/load.js';
import { OinfoInputError, OinfoOptionError } from '../errors.js';
import { findColumns } from '../io/columns.js';
import { type DataInput, prepare } from './dataset.js';
import { booleanOption, inContext, type OptionNames, optionsObject, unitsOption } from './validate.js';

export interface EntropyOptions {
  vars: string[];
  units?: Units;
  biasCorrect?: boolean;
  backend?: string;
}

const ENTROPY_OPTIONS: OptionNames<EntropyOptions> = { vars: true, units: true, biasCorrect: true, backend: true };

/**
 * Gaussian entropy of the copula-normalised variables `vars` (gcmi's ent_g of copnorm'ed data):
 * ½(d·ln 2πe + ln det Σ) − c_N(d) with the bias correction (default), in bits by default.
 */
export function entropy(data: DataInput, options: EntropyOptions): number {
  options = optionsObject(options, 'entropy', ENTROPY_OPTIONS, '{ vars }');
  const dataset = prepare(data, { backend: options.backend });
  if (Array.isArray(options.vars) && options.vars.length === 0) throw new OinfoOptionError('vars', 'is empty: name at least one variable');
  const members = Int32Array.from(findColumns(dataset.names, options.vars, 'vars'));
  if (dataset.nSamples < members.length + 2)
    throw new OinfoInputError(`fewer samples than variables + 2: ${dataset.nSamples} samples for ${members.length} variables`);
  const estimator = { units: unitsOption(options.units), biasCorrect: booleanOption(options.biasCorrect, 'biasCorrect', true) };
  return inContext(`variables {${options.vars.join(', ')}}`, () =>
    getEngine(options.backend).entropy(dataset.cov, dataset.names.length, dataset.nSamples, members, estimator),
  );
}
