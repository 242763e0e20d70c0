import type { BackendName } from '../backend/engine.js';
import { getEngine } from '../backend/load.js';
import { OinfoInputError } from '../errors.js';
import { type Table, validateTable } from '../io/table.js';

/**
 * A data set ready for any number of measures and searches: its variable names, sample count and
 * the covariance of its copula-normalised columns (demeaned, divisor N − 1), computed once.
 */
export interface Dataset {
  readonly kind: 'oinfo.dataset';
  readonly names: readonly string[];
  readonly nSamples: number;
  /** names.length × names.length, row-major. */
  readonly cov: Float64Array;
  /** Non-fatal findings, e.g. constant columns (their copula ranks follow sample order). */
  readonly warnings: readonly string[];
  /** The backend that normalised the data. */
  readonly backend: BackendName;
}

/** Anything the API accepts as data: a prepared Dataset, a Table (see readTable), or named columns. */
export type DataInput = Dataset | Table | Record<string, ArrayLike<number>>;

export interface PrepareOptions {
  backend?: string;
  threads?: number;
}

function isDataset(data: DataInput): data is Dataset {
  return (data as Dataset).kind === 'oinfo.dataset';
}

function isTable(data: DataInput): data is Table {
  const t = data as Table;
  return Array.isArray(t.names) && Array.isArray(t.columns) && typeof t.nSamples === 'number';
}

function tableFromColumns(columns: Record<string, ArrayLike<number>>): Table {
  const names = Object.keys(columns);
  if (names.length === 0) throw new OinfoInputError('the data has no columns');
  const nSamples = columns[names[0]].length;
  const out: Float64Array[] = [];
  for (const name of names) {
    const column = columns[name];
    if (column == null || typeof column.length !== 'number')
      throw new OinfoInputError(`column "${name}" is not an array of numbers`);
    if (column.length !== nSamples)
      throw new OinfoInputError(`column "${name}" has ${column.length} values, column "${names[0]}" has ${nSamples}`);
    out.push(Float64Array.from(column));
  }
  return { names, nSamples, columns: out };
}

/** Validates the data and computes its copula covariance (the one pass over the samples). */
export function prepare(data: DataInput, options: PrepareOptions = {}): Dataset {
  if (isDataset(data)) return data;
  const table = isTable(data) ? data : tableFromColumns(data);
  validateTable(table);
  const p = table.names.length;
  const n = table.nSamples;
  if (n < 3) throw new OinfoInputError(`the data has ${n} samples; at least 3 are needed`);
  const warnings: string[] = [];
  const packed = new Float64Array(n * p);
  table.columns.forEach((column, j) => {
    packed.set(column, j * n);
    if (column.every((x) => x === column[0]))
      warnings.push(`column "${table.names[j]}" is constant: its copula ranks follow sample order`);
  });
  const engine = getEngine(options.backend);
  const cov = engine.copulaCovariance(packed, n, p, options.threads ?? 0);
  return { kind: 'oinfo.dataset', names: [...table.names], nSamples: n, cov, warnings, backend: engine.name };
}

/** Index of a named column, or an error that lists the columns there are. */
export function columnIndex(dataset: Dataset, name: string, role = 'column'): number {
  const index = dataset.names.indexOf(name);
  if (index < 0) {
    const shown = dataset.names.slice(0, 10).join(', ') + (dataset.names.length > 10 ? ', …' : '');
    throw new OinfoInputError(`unknown ${role} "${name}" (columns: ${shown})`);
  }
  return index;
}
