/** Small combinatorics the search tests check against, written out independently of the engine. */
import type { SearchResult } from '../../src/api/search.js';

/** C(n, k), exact for the sizes the tests use. */
export function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/** The lexicographic order of index lists (a prefix comes first): how ties in Ω break. */
export function lexLess(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i];
  return a.length < b.length;
}

/** A search result without its wall time, to compare runs. */
export const withoutTiming = (r: SearchResult) => ({ ...r, elapsed_s: 0 });
