/**
 * `mi(data, { target })`: every variable's MI with a discrete label column (SPEC §4 `oinfo mi`, §5),
 * by gcmi's model comparison (`gcmi_model_cd`) or Gaussian-mixture (`gcmi_mixture_cd`) estimator.
 */
import { type DataInput, isDataset, tableFromInput } from '../api/dataset.js';
import { callbackOption, type OptionNames, optionsObject } from '../api/validate.js';
import type { BackendName } from '../backend/engine.js';
import { getEngine } from '../backend/load.js';
import { OinfoInputError } from '../errors.js';
import { findColumn, findColumns } from '../io/columns.js';
import { validateTable } from '../io/table.js';
import { gcmiMixtureCD } from './mixtureCd.js';
import { gcmiModelCD } from './modelCd.js';

export const MI_METHODS = ['model', 'mixture'] as const;
export type MiMethod = (typeof MI_METHODS)[number];

export interface MiOptions {
  /** The label column: integers 0..K − 1 (K = the largest label + 1, every class present). */
  target: string;
  /** The variables (column names); default every column but the target. */
  vars?: string[];
  /** 'model' (gcmi_model_cd, default) or 'mixture' (gcmi_mixture_cd). */
  method?: MiMethod;
  backend?: string;
  /** Non-fatal findings (a constant column, many repeated values), as gcmi warns about them. */
  onWarning?: (message: string) => void;
}

/** SPEC §4's JSON of `oinfo mi`: each variable's MI with the label, in bits. */
export interface MiResult {
  target: string;
  method: MiMethod;
  units: 'bits';
  mi: Record<string, number>;
  backend: BackendName;
}

/** The number of classes of a label column, after checking that every label is an integer ≥ 0. */
function classCount(labels: Float64Array, target: string): number {
  let max = 0;
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (!Number.isInteger(v) || v < 0)
      throw new OinfoInputError(`the target "${target}" has ${v} at row ${i + 1}: labels must be integers 0, 1, 2, …`);
    if (v > max) max = v;
  }
  if (max === 0) throw new OinfoInputError(`the target "${target}" has a single class (every label is 0); MI with a label needs at least 2 classes`);
  if (max >= labels.length)
    throw new OinfoInputError(
      `the target "${target}" has the label ${max} but only ${labels.length} samples: labels must be 0..K−1 with every class present`,
    );
  return max + 1;
}

function repeatedValuesWarning(column: Float64Array, name: string): string | null {
  const sorted = Float64Array.from(column).sort();
  let distinct = sorted.length > 0 ? 1 : 0;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  if (distinct === 1) return `column "${name}" is constant: its copula ranks follow sample order`;
  if (distinct / sorted.length < 0.9) return `column "${name}" has more than 10% repeated values (copnorm ranks ties in sample order)`;
  return null;
}

const MI_OPTIONS: OptionNames<MiOptions> = { target: true, vars: true, method: true, backend: true, onWarning: true };

/**
 * Each variable's mutual information (bits) with the discrete label `target` (SPEC §5):
 * gcmiModelCD (method 'model', default) or gcmiMixtureCD (method 'mixture') of every column.
 */
export function mi(data: DataInput, options: MiOptions): MiResult {
  options = optionsObject(options, 'mi', MI_OPTIONS, '{ target }');
  if (typeof options.target !== 'string' || options.target === '') throw new OinfoInputError('mi needs a target: the label column (--target)');
  const method = options.method ?? 'model';
  if (!(MI_METHODS as readonly string[]).includes(method))
    throw new OinfoInputError(`unknown method "${method}" (methods: ${MI_METHODS.join(', ')})`);
  const onWarning = callbackOption<(message: string) => void>(options.onWarning, 'onWarning');
  const engine = getEngine(options.backend);
  if (isDataset(data))
    throw new OinfoInputError('mi needs the samples, not a prepared Dataset: pass the Table (readTable) or the named columns');
  const table = tableFromInput(data, 'mi');
  validateTable(table);
  const targetIndex = findColumn(table.names, options.target, 'target');
  const target = table.names[targetIndex];
  const indices =
    options.vars === undefined ? table.names.map((_, j) => j).filter((j) => j !== targetIndex) : findColumns(table.names, options.vars, 'vars', targetIndex);
  if (indices.length === 0) throw new OinfoInputError(`no variables: the data has no column besides the target "${target}"`);
  const vars = indices.map((j) => table.names[j]);
  const labels = table.columns[targetIndex];
  const nClasses = classCount(labels, target);
  const estimate = method === 'model' ? gcmiModelCD : gcmiMixtureCD;
  const values = indices.map((j, k) => {
    const name = vars[k];
    const warning = repeatedValuesWarning(table.columns[j], name);
    if (warning !== null) onWarning?.(warning);
    return [name, estimate(table.columns[j], labels, nClasses, { backend: engine.name, name })] as const;
  });
  return { target, method, units: 'bits', mi: Object.fromEntries(values), backend: engine.name };
}
