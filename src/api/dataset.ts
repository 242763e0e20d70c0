import type { BackendName } from '../backend/engine.js';
import type { ClassStatistics } from './discreteTarget.js';
import { getEngine } from '../backend/load.js';
import { OinfoInputError } from '../errors.js';
import { type Table, validateTable } from '../io/table.js';
import { normalizeName } from '../io/columns.js';
import { checkCovariance, covarianceJson, type CovarianceJson } from '../io/covarianceFile.js';
import { describeValue } from '../util/describeValue.js';
import { optionsObject, threadsOption } from './validate.js';

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
  /**
   * The checked input columns (float64; references, not copies). A discrete target reads its class labels
   * here and copula-normalises the variables it needs (src/api/discreteTarget.ts); a bootstrap resamples
   * them. Absent from a Dataset made elsewhere, which then can take neither.
   */
  readonly columns?: readonly Float64Array[];
  /** Non-fatal findings, e.g. constant columns (their copula ranks follow sample order). */
  readonly warnings: readonly string[];
  /** The backend that normalised the data. */
  readonly backend: BackendName;
  /**
   * A discrete target's class statistics computed elsewhere, for a Dataset without samples (a worker
   * of a distributed search): see discreteTarget.ts.
   */
  readonly classStatistics?: ClassStatistics;
}

/** Anything the API accepts as data: a prepared Dataset, a Table (see readTable), or named columns. */
export type DataInput = Dataset | Table | Record<string, ArrayLike<number>>;

export interface PrepareOptions {
  backend?: string;
  /** Threads of the copula step; default all cores. */
  threads?: number;
}

export function isDataset(data: unknown): data is Dataset {
  return (data as Dataset | null)?.kind === 'oinfo.dataset';
}

function isTable(data: object): data is Table {
  const t = data as Table;
  return Array.isArray(t.names) && Array.isArray(t.columns) && typeof t.nSamples === 'number';
}

/** Typed arrays whose values are numbers (BigInt64Array and BigUint64Array hold bigints). */
function isNumericTypedArray(value: unknown): value is ArrayLike<number> {
  return ArrayBuffer.isView(value) && !(value instanceof DataView) && !(value instanceof BigInt64Array) && !(value instanceof BigUint64Array);
}

/** One column as float64: a numeric typed array, or an array whose every entry is a number. */
function numericColumn(column: unknown, name: string): Float64Array {
  if (column instanceof Float64Array) return column; // read only: no copy of the data set
  if (isNumericTypedArray(column)) return Float64Array.from(column);
  if (!Array.isArray(column))
    throw new OinfoInputError(`column "${name}" must be an array or a typed array of numbers, got ${describeValue(column)}`);
  const out = new Float64Array(column.length);
  for (let i = 0; i < column.length; i++) {
    const v: unknown = column[i];
    if (typeof v !== 'number') throw new OinfoInputError(`column "${name}" has ${describeValue(v)} at index ${i}: every value must be a number`);
    out[i] = v;
  }
  return out;
}

/** Checked, float64 columns from the names and columns given; names NFC-normalised and distinct. */
function table(names: readonly unknown[], columns: readonly unknown[]): Table {
  if (names.length === 0) throw new OinfoInputError('the data has no columns');
  const seen = new Map<string, number>();
  const normalized = names.map((raw, j) => {
    if (typeof raw !== 'string' || raw === '') throw new OinfoInputError(`column ${j + 1} has an empty name; every column needs a name`);
    const name = normalizeName(raw);
    const previous = seen.get(name);
    if (previous !== undefined) throw new OinfoInputError(`duplicate column name "${name}" (columns ${previous + 1} and ${j + 1})`);
    seen.set(name, j);
    return name;
  });
  const out = columns.map((c, j) => numericColumn(c, normalized[j]));
  out.forEach((c, j) => {
    if (c.length !== out[0].length)
      throw new OinfoInputError(`column "${normalized[j]}" has ${c.length} values, column "${normalized[0]}" has ${out[0].length}`);
  });
  return { names: normalized, nSamples: out[0].length, columns: out };
}

