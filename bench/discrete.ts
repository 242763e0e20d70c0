/**
 * The exhaustive search with a discrete target (SPEC §7), multiplets per second through the raw engine
 * (covariance of X and class covariances precomputed, as in the enumeration suite), against the naive
 * oracle (every entropy from its own Cholesky) and the continuous-target enumeration on the same data.
 *
 *   node dist/bench/discrete.js [--n 100] [--k 5] [--classes 10] [--threads 2] [--samples 10000]
 *                               [--backend native|wasm] [--repeat 3] [--cap RANKS] [--quick]
 *                               [--rank-by oinfo|tc|dtc|sinfo]
 *
 * Data: bench/data.ts's synthetic set (n variables and a continuous y); the classes are the quantiles of y
 * (balanced, and dependent on X). The goal of the issue: ≥ 2e7 multiplets/s at n = 100, k = 5, 10 classes,
 * 2 threads, N = 10 000 (the whole C(100, 5) ≈ 7.5e7 multiplets).
 */
import type { ClassCovariances, Engine, RankBy, RawSearchOptions } from '../src/backend/engine.js';
import { getEngine } from '../src/backend/load.js';
import { syntheticData } from './data.js';
import { numberFlag } from './flags.js';
import { binomial } from './suites/enumeration.js';

const GOAL = 2e7;

const quick = process.argv.includes('--quick');
const n = numberFlag('n', 100);
const k = numberFlag('k', 5);
const classes = numberFlag('classes', 10);
const threads = numberFlag('threads', 2);
const nSamples = numberFlag('samples', 10_000);
const repeat = numberFlag('repeat', quick ? 1 : 3);
const total = binomial(n, k);
const cap = Math.min(total, numberFlag('cap', quick ? 2e6 : total));
const backendIndex = process.argv.indexOf('--backend');
const engine: Engine = getEngine(backendIndex >= 0 ? process.argv[backendIndex + 1] : 'native');
const rankByIndex = process.argv.indexOf('--rank-by');
const rankBy = (rankByIndex >= 0 ? process.argv[rankByIndex + 1] : 'oinfo') as RankBy;

const { data } = syntheticData(nSamples, n, true, 1000 + n);
const x = data.subarray(0, n * nSamples);
const y = data.subarray(n * nSamples, (n + 1) * nSamples);
const order = Array.from({ length: nSamples }, (_, i) => i).sort((a, b) => y[a] - y[b]);
const quantile = new Int32Array(nSamples);
order.forEach((i, r) => (quantile[i] = Math.floor((r * classes) / nSamples)));
// Classes numbered by first appearance, as the API does.
const first = new Map<number, number>();
const labels = Int32Array.from(quantile, (q) => {
  if (!first.has(q)) first.set(q, first.size);
  return first.get(q)!;
});
const counts = new Float64Array(classes);
for (const l of labels) counts[l]++;

let started = performance.now();
const z = engine.copnorm(x, nSamples, n, threads);
const cov = engine.copulaCovariance(x, nSamples, n, threads);
const classStats: ClassCovariances = { covs: engine.classCovariances(z, nSamples, n, labels, classes, threads), counts };
const prepareSeconds = (performance.now() - started) / 1000;
const candidates = Int32Array.from({ length: n }, (_, i) => i);

function options(count: number, t: number, naive = false): RawSearchOptions {
  return {
    minSize: k,
    maxSize: k,
    exhaustiveMax: 64,
    beam: 1,
    top: 10,
    threads: t,
    units: 'bits',
    biasCorrect: true,
    rankBy,
    ...(naive ? { naive: true } : {}),
    ...(count < total ? { shard: { from: 0, to: count } } : {}),
  };
}

async function rate(label: string, run: () => Promise<{ sizes: { evaluated: number }[] }>, times: number): Promise<number> {
  const rates: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    const r = await run();
    const seconds = (performance.now() - t0) / 1000;
    rates.push(r.sizes[0].evaluated / seconds);
    console.log(`  ${label}: ${r.sizes[0].evaluated.toExponential(3)} multiplets in ${seconds.toFixed(3)} s → ${rates.at(-1)!.toExponential(3)}/s`);
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)];
}

console.log(
  `discrete target, ${engine.name}, ranked by ${rankBy}: n = ${n}, k = ${k}, ${classes} classes, N = ${nSamples}, ${threads} thread(s), ` +
    `${cap < total ? `ranks [0, ${cap.toExponential(2)}) of ` : ''}C(${n}, ${k}) = ${total.toExponential(3)} multiplets ` +
    `(copula step and class covariances: ${prepareSeconds.toFixed(2)} s)`,
);
const fast = await rate(`fast ${threads}t`, () => engine.search(cov, n, nSamples, candidates, -1, options(cap, threads), undefined, classStats).promise, repeat);
const fast1 = await rate('fast 1t', () => engine.search(cov, n, nSamples, candidates, -1, options(Math.min(cap, 2e7), 1), undefined, classStats).promise, 1);
const naive = await rate('naive 1t', () => engine.search(cov, n, nSamples, candidates, -1, options(quick ? 200 : 2000, 1, true), undefined, classStats).promise, 1);
// The continuous-target enumeration on the same X with y as one more variable, for scale.
started = performance.now();
const covWithY = engine.copulaCovariance(data, nSamples, n + 1, threads);
const continuous = await rate(`continuous target ${threads}t`, () => engine.search(covWithY, n + 1, nSamples, candidates, n, options(cap, threads)).promise, 1);

console.log(`\nmedian fast ${threads}t: ${fast.toExponential(3)} multiplets/s (goal ≥ ${GOAL.toExponential(0)}: ${fast >= GOAL ? 'met' : 'NOT met'})`);
console.log(`fast 1t ÷ naive 1t: ${(fast1 / naive).toFixed(0)}×; continuous target ÷ discrete (${threads}t): ${(continuous / fast).toFixed(1)}×`);
