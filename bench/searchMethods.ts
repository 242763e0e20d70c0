/**
 * How close greedy, beam and simulated annealing come to the exhaustive answer above exhaustiveMax,
 * against time: on problems whose exact best multiplets the exhaustive search knows.
 *
 *   node dist/bench/searchMethods.js [--quick] [--layer RUN_DIR]
 *
 * Problems: the benchmarks' synthetic data (bench/data.ts, with target y; N = 2 000) at n = 40 and 60,
 * and with --layer a trained network's fc2 (a run folder of `oinfo reproduce --hidden 100`, seed 1,
 * its test-split pre-activations) with the class label as the continuous target, as the paper does.
 * Per size k: the exhaustive lists (the truth), greedy (beam 1) and beam 4 and 16 from the exhaustive
 * size k₀ = 5, and annealing at three budgets × 5 seeds. Reported per method: the runs whose best
 * synergy / redundancy multiplet is the true one, the mean gap to the true extreme Ω (bits), and the
 * mean wall time. Writes bench/results/search-methods.{json,md}.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { prepare, search, type SearchOptions, type SearchResult } from '../src/index.js';
import { writeFileAtomic } from '../src/util/atomicWrite.js';
import { packageRoot } from '../src/util/packageRoot.js';
import { readNpy } from '../src/io/npy.js';
import { syntheticData } from './data.js';

interface Problem {
  name: string;
  columns: Record<string, Float64Array>;
  sizes: number[];
}

interface Row {
  problem: string;
  k: number;
  method: string;
  runs: number;
  bestSynergy: number;
  bestRedundancy: number;
  gapSynergy: number;
  gapRedundancy: number;
  seconds: number;
  evaluated: number;
}

const BASE = 5;

function syntheticProblem(nVars: number, sizes: number[]): Problem {
  const { data, nSamples, names } = syntheticData(2_000, nVars, true, 17);
  const columns: Record<string, Float64Array> = {};
  names.forEach((name, j) => (columns[name] = data.slice(j * nSamples, (j + 1) * nSamples)));
  return { name: `synthetic n = ${nVars}`, columns, sizes };
}

async function layerProblem(run: string, sizes: number[]): Promise<Problem> {
  const table = readNpy(join(run, 'seeds', 'seed-01', 'activations', 'fc2.npy'));
  const { loadDataset } = await import('../src/pipeline/index.js');
  const config = JSON.parse(readFileSync(join(run, 'config.json'), 'utf8'));
  const dataset = await loadDataset(config.dataset ?? 'fashion-mnist');
  const labels = dataset.test.labels;
  if (labels.length !== table.nSamples) throw new Error(`${run}: ${table.nSamples} activations but ${labels.length} test labels`);
  const columns: Record<string, Float64Array> = {};
  table.columns.forEach((c, j) => (columns[`u${j}`] = c));
  columns.y = Float64Array.from(labels);
  return { name: `fc2 of a 784-100-100-100-10 network (Fashion-MNIST, seed 1), label continuous`, columns, sizes };
}

const extreme = (r: SearchResult, list: 'synergy' | 'redundancy') => r.sizes.at(-1)![list][0];

async function timed(data: ReturnType<typeof prepare>, options: SearchOptions & { seed?: number }) {
  const started = performance.now();
  const result = await search(data, { target: 'y', targetKind: 'continuous', top: 1, ...options });
  return { result, seconds: (performance.now() - started) / 1000 };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const layerAt = args.indexOf('--layer');
  const problems = quick ? [syntheticProblem(20, [6, 7])] : [syntheticProblem(40, [6, 7, 8]), syntheticProblem(60, [6, 7])];
  if (layerAt >= 0) problems.push(await layerProblem(args[layerAt + 1], [6]));
  const budgets = quick ? [1_000, 10_000] : [10_000, 100_000, 1_000_000];
  const seeds = quick ? [1, 2] : [1, 2, 3, 4, 5];
  const rows: Row[] = [];
  for (const problem of problems) {
    const data = prepare(problem.columns);
    for (const k of problem.sizes) {
      const truth = await timed(data, { minSize: k, maxSize: k, exhaustiveMax: k });
      const best = { synergy: extreme(truth.result, 'synergy'), redundancy: extreme(truth.result, 'redundancy') };
      const record = (method: string, runs: { result: SearchResult; seconds: number }[]) => {
        const stat = (list: 'synergy' | 'redundancy') => {
          const found = runs.map((r) => extreme(r.result, list));
          return {
            best: found.filter((m) => m.vars.join() === best[list].vars.join()).length,
            gap: found.reduce((s, m) => s + Math.abs(m.oinfo - best[list].oinfo), 0) / runs.length,
          };
        };
        const s = stat('synergy'), r = stat('redundancy');
        const row: Row = {
          problem: problem.name, k, method, runs: runs.length,
          bestSynergy: s.best, bestRedundancy: r.best, gapSynergy: s.gap, gapRedundancy: r.gap,
          seconds: runs.reduce((t, x) => t + x.seconds, 0) / runs.length,
          evaluated: runs[0].result.sizes.reduce((t, x) => t + x.evaluated, 0),
        };
        rows.push(row);
        process.stderr.write(`${problem.name}, k = ${k}, ${method}: best ${s.best}/${runs.length} & ${r.best}/${runs.length}, ` +
          `gaps ${s.gap.toFixed(4)} & ${r.gap.toFixed(4)} bits, ${row.seconds.toFixed(2)} s\n`);
      };
      record('exhaustive', [truth]);
      for (const beam of [1, 4, 16])
        record(beam === 1 ? 'greedy' : `beam ${beam}`, [await timed(data, { minSize: k, maxSize: k, exhaustiveMax: BASE, beam })]);
      for (const budget of budgets) {
        const runs = [];
        for (const seed of seeds)
          runs.push(await timed(data, { minSize: k, maxSize: k, exhaustiveMax: BASE, method: 'annealing', budget, restarts: 8, seed }));
        record(`annealing ${budget.toExponential(0).replace('e+', 'e')}`, runs);
      }
    }
  }
  const dir = join(packageRoot(), 'bench', 'results');
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  const name = quick ? 'search-methods-quick' : 'search-methods';
  writeFileAtomic(join(dir, `${name}.json`), `${JSON.stringify({ base: BASE, restarts: 8, seeds, budgets, rows }, null, 2)}\n`);
  const md = [
    '| problem | k | method | best synergy found | best redundancy found | mean gap, synergy (bits) | mean gap, redundancy (bits) | mean time (s) | evaluated |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.problem} | ${r.k} | ${r.method} | ${r.bestSynergy}/${r.runs} | ${r.bestRedundancy}/${r.runs} | ${r.gapSynergy.toFixed(4)} | ${r.gapRedundancy.toFixed(4)} | ${r.seconds.toFixed(2)} | ${r.evaluated.toLocaleString('en-US')} |`),
  ].join('\n');
  writeFileAtomic(join(dir, `${name}.md`), `${md}\n`);
  process.stdout.write(`${md}\n`);
}

main().catch((error) => {
  process.stderr.write(`search-methods: ${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});
