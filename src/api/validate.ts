/**
 * Checks of API options, in the API's words: an error names the option as the API spells it
 * (`top must be …`); the CLI shows the same error with its flag (`--top must be …`, via
 * OinfoOptionError). Every default of an option is here or beside its use in src/api, nowhere else.
 */
import { availableParallelism } from 'node:os';

import { OinfoInputError, OinfoOptionError } from '../errors.js';
import type { Units } from '../backend/engine.js';
import { closestName } from '../util/closestName.js';
import { describeValue } from '../util/describeValue.js';

/** The most threads a call may ask for. */
export const MAX_THREADS = 1024;

/**
 * Every option of an options type by name, as an object literal `{ maxSize: true, … }`: the compiler
 * checks that it names each option of T once and nothing else, so a new option cannot be left out.
 */
export type OptionNames<T> = { readonly [K in keyof Required<T>]: true };

/**
 * The options object of a call: undefined is `{}` where every option is optional, else an error. An
 * option the call does not have is an error too, never ignored (`{ maxsize: 5 }` would otherwise
 * search the default sizes): the message names the option meant when it is close. Options set to
 * undefined count as not given.
 */
export function optionsObject<T extends object>(value: T | undefined, call: string, names: NoInfer<OptionNames<T>>, required?: string): T {
  if (value === undefined && required === undefined) return {} as T;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new OinfoInputError(`${call} needs an options object${required ? ` with at least ${required}` : ''}, got ${describeValue(value)}`);
  for (const [key, given] of Object.entries(value)) {
    if (given === undefined || Object.hasOwn(names, key)) continue;
    const known = Object.keys(names).sort();
    const meant = closestName(key, known);
    throw new OinfoInputError(
      `${call} has no option "${key}": ${meant === undefined ? `its options are ${known.join(', ')}` : `did you mean "${meant}"?`}`,
    );
  }
  return value;
}

/** An integer in [min, max]; undefined gives `fallback` (if there is one). */
export function integerOption(value: unknown, option: string, range: { min: number; max?: number; fallback?: number }): number {
  const v = value === undefined ? range.fallback : value;
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < range.min || v > max) {
    const bounds = range.max === undefined ? `≥ ${range.min}` : `from ${range.min} to ${range.max.toLocaleString('en-US')}`;
    throw new OinfoOptionError(option, `must be an integer ${bounds}, got ${describeValue(value)}`);
  }
  return v;
}

/** Worker threads: default every core. */
export function threadsOption(value: unknown): number {
  return integerOption(value, 'threads', { min: 1, max: MAX_THREADS, fallback: availableParallelism() });
}

export function unitsOption(value: unknown): Units {
  if (value === undefined) return 'bits';
  if (value === 'bits' || value === 'nats') return value;
  throw new OinfoOptionError('units', `must be "bits" or "nats", got ${describeValue(value)}`);
}

/** One of `allowed`; undefined gives `fallback`. */
export function choiceOption<T extends string>(value: unknown, option: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new OinfoOptionError(option, `must be one of ${allowed.join(', ')}, got ${describeValue(value)}`);
}

export function booleanOption(value: unknown, option: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new OinfoOptionError(option, `must be true or false, got ${describeValue(value)}`);
  return value;
}

export function signalOption(value: unknown): AbortSignal | undefined {
  if (value === undefined || value instanceof AbortSignal) return value;
  throw new OinfoOptionError('signal', `must be an AbortSignal (e.g. new AbortController().signal), got ${describeValue(value)}`);
}

export function callbackOption<F extends (...args: never[]) => unknown>(value: unknown, option: string): F | undefined {
  if (value === undefined || typeof value === 'function') return value as F | undefined;
  throw new OinfoOptionError(option, `must be a function, got ${describeValue(value)}`);
}

/** Runs f; an input error it throws gets `context` in front (e.g. the multiplet a singular covariance belongs to). */
export function inContext<T>(context: string, f: () => T): T {
  try {
    return f();
  } catch (error) {
    if (error instanceof OinfoInputError && !(error instanceof OinfoOptionError))
      throw new OinfoInputError(`${context}: ${error.message}`, { code: error.code });
    throw error;
  }
}
