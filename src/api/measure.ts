import type { BackendName, Units } from '../backend/engine.js';
import { getEngine } from '../backend/load.js';
import { OinfoInputError, OinfoOptionError } from '../errors.js';
import { findColumn, findColumns } from '../io/columns.js';
import { type DataInput, type Dataset, prepare } from './dataset.js';
import { measureWithClasses, resolveTarget, type TargetKind } from './discreteTarget.js';
import { discreteTargetWithGroups, type GroupsOption, groupsJson, namedVariables, resolveGroups, type Variable } from './groups.js';
import { booleanOption, inContext, type OptionNames, optionsObject, unitsOption } from './validate.js';

export interface MeasureOptions {
  /** The variables of the multiplet (column names; with `groups`, group names and columns in no group). */
  vars: string[];
  /** Multivariate variables: named blocks of columns, each one variable (see SearchOptions.groups). */
  groups?: GroupsOption;
  /** A column that joins the multiplet (e.g. a task label), reported separately. */
  target?: string;
  /** How the target is treated: `auto` (default), `discrete` or `continuous` (see SearchOptions.targetKind). */
  targetKind?: TargetKind;
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
  /** With `groups`: the columns of each group among `vars` (column order). */
  groups?: Record<string, string[]>;
  target: string[];
  /** How the target was treated (SPEC §7); null without a target. */
  target_kind: 'discrete' | 'continuous' | null;
  n_samples: number;
  units: Units;
  bias_corrected: boolean;
  oinfo: number;
  tc: number;
  dtc: number;
  sinfo: number;
  backend: BackendName;
}

const MEASURE_OPTIONS: OptionNames<MeasureOptions> = {
  vars: true, groups: true, target: true, targetKind: true, units: true, biasCorrect: true, backend: true, naive: true,
};

/** TC, DTC, O-information and S-information of one multiplet (with the target, if any, as a member). */
export function measure(data: DataInput, options: MeasureOptions): MeasureResult {
  options = optionsObject(options, 'measure', MEASURE_OPTIONS, '{ vars }');
  const engine = getEngine(options.backend);
  const dataset = prepare(data, { backend: options.backend });
  if (Array.isArray(options.vars) && options.vars.length === 0) throw new OinfoOptionError('vars', 'is empty: name at least one variable');
  const target = options.target === undefined ? -1 : findColumn(dataset.names, options.target, 'target');
  if (options.groups !== undefined) return measureGroups(dataset, options, target);
  const members = [...findColumns(dataset.names, options.vars, 'vars', target), ...(target >= 0 ? [target] : [])];
  const m = members.length;
  if (dataset.nSamples < m + 2)
    throw new OinfoInputError(
      `fewer samples than variables + 2: ${dataset.nSamples} samples for a multiplet of ${m} variables (need at least ${m + 2})`,
    );
  const units = unitsOption(options.units);
  const biasCorrect = booleanOption(options.biasCorrect, 'biasCorrect', true);
  const naive = booleanOption(options.naive, 'naive', false);
  const names = members.map((i) => dataset.names[i]);
  const resolved = resolveTarget(dataset, target, options.targetKind, target >= 0 ? m - 1 : m);
  const values = inContext(`multiplet {${names.join(', ')}}`, () =>
    resolved.classes
      ? measureWithClasses(engine, dataset, members.slice(0, m - 1), resolved.classes, { units, biasCorrect, naive })
      : engine.measure(dataset.cov, dataset.names.length, dataset.nSamples, Int32Array.from(members), { units, biasCorrect, naive }),
  );
  return result(dataset, target, names.slice(0, target >= 0 ? m - 1 : m), {}, resolved.kind, units, biasCorrect, values, engine.name);
}

/** A MeasureResult: the variables measured (and their groups), the settings and the four measures. */
function result(
  dataset: Dataset,
  target: number,
  vars: string[],
  groups: Pick<MeasureResult, 'groups'>,
  kind: MeasureResult['target_kind'],
  units: MeasureResult['units'],
  biasCorrect: boolean,
  values: Pick<MeasureResult, 'oinfo' | 'tc' | 'dtc' | 'sinfo'>,
  backend: MeasureResult['backend'],
): MeasureResult {
  return {
    vars,
    ...groups,
    target: target >= 0 ? [dataset.names[target]] : [],
    target_kind: kind,
    n_samples: dataset.nSamples,
    units,
    bias_corrected: biasCorrect,
    oinfo: values.oinfo,
    tc: values.tc,
    dtc: values.dtc,
    sinfo: values.sinfo,
    backend,
  };
}

/** measure() with groups: each named variable a block of columns (the target, if any, a 1-column block). */
function measureGroups(dataset: Dataset, options: MeasureOptions, target: number): MeasureResult {
  const engine = getEngine(options.backend);
  const variables: Variable[] = namedVariables(dataset.names, resolveGroups(dataset.names, options.groups, target), options.vars, 'vars', target);
  const members = [...variables.flatMap((v) => v.columns), ...(target >= 0 ? [target] : [])];
  const sizes = [...variables.map((v) => v.columns.length), ...(target >= 0 ? [1] : [])];
  const d = members.length;
  if (dataset.nSamples < d + 2)
    throw new OinfoInputError(`fewer samples than columns + 2: ${dataset.nSamples} samples for a multiplet of ${d} columns (need at least ${d + 2})`);
  const units = unitsOption(options.units);
  const biasCorrect = booleanOption(options.biasCorrect, 'biasCorrect', true);
  const naive = booleanOption(options.naive, 'naive', false);
  const resolved = resolveTarget(dataset, target, options.targetKind, d);
  if (resolved.kind === 'discrete')
    throw discreteTargetWithGroups(dataset.names[target]);
  const names = variables.map((v) => v.name);
  const values = inContext(`multiplet {${names.join(', ')}}`, () =>
    engine.measure(dataset.cov, dataset.names.length, dataset.nSamples, Int32Array.from(members), { units, biasCorrect, naive }, undefined, Int32Array.from(sizes)),
  );
  return result(dataset, target, names, { groups: groupsJson(dataset.names, variables) }, resolved.kind, units, biasCorrect, values, engine.name);
}
