/**
 * The copula covariance does not depend on the threads: copula.cpp sums the products in two fixed halves
 * of the samples, side by side on two threads (for a large enough problem) or in turn on one, and adds
 * them in order — the same bits either way. And it is the covariance (divisor N − 1) of the copula-normalised columns.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { getEngine } from '../src/backend/load.js';
import { BACKENDS } from './helpers/backends.js';

/** Column-major n × p values: distinct-ish draws, with ties in one column (a label). */
function columns(n: number, p: number, seed: number): Float64Array {
  let s = seed >>> 0 || 1;
  const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) - 0.5;
  const x = new Float64Array(n * p);
  for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) x[j * n + i] = j === 0 ? Math.floor(4 * (next() + 0.5)) : next() + 0.3 * x[i];
  return x;
}

/** The textbook covariance (divisor N − 1), in long double-free plain sums. */
function covariance(z: Float64Array, n: number, p: number): Float64Array {
  const mean = Array.from({ length: p }, (_, j) => z.subarray(j * n, (j + 1) * n).reduce((a, b) => a + b, 0) / n);
  const c = new Float64Array(p * p);
  for (let a = 0; a < p; a++)
    for (let b = 0; b < p; b++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += (z[a * n + i] - mean[a]) * (z[b * n + i] - mean[b]);
      c[a * p + b] = sum / (n - 1);
    }
  return c;
}

describe.each(BACKENDS)('copula covariance (%s)', (backend) => {
  const engine = getEngine(backend);

  it('the same bits on 1, 2, 3 and 8 threads, for odd and even N', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 301 }), fc.integer({ min: 1, max: 9 }), fc.integer(), (n, p, seed) => {
        const x = columns(n, p, seed);
        const one = engine.copulaCovariance(x, n, p, 1);
        for (const threads of [2, 3, 8]) expect(engine.copulaCovariance(x, n, p, threads)).toEqual(one);
      }),
      { numRuns: 60 },
    );
  });

  it('the same bits on 1, 2 and 8 threads where the halves run side by side (above 2^20 products)', () => {
    for (const [n, p] of [[4001, 33], [6000, 24]]) {
      const x = columns(n, p, n + p);
      const one = engine.copulaCovariance(x, n, p, 1);
      for (const threads of [2, 8]) expect(engine.copulaCovariance(x, n, p, threads)).toEqual(one);
    }
  });

  it('is the covariance of the copula-normalised columns (to 1e-12)', () => {
    for (const [n, p] of [[2, 2], [3, 4], [1000, 6], [1001, 5]]) {
      const x = columns(n, p, n * 7 + p);
      const z = engine.copnorm(x, n, p, 1);
      const want = covariance(z, n, p);
      const got = engine.copulaCovariance(x, n, p, 2);
      for (let k = 0; k < p * p; k++) expect(Math.abs(got[k] - want[k])).toBeLessThan(1e-12);
    }
  });
});
