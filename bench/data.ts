/**
 * Reproducible synthetic data for the benchmarks: correlated (a latent-factor model), with some
 * non-Gaussian margins and a few product (synergistic) relations, so the searches see realistic
 * dependence structure rather than independent noise. Same seed, same numbers, on every machine.
 */
import { writeFileSync } from 'node:fs';

import { seededRandom } from '../src/util/random.js';

/** The project's seeded PRNG (src/util/random.ts); uniform in [0, 1). */
export function uniform(seed: number): () => number {
  return seededRandom(seed);
}

/** Standard normal draws (Box–Muller on the PRNG above). */
export function gaussian(seed: number): () => number {
  const u = uniform(seed);
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let a = u();
    while (a <= Number.EPSILON) a = u();
    const r = Math.sqrt(-2 * Math.log(a));
    const theta = 2 * Math.PI * u();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}

export interface SyntheticData {
  /** Column-major: column j is data[j * nSamples, (j + 1) * nSamples). */
  data: Float64Array;
  nSamples: number;
  names: string[];
}

const FACTORS = 8;

/**
 * nVars columns x0 … x{nVars−1}, plus a last column `y` when withTarget:
 * - x_i = a_i·f_{i mod 8} + b_i·f_{(3i+1) mod 8} + ε_i (two shared latent factors, unit noise);
 * - every 7th variable (i ≥ 2) is instead x_{i−1}·x_{i−2} + ε (a synergistic pair);
 * - every 5th is passed through exp (a skewed margin; the copula does not care, the CSV does);
 * - y = x0 + x1 + x2·x3 + 0.5·ε.
 */
export function syntheticData(nSamples: number, nVars: number, withTarget: boolean, seed = 20240611): SyntheticData {
  const g = gaussian(seed);
  const u = uniform(seed ^ 0x9e3779b9);
  const columns = nVars + (withTarget ? 1 : 0);
  const data = new Float64Array(nSamples * columns);
  const factors: Float64Array[] = Array.from({ length: FACTORS }, () => Float64Array.from({ length: nSamples }, g));
  const col = (j: number) => data.subarray(j * nSamples, (j + 1) * nSamples);
  for (let i = 0; i < nVars; i++) {
    const x = col(i);
    if (i >= 2 && i % 7 === 0) {
      const p = col(i - 1), q = col(i - 2);
      for (let s = 0; s < nSamples; s++) x[s] = p[s] * q[s] + g();
    } else {
      const a = (0.3 + 0.7 * u()) * (u() < 0.5 ? -1 : 1);
      const b = (0.3 + 0.7 * u()) * (u() < 0.5 ? -1 : 1);
      const f1 = factors[i % FACTORS], f2 = factors[(3 * i + 1) % FACTORS];
      for (let s = 0; s < nSamples; s++) x[s] = a * f1[s] + b * f2[s] + g();
    }
    if (i % 5 === 4) for (let s = 0; s < nSamples; s++) x[s] = Math.exp(0.5 * x[s]);
  }
  if (withTarget) {
    const y = col(nVars);
    const x0 = col(0), x1 = col(Math.min(1, nVars - 1)), x2 = col(Math.min(2, nVars - 1)), x3 = col(Math.min(3, nVars - 1));
    for (let s = 0; s < nSamples; s++) y[s] = x0[s] + x1[s] + x2[s] * x3[s] + 0.5 * g();
  }
  const names = Array.from({ length: nVars }, (_, i) => `x${i}`);
  if (withTarget) names.push('y');
  return { data, nSamples, names };
}

/** Writes the data as a CSV with a header row; numbers in JavaScript's shortest round-trip form (≤ 17 digits). */
export function writeCsv(path: string, d: SyntheticData): number {
  const p = d.names.length;
  const lines: string[] = [d.names.join(',')];
  const row: string[] = new Array(p);
  for (let s = 0; s < d.nSamples; s++) {
    for (let j = 0; j < p; j++) row[j] = String(d.data[j * d.nSamples + s]);
    lines.push(row.join(','));
  }
  const text = lines.join('\n') + '\n';
  writeFileSync(path, text);
  return Buffer.byteLength(text);
}
