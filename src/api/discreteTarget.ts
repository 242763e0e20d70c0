/**
 * A discrete target (SPEC §7): the class label y joins every multiplet as gcmi's mi_model_gd treats a
 * discrete variable — X is copula-normalised over all samples, H(S | y) = Σ_c p_c H_c(S) with the
 * covariance within each class — instead of being copula-normalised as one continuous variable (which
 * gives the classes an arbitrary order). This file owns everything the API does for it: the `targetKind`
 * option and its `auto` rule, the classes of the target, their size check, and the statistics the engine
 * takes (the covariance of X and the class covariances of the variables in play).
 *
 * Classes are numbered by first appearance in the data, never by value: relabelling the classes (any
 * bijection of the label values) gives the engine the same arrays in the same order, so every result is
 * bit-identical.
 */
import type { ClassCovariances, Engine, RawMeasures, RawSearchOptions, SearchHandle, EstimatorOptions } from '../backend/engine.js';
import { OinfoInputError, OinfoOptionError } from '../errors.js';
import { describeValue } from '../util/describeValue.js';
import type { Dataset } from './dataset.js';

/** How the target is treated: `auto` (default) picks discrete for integer labels with 2…64 values. */
export type TargetKind = 'auto' | 'discrete' | 'continuous';
export const TARGET_KINDS: readonly TargetKind[] = ['auto', 'discrete', 'continuous'];
/** `auto` is discrete when every target value is an integer and there are 2…AUTO_MAX_CLASSES distinct values. */
export const AUTO_MAX_CLASSES = 64;

/** The classes of a discrete target. */
export interface TargetClasses {
  /** The class of every sample, 0..C − 1, numbered by first appearance. */
  labels: Int32Array;
  /** The label value of each class, as in the data. */
  values: number[];
  counts: number[];
}

/**
 * What a discrete target contributes to a search, computed where the samples are: its classes' values
 * and sizes and the covariances within each class of the candidates (C × d × d, class after class, the
 * candidates in column order). A distributed search sends these instead of the samples.
 */
export interface ClassStatistics {
  target: string;
  candidates: readonly string[];
  values: readonly number[];
  counts: readonly number[];
  covs: Float64Array;
}

/** The target as a call treats it: its kind as reported (`null` without a target) and, if discrete, its classes. */
export interface ResolvedTarget {
  kind: 'discrete' | 'continuous' | null;
  classes?: TargetClasses;
}

export function targetKindOption(value: unknown): TargetKind {
  if (value === undefined) return 'auto';
  if (typeof value === 'string' && (TARGET_KINDS as readonly string[]).includes(value)) return value as TargetKind;
  throw new OinfoOptionError('targetKind', `must be "auto", "discrete" or "continuous", got ${describeValue(value)}`);
}

type Scan = { classes: TargetClasses } | { nonInteger: { row: number; value: number } } | { tooMany: true };

/** The classes of y in order of first appearance; stops at the first non-integer or past maxClasses distinct values. */
function scanClasses(y: Float64Array, maxClasses: number): Scan {
  const index = new Map<number, number>();
  const labels = new Int32Array(y.length);
  const values: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (!Number.isInteger(v)) return { nonInteger: { row: i + 1, value: v } };
    let c = index.get(v);
    if (c === undefined) {
      if (values.length >= maxClasses) return { tooMany: true };
      c = values.length;
      index.set(v, c);
      values.push(v === 0 ? 0 : v); // -0 prints as 0
      counts.push(0);
    }
    labels[i] = c;
    counts[c]++;
  }
  return { classes: { labels, values, counts } };
}

/**
 * The kind of the target column `target` (−1: none) under the option `targetKind`, and its classes when
 * discrete, checked for multiplets of up to `size` variables of X: every class needs more than size + 1
 * samples (OinfoInputError naming the class and its count otherwise).
 */
export function resolveTarget(dataset: Dataset, target: number, targetKind: unknown, size: number): ResolvedTarget {
  const kind = targetKindOption(targetKind);
  if (target < 0) {
    if (kind === 'discrete') throw new OinfoOptionError('targetKind', 'is "discrete" but there is no {target}: name the class label column with {target}');
    return { kind: null };
  }
  if (kind === 'continuous') return { kind: 'continuous' };
  const name = dataset.names[target];
  const given = dataset.classStatistics;
  if (given?.target === name) {
    const classes = { labels: new Int32Array(0), values: [...given.values], counts: [...given.counts] };
    checkClassSizes(classes, size, name);
    return { kind: 'discrete', classes };
  }
  const y = dataset.columns?.[target];
  if (y === undefined) {
    if (kind === 'auto') return { kind: 'continuous' };
    throw new OinfoInputError(`this Dataset does not keep its columns, so its target "${name}" cannot be discrete: pass the data (a Table or named columns) or a Dataset from prepare()`);
  }
  const scan = scanClasses(y, kind === 'auto' ? AUTO_MAX_CLASSES : Infinity);
  if (!('classes' in scan) || scan.classes.values.length < 2) {
    if (kind === 'auto') return { kind: 'continuous' };
    if ('nonInteger' in scan)
      throw new OinfoOptionError(
        'targetKind',
        `is "discrete" but the target "${name}" has ${scan.nonInteger.value} at row ${scan.nonInteger.row}: class labels must be integers`,
      );
    throw new OinfoOptionError('targetKind', `is "discrete" but the target "${name}" has a single class (every value is ${y[0]}); it needs at least 2`);
  }
  checkClassSizes(scan.classes, size, name);
  return { kind: 'discrete', classes: scan.classes };
}

