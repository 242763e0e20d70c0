/** column[rows[i]] for every i: a resample or a permutation of one column's samples (plain loop: hot). */
export function gatherRows(column: ArrayLike<number>, rows: ArrayLike<number>, out = new Float64Array(rows.length)): Float64Array {
  for (let i = 0; i < rows.length; i++) out[i] = column[rows[i]];
  return out;
}
