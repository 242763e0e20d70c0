/** How error messages name a non-finite number: NaN, Inf or -Inf (as the CSV would spell it). */
export function describeNonFinite(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  return v > 0 ? 'Inf' : '-Inf';
}
