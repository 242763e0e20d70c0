import fc from 'fast-check';

import { seededRandom } from '../../src/util/random.js';

/** The project's seeded PRNG, so that test data is reproducible from a seed. */
export function rng(seed: number): () => number {
  return seededRandom(seed);
}

/** Standard normal draws (Box–Muller). */
export function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** A random symmetric positive-definite p × p matrix (row-major): AᵀA / m + δI with a random A. */
export function randomCovariance(p: number, seed: number): Float64Array {
  const g = gaussian(rng(seed));
  const m = p + 3;
  const a = Array.from({ length: m * p }, g);
  const cov = new Float64Array(p * p);
  for (let i = 0; i < p; i++)
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let r = 0; r < m; r++) s += a[r * p + i] * a[r * p + j];
      cov[i * p + j] = s / m + (i === j ? 0.05 : 0);
    }
  return cov;
}

/** Named columns of correlated random data: x_j = Σ_l w_jl z_l + noise, so multiplets carry structure. */
export function randomColumns(nSamples: number, p: number, seed: number): Record<string, Float64Array> {
  const g = gaussian(rng(seed));
  const latent = 3;
  const w = Array.from({ length: p * latent }, g);
  const z = Array.from({ length: nSamples * latent }, g);
  const out: Record<string, Float64Array> = {};
  for (let j = 0; j < p; j++) {
    const col = new Float64Array(nSamples);
    for (let i = 0; i < nSamples; i++) {
      let s = g();
      for (let l = 0; l < latent; l++) s += w[j * latent + l] * z[i * latent + l];
      col[i] = j % 4 === 3 ? s * s * Math.sign(s) : s; // some non-Gaussian marginals
    }
    out[`v${j}`] = col;
  }
  return out;
}

export const seedArb = fc.integer({ min: 1, max: 2 ** 31 - 1 });
