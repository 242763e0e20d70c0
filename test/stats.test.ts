/** src/stats against SciPy's numbers (test/fixtures/reference/stats.json), brute force, and properties. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { erfc, holm, normalSf, pairedBootstrapCi, wilcoxonSignedRank } from '../src/stats/index.js';
import { loadReference } from './helpers/reference.js';

interface WilcoxonCase {
  d: number[];
  n: number;
  w_plus: number;
  scipy_statistic: number;
  p: number;
}
const ref = loadReference<{
  wilcoxon_exact: WilcoxonCase[];
  wilcoxon_ties: WilcoxonCase[];
  wilcoxon_normal: WilcoxonCase[];
  holm: { p: number[]; adjusted: number[] }[];
  normal_sf: { z: number; sf: number }[];
}>('stats.json');

const relClose = (actual: number, expected: number, tol = 1e-12) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.max(1e-300, Math.abs(expected)));

/** The exact conditional p by enumerating all 2ⁿ sign patterns of the non-zero |d| (mid-ranks written out anew). */
function bruteForceP(d: number[]): number {
  const nz = d.filter((x) => x !== 0);
  const abs = nz.map(Math.abs);
  const rank = abs.map((a) => abs.filter((b) => b < a).length + (abs.filter((b) => b === a).length + 1) / 2);
  const total = rank.reduce((s, r) => s + r, 0);
  const observed = rank.reduce((s, r, i) => (nz[i] > 0 ? s + r : s), 0);
  let extreme = 0;
  for (let mask = 0; mask < 2 ** nz.length; mask++) {
    const w = rank.reduce((s, r, i) => (mask & (1 << i) ? s + r : s), 0);
    if (Math.abs(w - total / 2) >= Math.abs(observed - total / 2) - 1e-9) extreme++;
  }
  return extreme / 2 ** nz.length;
}

/** One reference case: the same n, W⁺ and method, and p to `tol` (relative). */
function expectCase(c: WilcoxonCase, method: 'exact' | 'normal', tol: number) {
  const r = wilcoxonSignedRank(c.d);
  expect(r.method).toBe(method);
  expect(r.n).toBe(c.n);
  expect(r.statistic).toBe(c.w_plus);
  expect(Math.min(r.statistic, (r.n * (r.n + 1)) / 2 - r.statistic)).toBe(c.scipy_statistic);
  relClose(r.p, c.p, tol);
  return r;
}

describe('wilcoxonSignedRank', () => {
  it('without ties equals scipy.stats.wilcoxon(method="exact") for n = 1…25', () => {
    expect(ref.wilcoxon_exact.length).toBeGreaterThan(25);
    for (const c of ref.wilcoxon_exact) expectCase(c, 'exact', 1e-12);
  });

  it('with ties and zeros equals scipy’s full permutation test and a brute-force enumeration of all sign flips', () => {
    for (const c of ref.wilcoxon_ties) relClose(expectCase(c, 'exact', 1e-9).p, bruteForceP(c.d));
  });

  it('above n = 25 equals scipy’s normal approximation with tie and continuity correction', () => {
    for (const c of ref.wilcoxon_normal) expectCase(c, 'normal', 1e-10);
  });

  it('n = 0 (no or only zero differences) gives p = 1; non-finite differences are refused', () => {
    expect(wilcoxonSignedRank([])).toEqual({ n: 0, statistic: 0, p: 1, method: 'exact' });
    expect(wilcoxonSignedRank([0, 0, 0]).p).toBe(1);
    expect(() => wilcoxonSignedRank([0.1, NaN])).toThrow(RangeError);
  });

  const differences = (minLength: number, maxLength: number) =>
    fc.array(fc.integer({ min: -30, max: 30 }).map((x) => x / 100), { minLength, maxLength });

  it('p is in (0, 1] and unchanged when every difference flips sign; W⁺ becomes W⁻', () => {
    fc.assert(
      fc.property(differences(0, 40), (d) => {
        const a = wilcoxonSignedRank(d);
        const b = wilcoxonSignedRank(d.map((x) => -x));
        expect(a.p).toBeGreaterThan(0);
        expect(a.p).toBeLessThanOrEqual(1);
        expect(b.p).toBeCloseTo(a.p, 14);
        expect(a.statistic + b.statistic).toBeCloseTo((a.n * (a.n + 1)) / 2, 9);
      }),
      { numRuns: 300 },
    );
  });

  it('exact and normal p agree roughly near n = 25', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 25, maxLength: 25 }), fc.array(fc.boolean(), { minLength: 25, maxLength: 25 }), (magnitudes, signs) => {
        const d = magnitudes.map((m, i) => (signs[i] ? m : -m));
        const exact = wilcoxonSignedRank(d, { method: 'exact' }).p;
        const normal = wilcoxonSignedRank(d, { method: 'normal' }).p;
        expect(Math.abs(exact - normal)).toBeLessThan(0.01);
      }),
      { numRuns: 200 },
    );
  });
});

