/** Property tests of the algebra: the fast enumeration against the naive oracle on random inputs. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { getEngine } from '../src/backend/load.js';
import type { RawSearchOptions } from '../src/backend/engine.js';
import { BACKENDS } from './helpers/backends.js';
import { randomCovariance, seedArb } from './helpers/random.js';
import { binomial, lexLess } from './helpers/combinatorics.js';

const TOL = 1e-9;
const N_SAMPLES = 500;

function options(k: number, top: number, extra: Partial<RawSearchOptions> = {}): RawSearchOptions {
  return { minSize: k, maxSize: k, exhaustiveMax: 20, beam: 1, top, threads: 1, units: 'nats', biasCorrect: true, ...extra };
}

describe.each(BACKENDS)('fast enumeration vs the naive oracle on the %s backend', (backend) => {
  const engine = getEngine(backend);

  it('every multiplet of size 2…8, with and without a target, equals the oracle to 1e-9', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, fc.integer({ min: 2, max: 8 }), fc.boolean(), async (seed, k, withTarget) => {
        const p = 10;
        const cov = randomCovariance(p, seed);
        const target = withTarget ? 9 : -1;
        const candidates = Int32Array.from({ length: withTarget ? 9 : 10 }, (_, i) => i);
        const all = binomial(candidates.length, k);
        const result = await engine.search(cov, p, N_SAMPLES, candidates, target, options(k, all)).promise;
        const size = result.sizes[0];
        expect(size.evaluated).toBe(all);
        expect(size.synergy.length + size.singular).toBe(all);
        for (const m of size.synergy) {
          const members = Int32Array.from(withTarget ? [...m.variables, target] : m.variables);
          const oracle = engine.measure(cov, p, N_SAMPLES, members, { units: 'nats', biasCorrect: true, naive: true });
          expect(Math.abs(m.oinfo - oracle.oinfo)).toBeLessThan(TOL);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('the naive search (oracle per multiplet) and the fast search keep the same lists', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, fc.integer({ min: 2, max: 6 }), fc.boolean(), async (seed, k, withTarget) => {
        const p = 11;
        const cov = randomCovariance(p, seed);
        const candidates = Int32Array.from({ length: 10 }, (_, i) => i);
        const target = withTarget ? 10 : -1;
        const fast = (await engine.search(cov, p, N_SAMPLES, candidates, target, options(k, 5, { threads: 2 })).promise).sizes[0];
        const slow = (await engine.search(cov, p, N_SAMPLES, candidates, target, options(k, 5, { naive: true })).promise).sizes[0];
        expect(slow.evaluated).toBe(fast.evaluated);
        for (const key of ['synergy', 'redundancy'] as const)
          fast[key].forEach((m, i) => {
            expect(Math.abs(m.oinfo - slow[key][i].oinfo)).toBeLessThan(TOL);
          });
      }),
      { numRuns: 30 },
    );
  });

  it('the direct measure equals the oracle for TC, DTC, Ω and S', () => {
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 1, max: 12 }), fc.boolean(), fc.boolean(), (seed, m, bits, bc) => {
        const p = 12;
        const cov = randomCovariance(p, seed);
        const members = Int32Array.from({ length: m }, (_, i) => (i * 5) % p);
        const opts = { units: bits ? ('bits' as const) : ('nats' as const), biasCorrect: bc };
        const a = engine.measure(cov, p, N_SAMPLES, members, opts);
        const b = engine.measure(cov, p, N_SAMPLES, members, { ...opts, naive: true });
        for (const key of ['tc', 'dtc', 'oinfo', 'sinfo'] as const) expect(Math.abs(a[key] - b[key])).toBeLessThan(TOL);
      }),
      { numRuns: 100 },
    );
  });

  it('top-K lists equal a brute-force sort of every multiplet (ties by lexicographic order)', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 30 }), async (seed, k, top) => {
        const p = 11;
        const cov = randomCovariance(p, seed);
        const candidates = Int32Array.from({ length: p }, (_, i) => i);
        const every: { v: number[]; o: number }[] = [];
        const combo = (start: number, prefix: number[]) => {
          if (prefix.length === k) {
            every.push({ v: prefix, o: engine.measure(cov, p, N_SAMPLES, Int32Array.from(prefix), { units: 'nats', biasCorrect: true, naive: true }).oinfo });
            return;
          }
          for (let x = start; x < p; x++) combo(x + 1, [...prefix, x]);
        };
        combo(0, []);
        const result = await engine.search(cov, p, N_SAMPLES, candidates, -1, options(k, top)).promise;
        const size = result.sizes[0];
        const byLow = [...every].sort((a, b) => a.o - b.o || (lexLess(a.v, b.v) ? -1 : 1));
        const byHigh = [...every].sort((a, b) => b.o - a.o || (lexLess(a.v, b.v) ? -1 : 1));
        for (const [got, want] of [
          [size.synergy, byLow],
          [size.redundancy, byHigh],
        ] as const) {
          expect(got).toHaveLength(Math.min(top, every.length));
          got.forEach((m, i) => expect(Math.abs(m.oinfo - want[i].o)).toBeLessThan(TOL));
          // The same multiplets, unless the oracle itself cannot separate two values at the cut.
          const cutIsClear = want.length <= top || Math.abs(want[top - 1].o - want[top].o) > 1e-9;
          if (cutIsClear)
            expect(new Set(got.map((m) => m.variables.join(',')))).toEqual(new Set(want.slice(0, top).map((w) => w.v.join(','))));
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe.each(BACKENDS)('copnorm ranks on the %s backend', (backend) => {
  const engine = getEngine(backend);
  // A column with ties depends only on its ranks, ties in sample order (−0 and +0 are equal values).
  it('equal the stable ranks of columns with ties, signed zeros, subnormals and extremes', () => {
    const value = fc.oneof(
      fc.constantFrom(0, -0, 1, -1, 2.5, -2.5, 5e-324, -5e-324, 1e-310, 1.7976931348623157e308, -1.7976931348623157e308),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer({ min: -3, max: 3 }),
      // values a few ulps apart share their high 32 bits: ordered by the low half (copula.cpp's step 2)
      fc.integer({ min: -2000, max: 2000 }).map((k) => 1.5 + k * 2 ** -52),
      fc.integer({ min: -2000, max: 2000 }).map((k) => -3 + k * 2 ** -51),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 2, maxLength: 400 }), (column) => {
        const order = column.map((_, i) => i).sort((a, b) => column[a] - column[b] || a - b);
        const ranks = new Float64Array(column.length);
        order.forEach((i, r) => (ranks[i] = r + 1));
        const z = engine.copnorm(Float64Array.from(column), column.length, 1, 1);
        const expected = engine.copnorm(ranks, column.length, 1, 1);
        z.forEach((v, i) => expect(Object.is(v, expected[i])).toBe(true));
      }),
      { numRuns: 300 },
    );
  });
});
