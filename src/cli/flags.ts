import { InvalidArgumentError } from 'commander';

/**
 * An integer as typed (its range is the API's to check, which names the flag in its error).
 * Commander turns a bad value into "option '--top <n>' argument 'x' is invalid. …".
 */
export function integer(value: string): number {
  const n = Number(value.trim());
  if (!/^[+-]?\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('it must be an integer.');
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

export function nameList(value: string): string[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (names.length === 0) throw new InvalidArgumentError('give a comma-separated list of column names.');
  return names;
}

export function oneOf<T extends string>(...choices: T[]) {
  return (value: string): T => {
    if (!(choices as string[]).includes(value)) throw new InvalidArgumentError(`it must be one of ${choices.join(', ')}.`);
    return value as T;
  };
}
