/**
 * A thin layer over benny for long-running cases.
 *
 * benny calls every case function (twice) while it prepares the suite, all cases at once, to find out
 * whether the case is sync or async. For multi-second searches that would run them concurrently
 * before any timing starts, so cases are "disarmed" until benny actually starts the suite; the
 * preparatory calls then return at once.
 *
 * Each case declares { minSamples, maxTime } (benny/Benchmark.js options): with maxTime 0 a case
 * whose call takes longer than Benchmark.js' minTime (~50 ms) runs exactly minSamples times; shorter
 * calls are batched by Benchmark.js until maxTime. Seconds per op is Benchmark.js' mean.
 */
import b from 'benny';

export interface CaseOptions {
  minSamples: number;
  maxTime: number;
  /** Seconds one Benchmark.js sample lasts at least (short calls are repeated); default ~0.05. */
  minTime?: number;
}

export interface BenchCase<T> {
  name: string;
  run: () => T | Promise<T>;
  options: CaseOptions;
}

export interface CaseTiming<T> {
  name: string;
  /** Mean seconds per call (Benchmark.js), the figure the rates are computed from. */
  secondsPerOp: number;
  /** Median of Benchmark.js' samples (a sample may average several calls of a short case). */
  medianSeconds: number;
  /** Relative margin of error, in percent. */
  rme: number;
  samples: number;
  /** Timed calls, our own count (≥ samples when Benchmark.js batches short calls). */
  calls: number;
  /** What the last timed call returned. */
  last: T;
}

interface BenchmarkTarget {
  name: string;
  hz: number;
  stats: { mean: number; rme: number; sample: number[] };
}

interface BenchmarkSuite {
  on(event: string, listener: (event: { target: BenchmarkTarget }) => void): BenchmarkSuite;
}

function median(values: readonly number[]): number {
  const v = [...values].sort((x, y) => x - y);
  const m = v.length >> 1;
  return v.length === 0 ? NaN : v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

export interface SuiteRun<T> {
  suite: string;
  resultsDir: string;
  cases: BenchCase<T>[];
  /** Called after each case with its timing (for progress lines). */
  onCase?: (timing: CaseTiming<T>) => void;
}

/** Runs the cases one after the other with benny, saves `<resultsDir>/<suite>.json`, returns the timings by case name. */
export async function runSuite<T>({ suite, resultsDir, cases, onCase }: SuiteRun<T>): Promise<Map<string, CaseTiming<T>>> {
  const names = new Set<string>();
  for (const c of cases) {
    if (names.has(c.name)) throw new Error(`duplicate benchmark case "${c.name}" in suite ${suite}`);
    names.add(c.name);
  }
  let armed = false;
  let failure: { name: string; error: unknown } | undefined;
  const last = new Map<string, T>();
  const calls = new Map<string, number>();
  const timings = new Map<string, CaseTiming<T>>();

  const adds = cases.map((c) =>
    b.add(
      c.name,
      async () => {
        if (!armed || failure) return;
        try {
          last.set(c.name, await c.run());
          calls.set(c.name, (calls.get(c.name) ?? 0) + 1);
        } catch (error) {
          failure = { name: c.name, error };
        }
      },
      c.options,
    ),
  );
  const hooks = async () => (s: BenchmarkSuite) => {
    armed = true; // every case is prepared by now; from here on calls are timed
    return s.on('cycle', ({ target }) => {
      if (failure || !last.has(target.name)) return;
      const timing: CaseTiming<T> = {
        name: target.name,
        secondsPerOp: target.stats.mean,
        medianSeconds: median(target.stats.sample),
        rme: target.stats.rme,
        samples: target.stats.sample.length,
        calls: calls.get(target.name) ?? 0,
        last: last.get(target.name) as T,
      };
      timings.set(target.name, timing);
      onCase?.(timing);
    });
  };
  await b.suite(
    suite,
    ...adds,
    b.configure({ minDisplayPrecision: 6 }),
    hooks,
    b.save({ file: suite, folder: resultsDir, format: 'json', details: true }),
  );
  if (failure) {
    const f: { name: string; error: unknown } = failure;
    throw new Error(`benchmark case "${f.name}" of suite ${suite} failed: ${(f.error as Error)?.message ?? f.error}`, {
      cause: f.error,
    });
  }
  for (const c of cases) if (!timings.has(c.name)) throw new Error(`benchmark case "${c.name}" of suite ${suite} did not run`);
  return timings;
}
