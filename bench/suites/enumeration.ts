/**
 * enumeration: multiplets per second of the exhaustive search through the raw engine — the fast tree
 * enumeration on 1 and 2 threads and the naive oracle (every multiplet from scratch, 1 thread) — for
 * n ∈ {20, 50, 100} candidates, k ∈ {3, 4, 5, 6}, with and without a target, N = 10 000 samples.
 *
 * N only enters through the covariance, computed once per n with copulaCovariance. Big searches are
 * capped with a shard: only the first CAP lexicographic ranks are evaluated (the rate is what
 * matters; rank ranges cost about the same). Targets from the issue: the fast enumeration ≥ 100× the
 * naive oracle at k = 6.
 */
import type { Engine, RawSearchOptions, RawSearchResult } from '../../src/backend/engine.js';
import type { AvailableBackend } from '../backends.js';
import { syntheticData } from '../data.js';
import { type BenchCase, type CaseOptions, runSuite } from '../harness.js';
import { check, type Check, type EnumerationRow, type ModeResult, sci, type SuiteOutput } from '../report.js';
import type { Suite, SuiteContext } from '../suite.js';

const N_SAMPLES = 10_000;
const NS = [20, 50, 100];
const KS = [3, 4, 5, 6];
const FAST_THREADS = [1, 2];
/** Multiplets per measured call at most (ranks [0, CAP) of the size). */
const CAPS = { full: { fast: 3e8, naive: 2e5 }, quick: { fast: 2e6, naive: 2e3 } };
/** Seconds of sampling a long case may take (it still runs at least once). */
const CASE_BUDGET_SECONDS = { full: 5, quick: 0.3 };
/** The goal for the speed-up over the naive oracle, checked at the largest n and k = 6. */
const SPEEDUP_GOAL = 100;

export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= Math.min(k, n - k); i++) r = (r * (n - Math.min(k, n - k) + i)) / i;
  return Math.round(r);
}

interface Problem {
  n: number;
  cov: Float64Array;
  dim: number;
  candidates: Int32Array;
  /** The extra column used as the target. */
  targetColumn: number;
}

function problemFor(engine: Engine, n: number): Problem {
  const { data } = syntheticData(N_SAMPLES, n, true, 1000 + n);
  const dim = n + 1;
  return {
    n,
    cov: engine.copulaCovariance(data, N_SAMPLES, dim, 0),
    dim,
    candidates: Int32Array.from({ length: n }, (_, i) => i),
    targetColumn: n,
  };
}

function searchOptions(k: number, threads: number, naive: boolean, cap: number, total: number): RawSearchOptions {
  return {
    minSize: k,
    maxSize: k,
    exhaustiveMax: 20,
    beam: 1,
    top: 10,
    threads,
    units: 'bits',
    biasCorrect: true,
    ...(naive ? { naive: true } : {}),
    ...(cap < total ? { shard: { from: 0, to: cap } } : {}),
  };
}

async function timedRate(engine: Engine, p: Problem, k: number, threads: number, naive: boolean, count: number): Promise<number> {
  const started = performance.now();
  const r = await engine.search(p.cov, p.dim, N_SAMPLES, p.candidates, p.targetColumn, searchOptions(k, threads, naive, count, Infinity)).promise;
  return r.sizes[0].evaluated / ((performance.now() - started) / 1000);
}

/** Rough rates (multiplets/s on 1 thread) used only to decide how often to repeat each case. */
async function calibrate(engine: Engine, p: Problem, quick: boolean): Promise<{ fast: number; naive: number }> {
  const k = Math.min(6, p.n);
  await timedRate(engine, p, k, 1, false, quick ? 1e5 : 1e6); // warm-up
  const fast = await timedRate(engine, p, k, 1, false, quick ? 2e5 : 5e6);
  const naive = await timedRate(engine, p, k, 1, true, quick ? 200 : 5000);
  return { fast, naive };
}

function sampling(estimatedSeconds: number, quick: boolean): CaseOptions {
  // Short calls: Benchmark.js batches them until maxTime. Long ones: exactly minSamples calls.
  if (estimatedSeconds < 0.05) return quick ? { minSamples: 2, maxTime: 0.02, minTime: 0.01 } : { minSamples: 5, maxTime: 0.5 };
  const budget = quick ? CASE_BUDGET_SECONDS.quick : CASE_BUDGET_SECONDS.full;
  return { minSamples: Math.max(1, Math.min(5, Math.floor(budget / estimatedSeconds))), maxTime: 0 };
}

interface CaseKey {
  backend: AvailableBackend['name'];
  n: number;
  k: number;
  target: boolean;
  mode: string;
  threads: number;
  naive: boolean;
  cap: number;
  total: number;
}

