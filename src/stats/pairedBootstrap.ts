import { seededRandom, STREAM } from '../util/random.js';
import { quantileSorted } from '../util/stats.js';

export interface PairedBootstrapOptions {
  /** Number of resamples B. */
  resamples: number;
  /** Coverage of the interval, e.g. 0.95. */
  level: number;
  /** Seed of the project's PRNG (stream STREAM.pairedBootstrap). */
  seed: number;
}

/**
 * Percentile bootstrap confidence interval of the mean of paired differences (one per pair, e.g. per
 * network seed): B resamples of the pairs with replacement, the mean of each, and the (1 − level)/2 and
 * (1 + level)/2 quantiles of those means (linear interpolation, NumPy's default). The percentile
 * interval is chosen for being plain and transformation-respecting; with few pairs it is too narrow
 * (it ignores small-sample bias), which is why the Wilcoxon test, not the interval, carries the verdicts.
 * Deterministic for a seed: the same seed and number of pairs draw the same resampled pairs, so every
 * comparison made with one seed is resampled over the same sets of seeds. n = 0 gives [NaN, NaN].
 */
export function pairedBootstrapCi(differences: readonly number[], options: PairedBootstrapOptions): [number, number] {
  const { resamples, level, seed } = options;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError('pairedBootstrapCi: resamples must be a positive integer');
  if (!(level > 0 && level < 1)) throw new RangeError('pairedBootstrapCi: level must be in (0, 1)');
  const n = differences.length;
  if (n === 0) return [NaN, NaN];
  const random = seededRandom(seed, STREAM.pairedBootstrap);
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += differences[Math.floor(random() * n)];
    means[b] = sum / n;
  }
  means.sort();
  return [quantileSorted(means, (1 - level) / 2), quantileSorted(means, (1 + level) / 2)];
}