/**
 * The samples of any DataInput but a Dataset, checked: every column numeric (finite values are checked
 * by validateTable), of one length, with a distinct non-empty name. `what` names the call in errors.
 */
export function tableFromInput(data: unknown, what: string): Table {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new OinfoInputError(
      `${what} needs data: a Table (readTable), named columns ({ x: [...], y: [...] }) or a prepared Dataset; got ${describeValue(data)}`,
    );
  if (isTable(data)) {
    if (data.columns.length !== data.names.length)
      throw new OinfoInputError(`the table has ${data.names.length} names but ${data.columns.length} columns`);
    const t = table(data.names, data.columns);
    if (t.nSamples !== data.nSamples) throw new OinfoInputError(`the table says ${data.nSamples} samples but its columns have ${t.nSamples}`);
    return t;
  }
  return table(Object.keys(data), Object.values(data));
}

/**
 * A Dataset from a copula covariance computed earlier: the object of a covariance file (`oinfo copula
 * data.csv --out cov.json`, or covarianceOf(dataset)). Measures and searches need nothing else; without
 * the samples it takes no bootstrap, no permutation test and no discrete target (a target is
 * continuous). Checked as a covariance file is, errors naming `where`.
 */
export function fromCovariance(json: unknown, options?: Pick<PrepareOptions, 'backend'> & { where?: string }): Dataset {
  options = optionsObject(options, 'fromCovariance', { backend: true, where: true });
  const { names, nSamples, cov } = checkCovariance(json, options.where ?? 'the covariance');
  const engine = getEngine(options.backend);
  return { kind: 'oinfo.dataset', names, nSamples, cov, warnings: [], backend: engine.name };
}

/** The covariance-file object of a prepared Dataset (what fromCovariance and `--covariance` take). */
export function covarianceOf(dataset: Dataset): CovarianceJson {
  return covarianceJson({ names: [...dataset.names], nSamples: dataset.nSamples, cov: dataset.cov });
}

/**
 * The columns as one column-major array: their own memory when they already lie so (the CSV fast
 * path's columns are views of the engine's one array), else a copy (~5 ms for 8 MB of fresh pages).
 */
function columnMajor(columns: readonly Float64Array[], n: number): Float64Array {
  const [first] = columns;
  if (columns.every((c, j) => c.buffer === first.buffer && c.byteOffset === first.byteOffset + j * n * 8))
    return new Float64Array(first.buffer, first.byteOffset, n * columns.length);
  const packed = new Float64Array(n * columns.length);
  columns.forEach((column, j) => packed.set(column, j * n));
  return packed;
}

/**
 * Validates the data and computes its copula covariance (the one pass over the samples). The engine's
 * copula step refuses a NaN or ±Inf itself, in one native pass (copula.cpp); only when a step fails does
 * validateTable look, so that a non-finite value is reported as always — by column and row — and before
 * any other failure (the backend, the threads).
 */
export function prepare(data: DataInput, options?: PrepareOptions): Dataset {
  options = optionsObject(options, 'prepare', { backend: true, threads: true });
  if (isDataset(data)) return data;
  const t = tableFromInput(data, 'prepare');
  const p = t.names.length;
  const n = t.nSamples;
  try {
    if (n < 3) throw new OinfoInputError(`the data has ${n} samples; at least 3 are needed`);
    const warnings: string[] = [];
    t.columns.forEach((column, j) => {
      if (column.every((x) => x === column[0])) warnings.push(`column "${t.names[j]}" is constant: its copula ranks follow sample order`);
    });
    const engine = getEngine(options.backend);
    const cov = engine.copulaCovariance(columnMajor(t.columns, n), n, p, threadsOption(options.threads));
    return { kind: 'oinfo.dataset', names: [...t.names], nSamples: n, cov, columns: t.columns, warnings, backend: engine.name };
  } catch (error) {
    validateTable(t);
    throw error;
  }
}
