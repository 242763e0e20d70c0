/**
 * The one lookup of column names (measure, search, entropy, mi, the CLI's --vars): names compare after
 * Unicode NFC normalisation — a name typed on one system matches a header written on another — and an
 * unknown name gets an error that lists the columns there are.
 */
import { OinfoInputError } from '../errors.js';
import { describeValue } from '../util/describeValue.js';

const MAX_LISTED_COLUMNS = 10;

/** A name as oinfo compares it. */
export const normalizeName = (name: string): string => name.normalize('NFC');

/** "a, b, c" or "a, b, …, j, … (5 more)". */
export function listColumns(names: readonly string[]): string {
  if (names.length <= MAX_LISTED_COLUMNS) return names.join(', ');
  return `${names.slice(0, MAX_LISTED_COLUMNS).join(', ')}, … (${names.length - MAX_LISTED_COLUMNS} more)`;
}

/** Column names → indices (the first column of a name wins), built once per lookup. */
function indexOf(names: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  names.forEach((n, i) => {
    const key = normalizeName(n);
    if (!index.has(key)) index.set(key, i);
  });
  return index;
}

function lookUp(names: readonly string[], index: Map<string, number>, name: unknown, role: string): number {
  if (typeof name !== 'string' || name === '') throw new OinfoInputError(`a ${role} name must be a non-empty string, got ${describeValue(name)}`);
  const i = index.get(normalizeName(name));
  if (i === undefined) throw new OinfoInputError(`unknown ${role} "${normalizeName(name)}" (columns: ${listColumns(names)})`);
  return i;
}

/** Index of the column `name`; `role` words the error (`unknown target "y" (columns: …)`). */
export function findColumn(names: readonly string[], name: unknown, role: 'column' | 'target' = 'column'): number {
  return lookUp(names, indexOf(names), name, role);
}

/**
 * Indices of the columns `wanted`, in the order given: an array of distinct names, none of them the
 * target (its index, or −1). `option` names the option in errors (e.g. vars).
 */
export function findColumns(names: readonly string[], wanted: unknown, option: string, target = -1): number[] {
  if (!Array.isArray(wanted)) throw new OinfoInputError(`${option} must be an array of column names, got ${describeValue(wanted)}`);
  const index = indexOf(names);
  const seen = new Set<number>();
  return wanted.map((name) => {
    const i = lookUp(names, index, name, 'column');
    if (i === target) throw new OinfoInputError(`the target "${names[i]}" is also listed among the variables`);
    if (seen.has(i)) throw new OinfoInputError(`column "${normalizeName(name as string)}" is listed twice`);
    seen.add(i);
    return i;
  });
}
