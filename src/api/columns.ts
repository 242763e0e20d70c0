/**
 * The one lookup of column names for every API call (measure, search, entropy, mi): names compare
 * after Unicode NFC normalisation (a name typed on one system matches a header written on another),
 * and an unknown name gets an error that lists the columns there are.
 */
import { OinfoInputError } from '../errors.js';

const MAX_LISTED_COLUMNS = 10;

/** "a, b, c" or "a, b, …, j, … (5 more)". */
export function listColumns(names: readonly string[]): string {
  if (names.length <= MAX_LISTED_COLUMNS) return names.join(', ');
  return `${names.slice(0, MAX_LISTED_COLUMNS).join(', ')}, … (${names.length - MAX_LISTED_COLUMNS} more)`;
}

/** A name as oinfo compares it. */
export const normalizeName = (name: string): string => name.normalize('NFC');

/** Index of the column `name`; `role` words the error (`unknown target "y" (columns: …)`). */
export function findColumn(names: readonly string[], name: unknown, role: 'column' | 'target' = 'column'): number {
  if (typeof name !== 'string' || name === '')
    throw new OinfoInputError(`a ${role} name must be a non-empty string, got ${describeValue(name)}`);
  const wanted = normalizeName(name);
  const index = names.findIndex((n) => normalizeName(n) === wanted);
  if (index < 0) throw new OinfoInputError(`unknown ${role} "${name}" (columns: ${listColumns(names)})`);
  return index;
}

/**
 * Indices of the columns `wanted` (in the order given): an array of distinct names, none of them the
 * target (its index, or −1). `option` names the API option in errors (e.g. vars).
 */
export function findColumns(names: readonly string[], wanted: unknown, option: string, target = -1): number[] {
  if (!Array.isArray(wanted)) throw new OinfoInputError(`${option} must be an array of column names, got ${describeValue(wanted)}`);
  const seen = new Set<number>();
  return wanted.map((name) => {
    const index = findColumn(names, name);
    if (index === target) throw new OinfoInputError(`the target "${name}" is also listed among the variables`);
    if (seen.has(index)) throw new OinfoInputError(`column "${name}" is listed twice`);
    seen.add(index);
    return index;
  });
}

/** A value as an error message shows it: `null`, `42`, `"x"`, `an object`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return 'an array';
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  return `a ${typeof value === 'function' ? 'function' : 'object'}`;
}
