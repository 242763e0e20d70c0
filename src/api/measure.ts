import type { BackendName, Units } from '../backend/engine.js';
import { getEngine } from '../backend/load.js';
import { OinfoInputError } from '../errors.js';
import { columnIndex, type DataInput, prepare } from './dataset.js';
import { fromEngineError } from './engineErrors.js';

export interface MeasureOptions {
  /** The variables of the multiplet (column names). */
  vars: string[];
  /** A column that joins the multiplet (e.g. a task label), reported separately. */
  target?: string;
  /** Default 'bits'. */
  units?: Units;
  /** gcmi's bias correction of every entropy; default true. */
  biasCorrect?: boolean;
  backend?: string;
  /** Evaluate with the naive oracle (every entropy from its own Cholesky) instead of the direct route. */
  naive?: boolean;
}

/** SPEC §4's JSON of `oinfo measure`: TC, DTC, Ω (> 0 redundancy, < 0 synergy) and S-information. */
export interface MeasureResult {
  vars: string[];
  target: string[];
  n_samples: number;
  units: Units;
  bias_corrected: boolean;
  oinfo: number;
  tc: number;
  dtc: number;
  sinfo: number;
  backend: BackendName;
}

/** TC, DTC, O-information and S-information of one multiplet (with the target, if any, as a member). */
export function measure(data: DataInput, options: MeasureOptions): MeasureResult {
  const engine = getEngine(options.backend);
  const dataset = prepare(data, { backend: options.backend });
  const vars = options.vars ?? [];
  if (vars.length === 0) throw new OinfoInputError('no variables given: name at least one with --vars');
  const seen = new Set<string>();
  for (const v of vars) {
    if (seen.has(v)) throw new OinfoInputError(`variable "${v}" is listed twice`);
    seen.add(v);
  }
  const target = options.target === undefined ? [] : [options.target];
  if (options.target !== undefined && seen.has(options.target))
    throw new OinfoInputError(`the target "${options.target}" is also listed among the variables`);
  const members = [...vars.map((v) => columnIndex(dataset, v)), ...target.map((t) => columnIndex(dataset, t, 'target'))];
  const m = members.length;
  if (dataset.nSamples < m + 2)
    throw new OinfoInputError(
      `fewer samples than variables + 2: ${dataset.nSamples} samples for a multiplet of ${m} variables (need at least ${m + 2})`,
    );
  const units = options.units ?? 'bits';
  const biasCorrect = options.biasCorrect ?? true;
  let values;
  try {
    values = engine.measure(dataset.cov, dataset.names.length, dataset.nSamples, Int32Array.from(members), {
      units,
      biasCorrect,
      naive: options.naive ?? false,
    });
  } catch (error) {
    throw fromEngineError(error, `multiplet {${[...vars, ...target].join(', ')}}`);
  }
  return {
    vars: [...vars],
    target,
    n_samples: dataset.nSamples,
    units,
    bias_corrected: biasCorrect,
    oinfo: values.oinfo,
    tc: values.tc,
    dtc: values.dtc,
    sinfo: values.sinfo,
    backend: engine.name,
  };
}
