/**
 * Multivariate variables (groups): the exhaustive search over groups by its two routes — the block-bordered
 * tree (native/engine/group_enumerator.hpp) and the direct route, one Cholesky of every multiplet
 * (groups.hpp BlockEvaluator) — multiplets per second through the raw engine on one thread (the
 * covariance precomputed, as in the enumeration suite), over shapes from many one-column groups to a few
 * wide ones, with the scalar enumeration of plain columns as the yardstick. The route rule of
 * native/engine/group_search.cpp is read off this table.
 *
 *   node dist/bench/groups.js [--backend native|wasm] [--repeat 3] [--cap MULTIPLETS] [--quick]
 *
 * Each shape evaluates the first min(C(n, k), cap) ranks of its size (a shard), with the target y in every
 * multiplet; the best of `repeat` runs counts. Writes bench/results/groups.{json,md} (groups-wasm.* for wasm).
 */
import { join } from 'node:path';

import type { Engine, GroupRoute, RawSearchOptions } from '../src/backend/engine.js';
import { getEngine } from '../src/backend/load.js';
import { writeFileAtomic } from '../src/util/atomicWrite.js';
import { packageRoot } from '../src/util/packageRoot.js';
import { syntheticData } from './data.js';
import { machineInfo } from './machine.js';
import { numberFlag } from './flags.js';
import { binomial } from './suites/enumeration.js';

const quick = process.argv.includes('--quick');
const backendIndex = process.argv.indexOf('--backend');
const backend = backendIndex >= 0 ? process.argv[backendIndex + 1] : 'native';
const engine: Engine = getEngine(backend);
const repeat = numberFlag('repeat', quick ? 1 : 3);
const cap = numberFlag('cap', quick ? 2e5 : 3e6);
const N_SAMPLES = 2000;

/** A shape: `groups` group sizes (in order), the multiplet size k (groups), the target joining each. */
interface Shape {
  name: string;
  sizes: number[];
  k: number;
}
const repeatSize = (count: number, d: number) => Array.from({ length: count }, () => d);
const SHAPES: Shape[] = [
  { name: '60 × 1 column', sizes: repeatSize(60, 1), k: 4 },
  { name: '80 × 2 columns', sizes: repeatSize(80, 2), k: 5 },
  { name: '40 × 2 columns', sizes: repeatSize(40, 2), k: 4 },
  { name: '30 × 3 columns', sizes: repeatSize(30, 3), k: 4 },
  { name: '95 × 1 + 5 × 3 columns', sizes: [...repeatSize(5, 3), ...repeatSize(95, 1)], k: 4 },
  { name: '20 × 5 columns', sizes: repeatSize(20, 5), k: 4 },
  { name: '24 × 10 columns', sizes: repeatSize(24, 10), k: 4 },
  { name: '20 × 20 columns', sizes: repeatSize(20, 20), k: 3 },
  { name: '12 × 40 columns', sizes: repeatSize(12, 40), k: 3 },
];

interface Row {
  shape: string;
  groups: number;
  columns: number;
  k: number;
  multipletColumns: number;
  evaluated: number;
  tree: number;
  direct: number;
  scalar?: number;
}

async function rate(cov: Float64Array, p: number, candidates: Int32Array, sizes: Int32Array | undefined, target: number, k: number, count: number, route?: GroupRoute) {
  const total = binomial(sizes ? sizes.length : candidates.length, k);
  const options: RawSearchOptions = {
    minSize: k,
    maxSize: k,
    exhaustiveMax: k,
    beam: 1,
    top: 10,
    threads: 1,
    units: 'bits',
    biasCorrect: true,
    ...(route ? { groupRoute: route } : {}),
    ...(count < total ? { shard: { from: 0, to: count } } : {}),
  };
  let best = Infinity;
  for (let r = 0; r < repeat; r++) {
    const started = performance.now();
    await engine.search(cov, p, N_SAMPLES, candidates, target, options, undefined, undefined, sizes).promise;
    best = Math.min(best, (performance.now() - started) / 1000);
  }
  return count / best;
}

const rows: Row[] = [];
for (const shape of SHAPES) {
  const columns = shape.sizes.reduce((a, b) => a + b, 0);
  const { data } = syntheticData(N_SAMPLES, columns, true, 4000 + columns);
  const p = columns + 1;
  const cov = engine.copulaCovariance(data, N_SAMPLES, p, 1);
  const candidates = Int32Array.from({ length: columns }, (_, i) => i);
  const sizes = Int32Array.from(shape.sizes);
  const count = Math.min(binomial(shape.sizes.length, shape.k), cap);
  const widest = [...shape.sizes].sort((a, b) => b - a).slice(0, shape.k).reduce((a, b) => a + b, 1);
  const row: Row = {
    shape: shape.name,
    groups: shape.sizes.length,
    columns,
    k: shape.k,
    multipletColumns: widest,
    evaluated: count,
    tree: await rate(cov, p, candidates, sizes, columns, shape.k, count, 'tree'),
    direct: await rate(cov, p, candidates, sizes, columns, shape.k, Math.min(count, Math.max(2000, cap / 10)), 'direct'),
  };
  if (shape.sizes.every((d) => d === 1)) row.scalar = await rate(cov, p, candidates, undefined, columns, shape.k, count);
  rows.push(row);
  process.stderr.write(
    `${shape.name}, k = ${shape.k}: tree ${row.tree.toExponential(2)}/s, direct ${row.direct.toExponential(2)}/s` +
      `${row.scalar ? `, scalar ${row.scalar.toExponential(2)}/s` : ''}\n`,
  );
}

const md = [
  `Groups: multiplets per second on one thread (${backend}), target y in every multiplet, N = ${N_SAMPLES}, best of ${repeat}.`,
  '',
  '| shape | k | columns per multiplet (at most) | multiplets timed | tree (/s) | direct (/s) | tree ÷ direct | scalar enumeration (/s) |',
  '|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.shape} | ${r.k} | ${r.multipletColumns} | ${r.evaluated.toLocaleString('en-US')} | ${r.tree.toExponential(2)} | ${r.direct.toExponential(2)} | ` +
      `${(r.tree / r.direct).toFixed(1)} | ${r.scalar ? r.scalar.toExponential(2) : '—'} |`,
  ),
].join('\n');
process.stdout.write(`${md}\n`);
if (!quick) {
  const dir = join(packageRoot(), 'bench', 'results');
  const name = backend === 'native' ? 'groups' : `groups-${backend}`;
  writeFileAtomic(join(dir, `${name}.json`), `${JSON.stringify({ machine: machineInfo(packageRoot()), backend, nSamples: N_SAMPLES, repeat, cap, rows }, null, 2)}\n`);
  writeFileAtomic(join(dir, `${name}.md`), `${md}\n`);
}
process.exit(0);
