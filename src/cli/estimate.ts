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

/** `classes`: of a discrete target (0: none). */
export function estimateSeconds(multiplets: number, threads: number, backend: 'native' | 'wasm', classes = 0): number {
  const rate =
    classes > 0
      ? Math.min(MULTIPLETS_PER_SECOND_PER_THREAD[backend], DISCRETE_TRACK_RATE_PER_THREAD[backend] / (classes + 1))
      : MULTIPLETS_PER_SECOND_PER_THREAD[backend];
  return multiplets / (rate * Math.max(1, threads));
}

/**
 * A bootstrap's rough cost: each resample copula-normalises the columns it uses (~0.6 µs per value on
 * the same machine) and measures every listed multiplet (~50 µs each, through the API).
 */
export function estimateBootstrapSeconds(measures: number, resamples: number, nSamples: number, columns: number): number {
  return resamples * nSamples * columns * 6e-7 + measures * 5e-5;
}
