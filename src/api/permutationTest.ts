/**
 * A max-statistic permutation test of the listed multiplets (SPEC §8). Each permutation shuffles the
 * target's rows (null "target": no relation between the variables and the target, their own
 * dependence kept) or every variable independently (null "all": no dependence between variables; a
 * group of columns, a multivariate variable, is shuffled as a whole, keeping its own dependence), repeats the same
 * search (same sizes, same methods) and keeps, per size, the lowest and the highest Ω (or of the
 * measure the search ranks by). A synergistic multiplet gets p_fwer = (1 + #{perm: min Ω_perm ≤ Ω}) /
 * (P + 1), a redundant one (1 + #{perm: max Ω_perm ≥ Ω}) / (P + 1): family-wise over all multiplets of
 * its size.
 *
 * What does not change is not redone: the columns are copula-normalised once, and a permutation of the
 * rows permutes the normal scores (a column's ranks move with its values), so no data is re-read or
 * re-ranked. Shuffling the target changes only its row and column of the covariance (one pass over the
 * samples); shuffling every column ("all") needs the whole covariance again.
 */
import type { Engine } from '../backend/engine.js';
import { OinfoInputError } from '../errors.js';
import { gatherRows } from '../util/gatherRows.js';
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
  /** groupSizes: with groups, each candidate variable's column count (the candidates are their columns, variable after variable). */
  columns: { candidates: number[]; target: number; groupSizes?: number[] },
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
  const target = u - 1;
  // What one permutation moves together: the target alone, or each variable (a group's columns jointly).
  const blocks: number[][] = [];
  if (settings.nullKind === 'target') blocks.push([target]);
  else {
    let j = 0;
    for (const size of columns.groupSizes ?? columns.candidates.map(() => 1)) blocks.push(Array.from({ length: size }, () => j++));
    if (columns.target >= 0) blocks.push([target]);
  }
  // For null "target" only the target's row and column of the covariance change: the rest is the data
  // set's own copula covariance, and the new row is one pass over the samples.
  const p = dataset.names.length;
  const base = Float64Array.from({ length: u * u }, (_, k) => dataset.cov[used[Math.floor(k / u)] * p + used[k % u]]);
  const random = seededRandom(settings.seed, STREAM.permutation);
  const names = used.map((c) => dataset.names[c]);
  const nulls: Extremes[] = [];
  for (let r = 0; r < settings.permutations; r++) {
    const columns = used.map((c) => dataset.columns![c]);
    for (const block of blocks) {
      const order = permutation(n, random);
      for (const j of block) {
        gatherRows(z.subarray(j * n, (j + 1) * n), order, shuffled.subarray(j * n, (j + 1) * n));
        columns[j] = gatherRows(dataset.columns![used[j]], order); // the raw values, shuffled alike
      }
    }
    let cov: Float64Array;
    if (settings.nullKind === 'target') {
      cov = base.slice();
      const row = engine.covarianceWith(shuffled, n, u, shuffled.subarray(target * n, (target + 1) * n));
      for (let j = 0; j < target; j++) cov[target * u + j] = cov[j * u + target] = row[j]; // its variance is unchanged
    } else {
      cov = engine.covariance(shuffled, n, u);
    }
    const permuted: Dataset = { ...dataset, names, cov, columns, warnings: [] };
    nulls.push(await searchExtremes(permuted));
    await tick(r + 1);
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
