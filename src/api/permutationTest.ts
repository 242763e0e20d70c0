/**
 * A max-statistic permutation test of the listed multiplets (SPEC §8). Each permutation shuffles the
 * target's rows (null "target": no relation between the variables and the target, their own
 * dependence kept) or every column independently (null "all": no dependence at all), repeats the same
 * search (same sizes, same methods) and keeps, per size, the lowest and the highest Ω (or of the
 * measure the search ranks by). A synergistic multiplet gets p_fwer = (1 + #{perm: min Ω_perm ≤ Ω}) /
 * (P + 1), a redundant one (1 + #{perm: max Ω_perm ≥ Ω}) / (P + 1): family-wise over all multiplets of
 * its size.
 *
 * What does not change is not redone: the columns are copula-normalised once, and a permutation of the
 * rows permutes the normal scores (a column's ranks move with its values), so no data is re-read or
 * re-ranked; only the covariance of the permuted scores is computed again.
 */
import type { Engine } from '../backend/engine.js';
import { OinfoInputError } from '../errors.js';
import { permutation, seededRandom, STREAM } from '../util/random.js';
import { quantileSorted } from '../util/stats.js';
import type { Dataset } from './dataset.js';
import type { SearchResult } from './search.js';

export interface PermutationSettings {
  permutations: number;
  nullKind: 'target' | 'all';
  seed: number;
  threads: number;
}

/** Per size: the lowest and the highest value of the ranked measure (Ω unless rankBy says otherwise) of one search (NaN for a size whose multiplets were all singular). */
export type Extremes = { min: number; max: number }[];

/** Quantiles of the null distributions reported per size. */
const MIN_QUANTILES = [0.01, 0.05, 0.5];
const MAX_QUANTILES = [0.5, 0.95, 0.99];

/**
 * Runs the permutations: `searchExtremes` repeats the search on a data set whose covariance is the
 * permuted one; `tick` reports progress and may throw to stop. Adds `p_fwer` to every listed
 * multiplet and `null` (the null's quantiles) to every size.
 */
export async function permutationTest(
  engine: Engine,
  dataset: Dataset,
  columns: { candidates: number[]; target: number },
  result: SearchResult,
  settings: PermutationSettings,
  searchExtremes: (permuted: Dataset) => Promise<Extremes>,
  tick: (done: number) => void | Promise<void>,
): Promise<void> {
  const used = columns.target >= 0 ? [...columns.candidates, columns.target] : [...columns.candidates];
  const n = dataset.nSamples;
  const u = used.length;
  // Copula-normalised once: the normal scores of every column the search uses.
  const packed = new Float64Array(n * u);
  if (dataset.columns === undefined)
    throw new OinfoInputError('a permutation test shuffles the rows: pass the samples (a Table or named columns), not a Dataset without them');
  used.forEach((c, j) => packed.set(dataset.columns![c], j * n));
  const z = engine.copnorm(packed, n, u, settings.threads);
  const shuffled = z.slice();
  const shuffledColumns = settings.nullKind === 'target' ? [u - 1] : used.map((_, j) => j);
  const random = seededRandom(settings.seed, STREAM.permutation);
  const names = used.map((c) => dataset.names[c]);
  const nulls: Extremes[] = [];
  for (let p = 0; p < settings.permutations; p++) {
    const columns = used.map((c) => dataset.columns![c]);
    for (const j of shuffledColumns) {
      const order = permutation(n, random);
      const offset = j * n;
      for (let i = 0; i < n; i++) shuffled[offset + i] = z[offset + order[i]];
      columns[j] = Float64Array.from(order, (i) => dataset.columns![used[j]][i]); // the raw values, shuffled alike
    }
    const cov = engine.covariance(shuffled, n, u);
    const permuted: Dataset = { ...dataset, names, cov, columns, warnings: [] };
    nulls.push(await searchExtremes(permuted));
    await tick(p + 1);
  }
  const count = settings.permutations;
  result.sizes.forEach((size, s) => {
    const mins = nulls.map((e) => e[s].min).filter((v) => !Number.isNaN(v));
    const maxs = nulls.map((e) => e[s].max).filter((v) => !Number.isNaN(v));
    const key = result.rank_by;
    for (const m of size.synergy) m.p_fwer = (1 + mins.filter((v) => v <= m[key]).length) / (count + 1);
    for (const m of size.redundancy) m.p_fwer = (1 + maxs.filter((v) => v >= m[key]).length) / (count + 1);
    const sortedMin = Float64Array.from(mins).sort();
    const sortedMax = Float64Array.from(maxs).sort();
    size.null = {
      permutations: count,
      min: Object.fromEntries(MIN_QUANTILES.map((q) => [String(q), quantileSorted(sortedMin, q)])),
      max: Object.fromEntries(MAX_QUANTILES.map((q) => [String(q), quantileSorted(sortedMax, q)])),
    };
  });
}
