/**
 * The in-memory data table every input format is read into, plus the checks shared by all formats.
 * No readers here (see readTable.ts): the readers import this module, so it must not import them.
 */
import { OinfoInputError } from '../errors.js';
import { describeNonFinite } from '../util/nonFinite.js';

/** Column-major data: one Float64Array of length `nSamples` per variable, in file column order. */
export interface Table {
  names: string[];
  nSamples: number;
  columns: Float64Array[];
}

/**
 * The form in which column names are compared: Unicode NFC, so that "é" typed precomposed and as
 * e + U+0301 (as some editors and file systems write it) is one name.
 */
export function normalizeName(name: string): string {
  return name.normalize('NFC');
}

/**
 * Throws OinfoInputError on the first NaN or ±Inf, naming the column and the 1-based data row,
 * e.g. `column "x3" has NaN at row 17` (prefixed with `"<source>": ` when `source` is given).
 */
export function validateTable(t: Table, source?: string): void {
  const prefix = source === undefined ? '' : `"${source}": `;
  for (let j = 0; j < t.columns.length; j++) {
    const col = t.columns[j];
    for (let i = 0; i < col.length; i++) {
      const v = col[i];
      // v - v is 0 for finite numbers and NaN for NaN/±Inf: one comparison in the hot loop.
      if (v - v !== 0) {
        throw new OinfoInputError(
          `${prefix}column "${t.names[j]}" has ${describeNonFinite(v)} at row ${i + 1}`,
        );
      }
    }
  }
}

const MAX_LISTED_COLUMNS = 10;

function listColumns(names: string[]): string {
  if (names.length <= MAX_LISTED_COLUMNS) return names.join(', ');
  const more = names.length - MAX_LISTED_COLUMNS;
  return `${names.slice(0, MAX_LISTED_COLUMNS).join(', ')}, … (${more} more)`;
}

/**
 * Maps column names to column indices (in the order given), comparing names in NFC (normalizeName).
 * Throws OinfoInputError for an unknown name (`unknown column "foo" (columns: a, b, c)`) or a name
 * listed twice (`column "a" is listed twice`).
 */
export function selectColumns(t: Table, names: string[]): number[] {
  const index = new Map<string, number>();
  t.names.forEach((n, i) => {
    const key = normalizeName(n);
    if (!index.has(key)) index.set(key, i);
  });
  const seen = new Set<string>();
  const out: number[] = [];
  for (const asked of names) {
    const name = normalizeName(asked);
    const i = index.get(name);
    if (i === undefined) {
      throw new OinfoInputError(`unknown column "${name}" (columns: ${listColumns(t.names)})`);
    }
    if (seen.has(name)) {
      throw new OinfoInputError(`column "${name}" is listed twice`);
    }
    seen.add(name);
    out.push(i);
  }
  return out;
}
