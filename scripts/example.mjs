// `npm run example`: oinfo search on the example data (data/example.csv) — every
// multiplet of 2…6 variables together with the label y, searched exhaustively for the most
// synergistic and most redundant groups. Writes results/example/search.json and prints a summary.
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { prepare, readTable, search } = await import(new URL('../dist/src/index.js', import.meta.url).href);
const { writeFileAtomic } = await import(new URL('../dist/src/util/atomicWrite.js', import.meta.url).href);

const file = `${root}data/example.csv`;
const dataset = prepare(readTable(file));
const result = await search(dataset, { target: 'y', minSize: 2, maxSize: 6, top: 3 });

const outDir = `${root}results/example`;
const out = `${outDir}/search.json`;
writeFileAtomic(out, JSON.stringify(result, null, 2) + '\n');

const fmt = (m) => `${m.oinfo >= 0 ? '+' : ''}${m.oinfo.toFixed(3)}  {${m.vars.join(', ')}}`;
console.log(`oinfo example: ${dataset.nSamples} samples of ${dataset.names.join(', ')} (${result.backend} backend)`);
console.log(`target y (${result.target_kind}) joins every multiplet; Ω in ${result.units}, bias-corrected; Ω < 0 synergy, Ω > 0 redundancy\n`);
console.log('size  evaluated  most synergistic (min Ω)                most redundant (max Ω)');
for (const s of result.sizes)
  console.log(`${String(s.size).padStart(4)}  ${String(s.evaluated).padStart(9)}  ${fmt(s.synergy[0]).padEnd(38)} ${fmt(s.redundancy[0])}`);
console.log(`\nsearched in ${(result.elapsed_s * 1000).toFixed(1)} ms; full results: ${out}`);
