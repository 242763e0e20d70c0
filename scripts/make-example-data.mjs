// Generates data/example.csv, the embedded default data of `npm run quickstart`: a known structure
// to find. r1..r3 share one source (a redundant group); y is a noisy 4-class label of a + b + s, so
// {a, b} with y is synergistic; c = a − b + noise adds a second synergistic triplet; n1..n6 are noise.
// Deterministic (seeded): re-running it rewrites the same file.
import { writeFileSync } from 'node:fs';

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const uniform = mulberry32(2019);
const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());

const N = 2000;
const rows = [];
const latent = [];
for (let i = 0; i < N; i++) {
  const s = normal(), a = normal(), b = normal();
  const row = {
    r1: s + 0.5 * normal(),
    r2: s + 0.5 * normal(),
    r3: s + 0.5 * normal(),
    a,
    b,
    c: a - b + 0.4 * normal(),
  };
  for (let j = 1; j <= 6; j++) row[`n${j}`] = normal();
  rows.push(row);
  latent.push(a + b + 0.5 * s + 0.3 * normal());
}
const sorted = [...latent].sort((x, y) => x - y);
const cut = [1, 2, 3].map((q) => sorted[Math.floor((q * N) / 4)]);
rows.forEach((row, i) => (row.y = cut.filter((c) => latent[i] >= c).length));

const names = Object.keys(rows[0]);
const text = [names.join(','), ...rows.map((r) => names.map((n) => String(r[n])).join(','))].join('\n') + '\n';
writeFileSync(new URL('../data/example.csv', import.meta.url), text);
console.log(`wrote data/example.csv: ${N} samples, columns ${names.join(', ')}`);
