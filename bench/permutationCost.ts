/**
 * The cost goal of issue 9 (SPEC §8): P = 100 permutations of the paper's layer search — 20 neurons and
 * the label, N = 10 000, every size 2…20 exhaustively (1.05e6 multiplets per search) — ≤ 15 s with the
 * label as a continuous target and ≤ 60 s as a discrete one, on 2 threads.
 *
 *   node dist/bench/permutationCost.js [--permutations 100] [--threads 2] [--backend native|wasm]
 *
 * Data: a stand-in for a trained layer — 20 ReLU-like units mixing a 10-class one-hot label with noise
 * (the README's numbers were first measured on fc2 of a real run: within 10 % of these). Writes
 * bench/results/permutation-cost.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepare, search } from '../src/index.js';
import { gaussian } from './data.js';
import { machineInfo } from './machine.js';
import { stringFlag } from './flags.js';

const P = Number(stringFlag('permutations', '100'));
const threads = Number(stringFlag('threads', '2'));
const backend = stringFlag('backend', 'native');
const N = 10_000, UNITS = 20, CLASSES = 10;
const GOALS = { continuous: 15, discrete: 60 } as const;

const g = gaussian(11);
const weights = Array.from({ length: UNITS * CLASSES }, g);
const label = Float64Array.from({ length: N }, (_, i) => i % CLASSES);
const columns: Record<string, Float64Array> = {};
for (let u = 0; u < UNITS; u++)
  columns[`n${u}`] = Float64Array.from({ length: N }, (_, i) => Math.max(0, weights[u * CLASSES + label[i]] + g()));
columns.y = label;
const data = prepare(columns, { backend });

const rows = [];
for (const targetKind of ['continuous', 'discrete'] as const) {
  const started = performance.now();
  const result = await search(data, { target: 'y', targetKind, minSize: 2, maxSize: 20, exhaustiveMax: 20, permutations: P, seed: 1, threads, backend });
  const seconds = (performance.now() - started) / 1000;
  const multiplets = result.sizes.reduce((a, s) => a + s.evaluated, 0);
  rows.push({ targetKind, permutations: P, threads, backend, multipletsPerSearch: multiplets, seconds, goalSeconds: GOALS[targetKind] });
  console.log(`${targetKind}: P = ${P}, ${multiplets} multiplets per search, ${seconds.toFixed(1)} s (goal ≤ ${GOALS[targetKind]} s: ${seconds <= GOALS[targetKind] ? 'met' : 'MISSED'})`);
}
const dir = join(import.meta.dirname, '..', '..', 'bench', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'permutation-cost.json'), JSON.stringify({ machine: machineInfo(join(import.meta.dirname, '..', '..')), rows }, null, 2) + '\n');