describe('holm', () => {
  it('equals the reference step-down adjustment', () => {
    for (const c of ref.holm) holm(c.p).forEach((p, i) => relClose(p, c.adjusted[i], 1e-15));
  });

  it('is monotone in the raw p, never below it, at most 1, in the order given', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 }), (p) => {
        const adjusted = holm(p);
        expect(adjusted).toHaveLength(p.length);
        p.forEach((pi, i) => {
          expect(adjusted[i]).toBeGreaterThanOrEqual(pi);
          expect(adjusted[i]).toBeLessThanOrEqual(1);
          p.forEach((pj, j) => {
            if (pi <= pj) expect(adjusted[i]).toBeLessThanOrEqual(adjusted[j]);
          });
        });
      }),
      { numRuns: 300 },
    );
  });

  it('refuses what is not a p-value', () => {
    expect(() => holm([0.1, 1.5])).toThrow(RangeError);
    expect(() => holm([NaN])).toThrow(RangeError);
  });
});

describe('pairedBootstrapCi', () => {
  const d = Array.from({ length: 20 }, (_, i) => ((i * 37) % 11) / 100 - 0.03);
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const sd = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / (d.length - 1));

  it('is deterministic for a seed, and another seed resamples otherwise', () => {
    const a = pairedBootstrapCi(d, { resamples: 2000, level: 0.95, seed: 1 });
    expect(pairedBootstrapCi(d, { resamples: 2000, level: 0.95, seed: 1 })).toEqual(a);
    expect(pairedBootstrapCi(d, { resamples: 2000, level: 0.95, seed: 2 })).not.toEqual(a);
  });

  it('brackets the mean, about ± 1.96 sd/√n wide, and narrows with the level', () => {
    const [lo, hi] = pairedBootstrapCi(d, { resamples: 10000, level: 0.95, seed: 1 });
    expect(lo).toBeLessThan(mean);
    expect(hi).toBeGreaterThan(mean);
    // The percentile interval of a mean is close to the normal one (a bit narrower: divisor n, not n − 1).
    expect((hi - lo) / ((2 * 1.96 * sd) / Math.sqrt(d.length))).toBeGreaterThan(0.85);
    expect((hi - lo) / ((2 * 1.96 * sd) / Math.sqrt(d.length))).toBeLessThan(1.05);
    const [lo80, hi80] = pairedBootstrapCi(d, { resamples: 10000, level: 0.8, seed: 1 });
    expect(lo80).toBeGreaterThan(lo);
    expect(hi80).toBeLessThan(hi);
  });

  it('constant differences give a point; none give NaN; bad options are refused', () => {
    expect(pairedBootstrapCi([0.02, 0.02, 0.02], { resamples: 100, level: 0.95, seed: 3 })).toEqual([0.02, 0.02]);
    expect(pairedBootstrapCi([], { resamples: 100, level: 0.95, seed: 3 })).toEqual([NaN, NaN]);
    expect(() => pairedBootstrapCi(d, { resamples: 0, level: 0.95, seed: 1 })).toThrow(RangeError);
    expect(() => pairedBootstrapCi(d, { resamples: 10, level: 95, seed: 1 })).toThrow(RangeError);
  });
});

describe('normal tail', () => {
  it('equals scipy.stats.norm.sf, tails included', () => {
    for (const c of ref.normal_sf) relClose(normalSf(c.z), c.sf, 1e-13);
    expect(erfc(0)).toBe(1);
  });
});
