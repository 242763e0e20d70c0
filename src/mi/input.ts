/**
 * Input checks shared by the MI baselines: the continuous variable x (one column, or d columns), the
 * integer labels y ∈ {0..nClasses − 1} and the class counts.
 * Every problem is an OinfoInputError whose message names it.
 */
import { OinfoInputError } from '../errors.js';
import { describeNonFinite } from '../util/nonFinite.js';

/** One variable (N values) or a d-dimensional variable given as d columns of N values each. */
export type Signal = ArrayLike<number> | readonly ArrayLike<number>[];

/** Options every single-variable MI function takes. */
export interface SignalOptions {
  /** The variable's name, used in error messages (default: x). */
  name?: string;
}

export function describeSignal(name: string | undefined): string {
  return name === undefined ? 'x' : `"${name}"`;
}

/** The columns of x as Float64Arrays (d ≥ 1 of them, equal lengths, every value finite). */
export function signalColumns(x: Signal, name: string | undefined): Float64Array[] {
  const what = describeSignal(name);
  if (x == null || typeof (x as ArrayLike<unknown>).length !== 'number')
    throw new OinfoInputError(`${what} is not an array of numbers`);
  const first = (x as ArrayLike<unknown>)[0];
  const columns =
    (x as ArrayLike<unknown>).length > 0 && typeof first === 'object' && first !== null
      ? Array.from(x as readonly ArrayLike<number>[], (c) => Float64Array.from(c))
      : [Float64Array.from(x as ArrayLike<number>)];
  const n = columns[0].length;
  if (n === 0) throw new OinfoInputError(`${what} has no samples`);
  columns.forEach((c, j) => {
    if (c.length !== n)
      throw new OinfoInputError(`the columns of ${what} have different lengths: column 0 has ${n} values, column ${j} has ${c.length}`);
    for (let i = 0; i < n; i++) {
      const v = c[i];
      if (v - v !== 0) {
        const where = columns.length > 1 ? `column ${j}, index ${i}` : `index ${i}`;
        throw new OinfoInputError(`${what} has ${describeNonFinite(v)} at ${where}`);
      }
    }
  });
  return columns;
}

/** Checks nClasses and every label; returns the labels as Int32Array and the count of every class. */
export function checkLabels(
  y: ArrayLike<number>,
  nClasses: number,
  nSamples: number,
  name: string | undefined,
): { labels: Int32Array; counts: Int32Array } {
  if (!Number.isSafeInteger(nClasses) || nClasses < 1)
    throw new OinfoInputError(`nClasses must be a positive integer, got ${nClasses}`);
  if (y == null || typeof y.length !== 'number') throw new OinfoInputError('the labels are not an array of numbers');
  if (y.length !== nSamples)
    throw new OinfoInputError(`${describeSignal(name)} has ${nSamples} samples but there are ${y.length} labels`);
  const labels = new Int32Array(nSamples);
  const counts = new Int32Array(nClasses);
  for (let i = 0; i < nSamples; i++) {
    const v = y[i];
    if (!Number.isInteger(v) || v < 0 || v >= nClasses)
      throw new OinfoInputError(`label ${v} at index ${i} is not an integer in 0..${nClasses - 1} (nClasses = ${nClasses})`);
    labels[i] = v;
    counts[v]++;
  }
  return { labels, counts };
}

/** Every class needs more samples than dimensions (gcmi's rule): d + 1 at least. */
export function checkClassCounts(counts: Int32Array, d: number, method: string): void {
  const min = d + 1;
  counts.forEach((k, c) => {
    if (k < min) throw new OinfoInputError(`class ${c} has ${k} sample${k === 1 ? '' : 's'}; ${method} needs at least ${min} per class`);
  });
}
