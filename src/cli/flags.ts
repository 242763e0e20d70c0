import { InvalidArgumentError } from 'commander';

import { CSV_DIALECT, papaparse } from '../io/csv.js';
import { normalizeName } from '../io/columns.js';

/**
 * An integer as typed (its range is the API's to check, which names the flag in its error).
 * Commander turns a bad value into "option '--top <n>' argument 'x' is invalid. …".
 */
export function integer(value: string): number {
  const n = Number(value.trim());
  if (!/^[+-]?\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('it must be an integer.');
  return n;
}

/** Annealing's --budget: evaluations (an integer) or a time, `2s`, `1.5s`, `500ms`, `3min`, `1h` (in seconds). */
export function budget(value: string): number | { seconds: number } {
  const text = value.trim();
  const time = /^(\d+\.?\d*|\.\d+)(ms|s|min|h)$/i.exec(text);
  if (time) {
    const scale = { ms: 1e-3, s: 1, min: 60, h: 3600 }[time[2].toLowerCase() as 'ms' | 's' | 'min' | 'h'];
    return { seconds: Number(time[1]) * scale };
  }
  if (/^[+-]?\d+$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  throw new InvalidArgumentError('it must be a number of evaluations (e.g. 200000) or a time (e.g. 30s, 500ms, 5min, 1h).');
}

/** A decimal number as typed (its range is the API's to check). */
export function decimal(value: string): number {
  const n = Number(value.trim());
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(value.trim()) || !Number.isFinite(n)) throw new InvalidArgumentError('it must be a number.');
  return n;
}

/** Commander argument parsers: a bad value becomes "option '--top <n>' argument 'x' is invalid. …". */
export function integerAtLeast(min: number) {
  return (value: string): number => {
    if (!/^[+]?\d+$/.test(value.trim())) throw new InvalidArgumentError(`it must be an integer ≥ ${min}.`);
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`it must be an integer ≥ ${min}.`);
    return n;
  };
}

const NAME_LIST = 'give a comma-separated list of column names.';

/**
 * --vars: the value is read as one CSV record, like a header row, so a column "a,b" is named with
 * '"a,b",c'; names are trimmed and NFC-normalised as header names are.
 */
export function nameList(value: string): string[] {
  const parsed = papaparse().parse<string[]>(value, CSV_DIALECT);
  if (parsed.errors.length > 0) {
    throw new InvalidArgumentError(`unmatched quote: ${NAME_LIST} Quote a name that contains a comma: "a,b",c`);
  }
  if (parsed.data.length > 1) throw new InvalidArgumentError(`give the names on one line: ${NAME_LIST}`);
  const names = (parsed.data[0] ?? []).map((s) => normalizeName(s.trim()));
  if (names.every((s) => s === '')) throw new InvalidArgumentError(NAME_LIST);
  const empty = names.indexOf('');
  if (empty >= 0) throw new InvalidArgumentError(`name ${empty + 1} is empty: ${NAME_LIST}`);
  return names;
}

export function oneOf<T extends string>(...choices: T[]) {
  return (value: string): T => {
    if (!(choices as string[]).includes(value)) throw new InvalidArgumentError(`it must be one of ${choices.join(', ')}.`);
    return value as T;
  };
}
