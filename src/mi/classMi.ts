/**
 * The MI baselines' one call into the engine (native/engine/class_mi.cpp: gcmi's mi_model_gd,
 * mi_mixture_gd and their copula variants), and the one place that words the engine's fit failures
 * (ClassFitFailure) for the user, naming the class, the variable and the method.
 */
import { type OptionNames, optionsObject } from '../api/validate.js';
import { getEngine } from '../backend/load.js';
import type { ClassMiOptions } from '../backend/protocol.js';
import { OinfoInputError } from '../errors.js';
import { checkClassCounts, checkLabels, describeSignal, type Signal, signalColumns } from './input.js';
import type { GcmiOptions } from './modelCd.js';

/** Who asks: the method as the messages name it (gcmi-model, mi_mixture_gd, …), the variable's name, the backend. */
export interface ClassMiCaller {
  method: string;
  name?: string;
  backend?: string;
}

type FailureReason = 'no-spread' | 'zero-mad' | 'singular';

/** ClassFitFailure's machine-readable what() (class_mi.hpp). */
const CLASS_FIT_FAILURE = /^class-fit-failure reason=(no-spread|zero-mad|singular) class=(-?\d+) column=(-?\d+)$/;

/**
 * The user's message for a failed Gaussian fit of a d-dimensional x: of class `classIndex` (−1: the fit
 * over all samples), because of column `column` (−1: not one column's fault, a singular covariance).
 */
export function classFitMessage(reason: FailureReason, classIndex: number, column: number, d: number, caller: ClassMiCaller): string {
  const all = classIndex < 0;
  const what = (all ? '' : `class ${classIndex} of `) + describeSignal(caller.name);
  const scope = all ? 'x' : 'every class';
  const dim = d > 1 && column >= 0 ? ` (column ${column})` : '';
  switch (reason) {
    case 'no-spread':
      return `${what}${dim} has no spread (all its values are equal); ${caller.method} needs a non-zero variance within ${scope}`;
    case 'zero-mad':
      return (
        `${what}${dim} has no spread: its median absolute deviation is 0 (half or more of its values are equal); ` +
        `${caller.method} rescales every class by its MAD`
      );
    case 'singular':
      return (
        `${what} has a singular covariance (its columns are linearly dependent${all ? '' : ' within the class'}); ` +
        `${caller.method} needs a positive-definite covariance within ${scope}`
      );
  }
}

/**
 * MI (bits) of the columns of x, jointly, with the labels 0..nClasses − 1, computed by the engine.
 * The caller has checked the input (signalColumns, checkLabels, checkClassCounts).
 */
export function classMi(
  columns: readonly Float64Array[],
  labels: Int32Array,
  nClasses: number,
  options: ClassMiOptions,
  caller: ClassMiCaller,
): number {
  const n = columns[0].length;
  const d = columns.length;
  const packed = d === 1 ? columns[0] : new Float64Array(n * d);
  if (d > 1) columns.forEach((c, j) => packed.set(c, j * n));
  const engine = getEngine(caller.backend);
  try {
    return engine.classMi(packed, n, d, labels, nClasses, options);
  } catch (error) {
    const failure = error instanceof OinfoInputError ? CLASS_FIT_FAILURE.exec(error.message) : null;
    if (failure === null) throw error;
    throw new OinfoInputError(classFitMessage(failure[1] as FailureReason, Number(failure[2]), Number(failure[3]), d, caller));
  }
}

/** One of the public gcmi functions (modelCd.ts, mixtureCd.ts): what it is called, and what it asks of the engine. */
export interface GcmiFunction<O extends GcmiOptions> {
  /** Its name in JavaScript, for an options error (miModelGd). */
  call: string;
  /** Its method as the messages name it (mi_model_gd, gcmi-model). */
  method: string;
  options: OptionNames<O>;
  /** The engine's options from the caller's (checked there). */
  engine: (options: O) => ClassMiOptions;
}

/** The body of every public gcmi function: its options, x and y checked (input.ts), then classMi. */
export function gcmiEstimate<O extends GcmiOptions>(f: GcmiFunction<O>, x: Signal, y: ArrayLike<number>, nClasses: number, options: O | undefined): number {
  const checked = optionsObject<O>(options, f.call, f.options);
  const columns = signalColumns(x, checked.name);
  const { labels, counts } = checkLabels(y, nClasses, columns[0].length, checked.name);
  checkClassCounts(counts, columns.length, f.method);
  return classMi(columns, labels, nClasses, f.engine(checked), { method: f.method, name: checked.name, backend: checked.backend });
}
