/**
 * Rough speed of the exhaustive enumeration per thread, for the estimate printed before a long
 * search (measured on a 2-core AMD EPYC: native ~1e8 multiplets/s per thread at n = 100, k = 5;
 * WASM, single-threaded, ~5e7 at n = 40, k = 6). Conservative, so the estimate errs long.
 */
const MULTIPLETS_PER_SECOND_PER_THREAD = { native: 8e7, wasm: 4e7 } as const;
/**
 * With a discrete target of C classes the enumeration carries C + 1 bordered inverses: per thread about
 * this ÷ (C + 1) multiplets/s (measured ~3e7 native, ~1e7 WASM at C = 10, n = 100, k = 5).
 */
const DISCRETE_TRACK_RATE_PER_THREAD = { native: 2.5e8, wasm: 8e7 } as const;

/**
 * Annealing evaluates each multiplet along its own path (about 0.5–1 µs native at n ≤ 100, k ≤ 9 on
 * the same machine; WASM about twice that), a hundred times the enumeration's cost per multiplet.
 */
const EVALUATIONS_PER_SECOND_PER_THREAD = { native: 1e6, wasm: 5e5 } as const;

/**
 * Groups (multivariate variables): the block-bordered tree does about this ÷ d̄^2.5 multiplets/s per thread,
 * d̄ the mean columns per candidate variable (bench/groups.ts on the same machine, natively: 1.6e7 at
 * d̄ ≈ 1.1, 5–6e6 at 2, 1.5e6 at 3, 4.6e5 at 5, 1.0e5 at 10, 2.3e4 at 20; WASM within 1.6× of that).
 * Conservative, as the others.
 */
const GROUP_RATE_PER_THREAD = { native: 1.5e7, wasm: 7e6 } as const;

/**
 * `classes`: of a discrete target (0: none); `annealed`: of the multiplets, those annealing evaluates;
 * `groupColumns`: with groups, the mean columns per candidate variable (0: no groups).
 */
export function estimateSeconds(multiplets: number, threads: number, backend: 'native' | 'wasm', classes = 0, annealed = 0, groupColumns = 0): number {
  const rate =
    classes > 0
      ? Math.min(MULTIPLETS_PER_SECOND_PER_THREAD[backend], DISCRETE_TRACK_RATE_PER_THREAD[backend] / (classes + 1))
      : groupColumns > 0
        ? Math.min(MULTIPLETS_PER_SECOND_PER_THREAD[backend], GROUP_RATE_PER_THREAD[backend] / groupColumns ** 2.5)
        : MULTIPLETS_PER_SECOND_PER_THREAD[backend];
  const perClass = classes > 0 ? classes + 1 : groupColumns > 1 ? groupColumns ** 2 : 1;
  const t = Math.max(1, threads);
  return (multiplets - annealed) / (rate * t) + (annealed * perClass) / (EVALUATIONS_PER_SECOND_PER_THREAD[backend] * t);
}

/**
 * A bootstrap's rough cost: each resample copula-normalises the columns it uses (~0.6 µs per value on
 * the same machine) and measures every listed multiplet (~50 µs each, through the API).
 */
export function estimateBootstrapSeconds(measures: number, resamples: number, nSamples: number, columns: number): number {
  return resamples * nSamples * columns * 6e-7 + measures * 5e-5;
}
