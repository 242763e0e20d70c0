import { midRanks } from './midRanks.js';
import { normalSf } from './normal.js';

/** Up to this many non-zero differences the p-value is exact; above, the normal approximation. */
export const WILCOXON_EXACT_MAX_N = 25;
/** The exact distribution's counts (up to 2ⁿ) stay exact in doubles up to here; a forced 'exact' stops at it. */
const EXACT_LIMIT_N = 50;

export interface WilcoxonResult {
  /** Non-zero differences: the sample size the test used. */
  n: number;
  /** W⁺, the sum of the (mid-)ranks of |d| over the positive differences (0 … n(n+1)/2). */
  statistic: number;
  /** Two-sided p-value, in (0, 1]. */
  p: number;
  method: 'exact' | 'normal';
}

/**
 * Two-sided Wilcoxon signed-rank test of paired differences d (H₀: their distribution is symmetric
 * about 0). Conventions, as scipy.stats.wilcoxon unless said:
 * - zeros are dropped before ranking (zero_method 'wilcox'); n counts the non-zero differences;
 * - |d| are ranked with mid-ranks for ties (exact equality);
 * - the statistic is W⁺ (the sum of ranks of positive differences), not scipy's min(W⁺, W⁻), so that
 *   its side says which way the differences lean; the p-value is the same either way;
 * - n ≤ 25: exact p = min(1, 2 P(W⁺ ≤ min(W⁺, W⁻))) under the permutation distribution conditional on
 *   the observed ranks (each sign flipped with probability ½; symmetric about n(n+1)/4). With ties this
 *   is the exact conditional test — scipy's method='exact' instead uses the untied distribution;
 * - n > 25: normal approximation with the tie correction of the variance and a continuity correction
 *   of ½ towards the mean (scipy with method='approx', correction=True);
 * - n = 0 (no non-zero difference): p = 1, statistic 0.
 * `options.method` forces one way (to compare them; 'exact' up to n = 50).
 */
export function wilcoxonSignedRank(differences: readonly number[], options: { method?: 'exact' | 'normal' } = {}): WilcoxonResult {
  if (differences.some((x) => !Number.isFinite(x))) throw new RangeError('wilcoxonSignedRank: every difference must be a finite number');
  const d = differences.filter((x) => x !== 0);
  const n = d.length;
  if (n === 0) return { n, statistic: 0, p: 1, method: 'exact' };
  const { ranks, tieSizes } = midRanks(d.map(Math.abs));
  const wPlus = ranks.reduce((s, r, i) => (d[i] > 0 ? s + r : s), 0);
  const method = options.method ?? (n <= WILCOXON_EXACT_MAX_N ? 'exact' : 'normal');
  if (method === 'exact' && n > EXACT_LIMIT_N) throw new RangeError(`wilcoxonSignedRank: the exact p is computed up to n = ${EXACT_LIMIT_N}, got ${n}`);
  if (method === 'exact') return { n, statistic: wPlus, p: exactP(ranks, wPlus), method: 'exact' };
  const mean = (n * (n + 1)) / 4;
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieSizes.reduce((s, t) => s + t ** 3 - t, 0) / 48;
  const deviation = wPlus - mean;
  const z = (deviation - 0.5 * Math.sign(deviation)) / Math.sqrt(variance);
  return { n, statistic: wPlus, p: Math.min(1, 2 * normalSf(Math.abs(z))), method: 'normal' };
}

/**
 * Exact two-sided p of W⁺ given the ranks: the number of sign patterns per value of W⁺ by dynamic
 * programming over doubled ranks (mid-ranks are multiples of ½, so 2·rank is an integer). At most
 * 2²⁵ patterns, so the counts are exact in doubles.
 */
function exactP(ranks: readonly number[], wPlus: number): number {
  const doubled = ranks.map((r) => Math.round(2 * r));
  const total = doubled.reduce((s, r) => s + r, 0);
  const counts = new Float64Array(total + 1);
  counts[0] = 1;
  let reach = 0;
  for (const r of doubled) {
    for (let s = reach; s >= 0; s--) counts[s + r] += counts[s];
    reach += r;
  }
  const w = Math.round(2 * wPlus);
  const tail = Math.min(w, total - w); // the distribution is symmetric about total / 2
  let below = 0;
  for (let s = 0; s <= tail; s++) below += counts[s];
  return Math.min(1, (2 * below) / 2 ** ranks.length);
}
