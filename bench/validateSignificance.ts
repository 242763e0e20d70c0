/**
 * Validates the statistics of SPEC §8 (issue #9) and prints the numbers the README quotes:
 *   (a) calibration: data sets with no relation between X and y; how often is the most synergistic
 *       multiplet of a size "significant" (p_fwer < 0.05, P = 99)? Expected ≈ 0.05 or below.
 *   (b) power: the planted groups of data/example.csv and test/fixtures/reference/synth.csv.
 *   (c) coverage: Gaussian data whose Ω is known in closed form from its covariance; how often does
 *       the 95 % percentile bootstrap interval cover it (N = 500 and 5 000)?
 * Usage: node dist/bench/validateSignificance.js [--quick] [--json FILE]
 * Deterministic: every data set and every resample comes from seeded PRNGs.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { getEngine } from '../src/backend/load.js';
import { readTable, search } from '../src/index.js';
import { gaussian } from './data.js';

const quick = process.argv.includes('--quick');
const jsonAt = process.argv.indexOf('--json');
const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/** A binomial proportion with its Wilson 95 % interval. */
function proportion(hits: number, n: number) {
  const z = 1.959963984540054;
  const p = hits / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  return { hits, n, rate: p, wilson95: [Math.max(0, centre - half), Math.min(1, centre + half)] };
}

/**
 * (a) X with structure of its own, y independent of X (a continuous y, and a 4-class label as a
 * discrete target); top synergy of sizes 2 and 3 with y.
 */
async function calibration(datasets: number) {
  const out: Record<string, unknown> = {};
  for (const targetKind of ['continuous', 'discrete'] as const) {
    const hits: Record<string, number> = { '2': 0, '3': 0 };
    for (let d = 0; d < datasets; d++) {
      const g = gaussian(1000 + d);
      const n = 300;
      const latent = Array.from({ length: n }, g);
      const columns: Record<string, Float64Array> = {};
      for (let j = 0; j < 6; j++) columns[`x${j}`] = Float64Array.from({ length: n }, (_, i) => 0.6 * latent[i] + g() + (j === 5 ? columns.x0[i] * columns.x1[i] : 0));
      columns.y = Float64Array.from({ length: n }, () => (targetKind === 'discrete' ? Math.min(3, Math.floor(4 * (0.5 + 0.5 * Math.tanh(g())))) : g()));
      const r = await search(columns, { target: 'y', targetKind, minSize: 2, maxSize: 3, top: 1, permutations: 99, seed: d + 1, threads: 2 });
      for (const s of r.sizes) if (s.synergy[0].p_fwer! < 0.05) hits[String(s.size)]++;
    }
    out[targetKind] = Object.fromEntries(Object.entries(hits).map(([k, h]) => [`size ${k}`, proportion(h, datasets)]));
  }
  return out;
}

/** (b) p_fwer of the planted groups under both nulls. */
async function power() {
  const out: Record<string, unknown> = {};
  const cases = [
    { name: 'data/example.csv', file: 'data/example.csv', size: 2 }, // y = a + b + …: its synergy with y is a pair
    { name: 'synth.csv', file: 'test/fixtures/reference/synth.csv', size: 3 },
  ];
  for (const c of cases) {
    const data = readTable(root(c.file));
    for (const targetKind of ['continuous', 'discrete'] as const)
    for (const nullKind of ['target', 'all'] as const) {
      const r = await search(data, { target: 'y', targetKind, minSize: c.size, maxSize: c.size, top: 1, permutations: 99, null: nullKind, seed: 1 });
      const s = r.sizes[0];
      out[`${c.name} ${targetKind} y, null=${nullKind}`] = {
        synergy: { vars: s.synergy[0].vars, oinfo: s.synergy[0].oinfo, p_fwer: s.synergy[0].p_fwer },
        redundancy: { vars: s.redundancy[0].vars, oinfo: s.redundancy[0].oinfo, p_fwer: s.redundancy[0].p_fwer },
      };
    }
  }
  return out;
}

/** (c) x = L·ε with a fixed 4 × 4 correlation (a synergistic core); the true Ω of that covariance. */
async function coverage(replicates: number, resamples: number) {
  const r = [
    [1, 0.0, 0.5, 0.3],
    [0.0, 1, -0.5, 0.3],
    [0.5, -0.5, 1, 0.1],
    [0.3, 0.3, 0.1, 1],
  ];
  const cov = Float64Array.from(r.flat());
  const truth = getEngine().measure(cov, 4, 1e12, Int32Array.of(0, 1, 2, 3), { units: 'bits', biasCorrect: false }).oinfo;
  // Cholesky of r (lower), to draw correlated Gaussians.
  const l = [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]];
  for (let i = 0; i < 4; i++)
    for (let j = 0; j <= i; j++) {
      let s = r[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      l[i][j] = i === j ? Math.sqrt(s) : s / l[j][j];
    }
  const out: Record<string, unknown> = { true_oinfo_bits: truth };
  for (const n of [500, 5000]) {
    let covered = 0;
    let below = 0;
    let width = 0;
    let estimate = 0;
    for (let rep = 0; rep < replicates; rep++) {
      const g = gaussian(50_000 + rep + n);
      const cols = [0, 1, 2, 3].map(() => new Float64Array(n));
      for (let i = 0; i < n; i++) {
        const e = [g(), g(), g(), g()];
        for (let a = 0; a < 4; a++) cols[a][i] = l[a][0] * e[0] + l[a][1] * e[1] + l[a][2] * e[2] + l[a][3] * e[3];
      }
      const res = await search({ a: cols[0], b: cols[1], c: cols[2], d: cols[3] }, { minSize: 4, maxSize: 4, top: 1, bootstrap: resamples, seed: rep + 1, threads: 2 });
      const m = res.sizes[0].synergy[0];
      const [lo, hi] = m.ci!.oinfo;
      if (lo <= truth && truth <= hi) covered++;
      else if (hi < truth) below++;
      width += hi - lo;
      estimate += m.oinfo;
    }
    out[`N=${n}`] = { ...proportion(covered, replicates), interval_entirely_below_truth: below, mean_width_bits: width / replicates, mean_estimate_bits: estimate / replicates };
  }
  return out;
}

async function main() {
  const started = Date.now();
  const datasets = quick ? 40 : 200;
  const replicates = quick ? 40 : 200;
  const resamples = quick ? 100 : 200;
  const result = {
    settings: { datasets, permutations: 99, coverage_replicates: replicates, bootstrap_resamples: resamples },
    calibration: await calibration(datasets),
    power: await power(),
    coverage: await coverage(replicates, resamples),
    seconds: 0,
  };
  result.seconds = (Date.now() - started) / 1000;
  const text = JSON.stringify(result, null, 2);
  process.stdout.write(`${text}\n`);
  if (jsonAt > 0) writeFileSync(process.argv[jsonAt + 1], `${text}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
