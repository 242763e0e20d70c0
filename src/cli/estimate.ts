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
 * An exhaustive size k of n candidates, per multiplet and thread (native, one class track): the leaves
 * cost O(k) each, and each row of leaves a node's O(k) set-up shared by its (n − k + 1) / k leaves on
 * average — which dominates when k nears n, as in the paper's 20-neuron layers (fitted there and at
 * n = 100, k = 5 on the same machine: 60–370 ns at n = 20, k = 8–15; 3.4 ns at n = 100, k = 5; a discrete
 * target costs about one such track per class plus one). Each size of each run adds a fixed set-up.
 */
function exhaustiveSecondsPerMultiplet(n: number, k: number): number {
  return (k + 1) * (0.6e-9 + (9.5e-9 * k) / Math.max(1, n - k + 1));
}
const SIZE_SETUP_SECONDS_PER_TRACK = 7e-4;
/** WASM runs the same enumeration single-threaded, about this much slower per thread. */
const WASM_SLOWDOWN = 1.3;

/** The exhaustive part of a plan: one search's sizes, repeated `runs` times (a permutation test). */
export interface ExhaustivePlan {
  candidates: number;
  runs: number;
  sizes: readonly { size: number; multiplets: number }[];
}

/**
 * `classes`: of a discrete target (0: none); `annealed`: of the multiplets, those annealing evaluates;
 * `groupColumns`: with groups, the mean columns per candidate variable (0: no groups); `exhaustive`:
 * its sizes, estimated by size (without it, or with groups, every multiplet at one rate).
 */
export function estimateSeconds(
  multiplets: number,
  threads: number,
  backend: 'native' | 'wasm',
  classes = 0,
  annealed = 0,
  groupColumns = 0,
  exhaustive?: ExhaustivePlan,
): number {
  if (exhaustive && groupColumns === 0) {
    const tracks = classes > 0 ? classes + 1 : 1;
    const t = Math.max(1, threads);
    const slowdown = backend === 'wasm' ? WASM_SLOWDOWN : 1;
    let perRun = 0;
    let enumerated = 0;
    for (const { size, multiplets: count } of exhaustive.sizes) {
      perRun += (count * exhaustiveSecondsPerMultiplet(exhaustive.candidates, size) * tracks * slowdown) / t + SIZE_SETUP_SECONDS_PER_TRACK * tracks;
      enumerated += count;
    }
    const rest = Math.max(0, multiplets - enumerated * exhaustive.runs);
    return perRun * exhaustive.runs + estimateSeconds(rest, threads, backend, classes, annealed, groupColumns);
  }
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