async function run(ctx: SuiteContext): Promise<SuiteOutput> {
  const caps = ctx.quick ? CAPS.quick : CAPS.full;
  ctx.settings.enumeration = { nSamples: N_SAMPLES, ns: NS, ks: KS, fastThreads: FAST_THREADS, caps };
  const cases: (BenchCase<RawSearchResult> & { key: CaseKey })[] = [];
  for (const { name: backend, engine } of ctx.backends) {
    const problems = new Map(NS.map((n) => [n, problemFor(engine, n)]));
    const rate = await calibrate(engine, problems.get(Math.max(...NS))!, ctx.quick);
    ctx.log(`${backend}: calibration ~${sci(rate.fast)} multiplets/s fast (1 thread), ~${sci(rate.naive)} naive`);
    for (const n of NS) {
      const p = problems.get(n)!;
      for (const k of KS) {
        const total = binomial(n, k);
        for (const target of [false, true]) {
          const modes = [
            ...FAST_THREADS.map((threads) => ({ mode: `fast ${threads}t`, threads, naive: false })),
            { mode: 'naive 1t', threads: 1, naive: true },
          ];
          for (const { mode, threads, naive } of modes) {
            const cap = Math.min(total, naive ? caps.naive : caps.fast);
            const options = searchOptions(k, threads, naive, cap, total);
            const estimated = cap / (naive ? rate.naive : rate.fast * threads);
            cases.push({
              key: { backend, n, k, target, mode, threads, naive, cap, total },
              name: `${backend} ${mode} n=${n} k=${k} ${target ? 'target' : 'no-target'}`,
              run: () =>
                engine.search(p.cov, p.dim, N_SAMPLES, p.candidates, target ? p.targetColumn : -1, options).promise,
              options: sampling(estimated, ctx.quick),
            });
          }
        }
      }
    }
  }

  const timings = await runSuite({
    suite: 'enumeration',
    resultsDir: ctx.resultsDir,
    cases,
    onCase: (t) => {
      const evaluated = t.last.sizes[0]?.evaluated ?? 0;
      ctx.log(
        `${t.name}: ${sci(evaluated)} multiplets in ${sci(t.secondsPerOp)} s → ${sci(evaluated / t.secondsPerOp)}/s ` +
          `(${t.samples} samples, ${t.calls} calls)`,
      );
    },
  });

  const modeResult = (c: (typeof cases)[number]): ModeResult => {
    const t = timings.get(c.name)!;
    const size = t.last.sizes[0];
    if (!size || size.evaluated !== c.key.cap)
      throw new Error(`${c.name}: expected ${c.key.cap} multiplets evaluated, got ${size?.evaluated}`);
    if (t.last.cancelled) throw new Error(`${c.name}: the search reports itself cancelled`);
    return {
      mode: c.key.mode,
      threads: c.key.threads,
      naive: c.key.naive,
      evaluated: size.evaluated,
      capped: c.key.cap < c.key.total,
      secondsPerOp: t.secondsPerOp,
      multipletsPerSecond: size.evaluated / t.secondsPerOp,
      rmePercent: t.rme,
      samples: t.samples,
    };
  };

  const rows: EnumerationRow[] = [];
  const checks: Check[] = [];
  const groups = new Map<string, (typeof cases)[number][]>();
  for (const c of cases) {
    const id = `${c.key.backend}|${c.key.n}|${c.key.k}|${c.key.target}`;
    groups.set(id, [...(groups.get(id) ?? []), c]);
  }
  for (const group of groups.values()) {
    const { backend, n, k, target, total } = group[0].key;
    const fast = group.filter((c) => !c.key.naive).map(modeResult);
    const naive = modeResult(group.find((c) => c.key.naive)!);
    const speedupVsNaive = fast[0].multipletsPerSecond / naive.multipletsPerSecond;
    rows.push({ suite: 'enumeration', backend, n, k, target, nSamples: N_SAMPLES, total, fast, naive, speedupVsNaive });
    if (!ctx.quick && k === 6 && n === Math.max(...NS))
      checks.push(
        check(`${backend}: fast 1t ÷ naive 1t, n = ${n}, k = 6, ${target ? 'with' : 'no'} target`, speedupVsNaive, '>=', SPEEDUP_GOAL, '×'),
      );
  }
  const notes = [
    `enumeration: rates are multiplets evaluated ÷ mean seconds per call of engine.search (threads start-up and result conversion included); ` +
      `searches above ${sci(caps.fast)} (fast) / ${sci(caps.naive)} (naive) multiplets evaluate only ranks [0, cap) of the size (shard option).`,
  ];
  return { rows, checks, notes };
}

export const enumerationSuite: Suite = {
  name: 'enumeration',
  description: 'exhaustive search through the engine: fast (1 and 2 threads) vs the naive oracle',
  run,
};
