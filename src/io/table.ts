/**
 * The in-memory data table every input format is read into, plus the checks shared by all formats.
 * No readers here (see readTable.ts): the readers import this module, so it must not import them.
 */
import { OinfoInputError } from '../errors.js';
import { describeNonFinite } from '../util/nonFinite.js';
import { findColumns } from './columns.js';

export { normalizeName } from './columns.js';

/** Column-major data: one Float64Array of length `nSamples` per variable, in file column order. */
export interface Table {
  names: string[];
  nSamples: number;
  columns: Float64Array[];
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

/**
 * Maps column names to column indices (in the order given), comparing names in NFC. Throws
 * OinfoInputError for an unknown name (`unknown column "foo" (columns: a, b, c)`) or a name listed
 * twice (`column "a" is listed twice`). See columns.ts, the one lookup.
 */
export function selectColumns(t: Table, names: string[]): number[] {
  return findColumns(t.names, names, 'the column list');
}