/** Every class needs more than k + 1 samples for multiplets of k variables of X; the error names the smallest class. */
export function checkClassSizes(classes: TargetClasses, size: number, targetName: string): void {
  let worst = -1;
  classes.counts.forEach((count, c) => {
    if (count <= size + 1 && (worst < 0 || count < classes.counts[worst])) worst = c;
  });
  if (worst < 0) return;
  const count = classes.counts[worst];
  throw new OinfoInputError(
    `class ${classes.values[worst]} of the discrete target "${targetName}" has ${count} sample${count === 1 ? '' : 's'}; ` +
      `multiplets of size ${size} need more than ${size + 1} samples in every class`,
  );
}

/**
 * The copula-normalised columns already computed (copnorm over all samples), per input column and
 * backend: keyed by the column array itself, so data sets that share a column — a permutation test's
 * shuffled copies share every column they do not shuffle — never rank it twice.
 */
const copulaCache = new WeakMap<Float64Array, Map<string, Float64Array>>();

function copulaColumns(engine: Engine, dataset: Dataset, columns: readonly number[], threads: number): Float64Array[] {
  const source = (j: number) => dataset.columns![j];
  const cached = (j: number) => copulaCache.get(source(j))?.get(engine.name);
  const missing = [...new Set(columns.filter((j) => cached(j) === undefined))];
  if (missing.length > 0) {
    const n = dataset.nSamples;
    const packed = new Float64Array(n * missing.length);
    missing.forEach((j, i) => packed.set(source(j), i * n));
    const z = engine.copnorm(packed, n, missing.length, threads);
    missing.forEach((j, i) => {
      let byBackend = copulaCache.get(source(j));
      if (byBackend === undefined) copulaCache.set(source(j), (byBackend = new Map()));
      byBackend.set(engine.name, z.slice(i * n, (i + 1) * n));
    });
  }
  return columns.map((j) => cached(j)!);
}

/**
 * What the engine takes for the variables `columns` (in that order) of X with a discrete target: their
 * copula covariance over all samples (from the data set) and, per class, their covariance within the class.
 */
export function discreteStatistics(
  engine: Engine,
  dataset: Dataset,
  classes: TargetClasses,
  columns: readonly number[],
  threads: number,
): { cov: Float64Array; classes: ClassCovariances } {
  const n = dataset.nSamples;
  const d = columns.length;
  const p = dataset.names.length;
  const cov = new Float64Array(d * d);
  columns.forEach((a, i) => columns.forEach((b, j) => (cov[i * d + j] = dataset.cov[a * p + b])));
  const counts = Float64Array.from(classes.counts);
  const given = dataset.classStatistics;
  if (given) {
    if (given.candidates.length !== d || columns.some((c, i) => dataset.names[c] !== given.candidates[i]))
      throw new OinfoInputError(`this data set's class statistics cover the variables ${given.candidates.join(', ')} only`);
    return { cov, classes: { covs: given.covs, counts } };
  }
  const z = new Float64Array(n * d);
  copulaColumns(engine, dataset, columns, threads).forEach((column, i) => z.set(column, i * n));
  const covs = engine.classCovariances(z, n, d, classes.labels, classes.values.length, threads);
  return { cov, classes: { covs, counts } };
}

/** measure() with a discrete target: the measures of X_vars ∪ {y}. */
export function measureWithClasses(
  engine: Engine,
  dataset: Dataset,
  vars: readonly number[],
  classes: TargetClasses,
  options: EstimatorOptions & { naive?: boolean },
): RawMeasures {
  const stats = discreteStatistics(engine, dataset, classes, vars, 1);
  const members = Int32Array.from(vars, (_, i) => i);
  return engine.measure(stats.cov, vars.length, dataset.nSamples, members, options, stats.classes);
}

/** search() with a discrete target over the candidate columns (ascending); the result names columns of the data set. */
export function searchWithClasses(
  engine: Engine,
  dataset: Dataset,
  candidates: readonly number[],
  classes: TargetClasses,
  raw: RawSearchOptions,
  onProgress?: (done: number, total: number) => void,
): SearchHandle {
  const stats = discreteStatistics(engine, dataset, classes, candidates, raw.threads);
  const n = candidates.length;
  const handle = engine.search(stats.cov, n, dataset.nSamples, Int32Array.from(candidates, (_, i) => i), -1, raw, onProgress, stats.classes);
  const promise = handle.promise.then((result) => ({
    ...result,
    sizes: result.sizes.map((s) => ({
      ...s,
      synergy: s.synergy.map((m) => ({ ...m, variables: m.variables.map((i) => candidates[i]) })),
      redundancy: s.redundancy.map((m) => ({ ...m, variables: m.variables.map((i) => candidates[i]) })),
    })),
  }));
  return { promise, cancel: () => handle.cancel() };
}
