/**
 * A discrete target (SPEC §7): the reference values, the fast enumeration against the naive oracle, the
 * invariances (relabelling, threads, shards, greedy paths), `auto` detection, the class-size error, the
 * two backends and the command line.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

import { type Dataset, prepare } from '../src/api/dataset.js';
import { discreteStatistics, resolveTarget } from '../src/api/discreteTarget.js';
import { searchPlan } from '../src/api/search.js';
import type { ClassCovariances, Engine, RawSearchOptions, RawSearchResult } from '../src/backend/engine.js';
import { getEngine } from '../src/backend/load.js';
import { OinfoOptionError } from '../src/errors.js';
import { gcmiModelCD, measure, mergeShards, OinfoAbortError, OinfoInputError, readTable, search } from '../src/index.js';
import type { Table } from '../src/io/table.js';
import { BACKENDS } from './helpers/backends.js';
import { oinfo } from './helpers/cli.js';
import { gaussian, randomColumns, randomCovariance, rng, seedArb } from './helpers/random.js';
import { loadReference, SYNTH_CSV } from './helpers/reference.js';
import { binomial, lexLess, withoutTiming } from './helpers/combinatorics.js';
import { conditionNumber } from './helpers/conditioning.js';

const TOL = 1e-9;
const MEASURES = ['tc', 'dtc', 'oinfo', 'sinfo'] as const;
const X = ['x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7'];

interface DiscreteReference {
  meta: { classes: number[]; class_counts: number[]; n_samples: number };
  multiplets: { vars: string[]; bits_bc: Record<(typeof MEASURES)[number], number>; nats_raw: Record<(typeof MEASURES)[number], number> }[];
}
const reference = loadReference<DiscreteReference>('oinfo_discrete.json');
const VARIANTS = [
  { name: 'bits_bc', units: 'bits', biasCorrect: true },
  { name: 'nats_raw', units: 'nats', biasCorrect: false },
] as const;

/**
 * p variables v0… and a label y with `classes` classes (values[c], default c) of random sizes, at least
 * minCount each. X depends on the class through its means, scales and correlations.
 */
function labelledColumns(nSamples: number, p: number, classes: number, seed: number, minCount = 12): Record<string, Float64Array> {
  const random = rng(seed);
  const g = gaussian(rng(seed + 1));
  const base = randomColumns(nSamples, p, seed + 2);
  const labels = Array.from({ length: nSamples }, (_, i) => (i < classes * minCount ? i % classes : Math.floor(random() * classes)));
  for (let i = nSamples - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [labels[i], labels[j]] = [labels[j], labels[i]];
  }
  const shift = Array.from({ length: classes * p }, g);
  const scale = Array.from({ length: classes * p }, () => 0.5 + random());
  const mix = Array.from({ length: classes }, () => g() * 0.7);
  const out: Record<string, Float64Array> = {};
  for (let j = 0; j < p; j++) {
    const x = new Float64Array(nSamples);
    for (let i = 0; i < nSamples; i++) {
      const c = labels[i];
      x[i] = base[`v${j}`][i] * scale[c * p + j] + shift[c * p + j] + (j > 0 ? mix[c] * out[`v${j - 1}`][i] : 0);
    }
    out[`v${j}`] = x;
  }
  out.y = Float64Array.from(labels);
  return out;
}

/** Each class's covariance (dim × dim, row-major) as its own array. */
function classCovarianceMinors(classes: ClassCovariances, dim: number): Float64Array[] {
  return Array.from(classes.counts, (_, c) => classes.covs.subarray(c * dim * dim, (c + 1) * dim * dim));
}

/** The same columns with the label values mapped through `f` (a bijection). */
function relabelled(columns: Record<string, Float64Array>, f: (label: number) => number): Record<string, Float64Array> {
  return { ...columns, y: Float64Array.from(columns.y, f) };
}

/**
 * An engine-level problem: random SPD covariances for X and every class, random class sizes. Each class
 * covariance is scaled by 10^u, u uniform in [−scale, scale]: Ω does not change (ln det Σ_c and the
 * ln (Σ_c⁻¹)_ii cancel the factor), but the screen's bounds and products see extreme values.
 */
function randomProblem(p: number, classes: number, seed: number, minCount: number, scale = 0) {
  const random = rng(seed);
  const counts = Float64Array.from({ length: classes }, () => minCount + Math.floor(random() * 200));
  const covs = new Float64Array(classes * p * p);
  for (let c = 0; c < classes; c++) {
    const factor = 10 ** (scale * (2 * random() - 1));
    covs.set(randomCovariance(p, seed + 101 * (c + 1)).map((x) => x * factor), c * p * p);
  }
  const nSamples = counts.reduce((a, b) => a + b, 0);
  return { cov: randomCovariance(p, seed), classes: { covs, counts } as ClassCovariances, nSamples };
}

function rawOptions(k: number, top: number, extra: Partial<RawSearchOptions> = {}): RawSearchOptions {
  return { minSize: k, maxSize: k, exhaustiveMax: 20, beam: 1, top, threads: 1, units: 'nats', biasCorrect: true, ...extra };
}

describe.each(BACKENDS)('discrete target: reference values on the %s backend', (backend) => {
  let table: Table;
  let dataset: Dataset;
  const index = new Map(reference.multiplets.map((m, i) => [m.vars.join(','), i]));

  beforeAll(() => {
    table = readTable(SYNTH_CSV());
    dataset = prepare(table, { backend });
  });

  it('the classes of y are the reference’s', () => {
    const { classes } = resolveTarget(dataset, 8, 'discrete', 4);
    expect([...classes!.values].sort()).toEqual(reference.meta.classes);
    expect(reference.meta.classes.map((v) => classes!.counts[classes!.values.indexOf(v)])).toEqual(reference.meta.class_counts);
  });

  it.each(VARIANTS)('measure(), direct and naive, gives every value of variant $name to 1e-9', ({ name, units, biasCorrect }) => {
    for (const m of reference.multiplets)
      for (const naive of [false, true]) {
        const r = measure(dataset, { vars: m.vars, target: 'y', targetKind: 'discrete', units, biasCorrect, naive, backend });
        expect(r.target_kind).toBe('discrete');
        for (const key of MEASURES) expect(Math.abs(r[key] - m[name][key]), `${m.vars} ${key}`).toBeLessThan(TOL);
      }
  });

  it.each(VARIANTS)('the exhaustive search lists every multiplet of size 2–4 with its values, variant $name', async ({ name, units, biasCorrect }) => {
    for (const size of [2, 3, 4]) {
      const expected = reference.multiplets.filter((m) => m.vars.length === size);
      const result = await search(dataset, { target: 'y', vars: X, minSize: size, maxSize: size, top: 1000, units, biasCorrect, backend });
      expect(result.target_kind).toBe('discrete'); // auto: y holds 4 integer classes
      const s = result.sizes[0];
      expect([s.method, s.evaluated, s.singular, s.synergy.length, s.redundancy.length]).toEqual(['exhaustive', expected.length, 0, expected.length, expected.length]);
      for (const list of [s.synergy, s.redundancy])
        for (const m of list) {
          const want = reference.multiplets[index.get(m.vars.join(','))!][name];
          for (const key of MEASURES) expect(Math.abs(m[key] - want[key]), `${m.vars} ${key}`).toBeLessThan(TOL);
        }
      const byOmega = [...expected].sort((a, b) => a[name].oinfo - b[name].oinfo);
      expect(s.synergy[0].vars).toEqual(byOmega[0].vars);
      expect(s.redundancy[0].vars).toEqual(byOmega.at(-1)!.vars);
      for (let i = 1; i < s.synergy.length; i++) expect(s.synergy[i].oinfo).toBeGreaterThanOrEqual(s.synergy[i - 1].oinfo);
      for (let i = 1; i < s.redundancy.length; i++) expect(s.redundancy[i].oinfo).toBeLessThanOrEqual(s.redundancy[i - 1].oinfo);
    }
  });

  it.each(VARIANTS)('the engine’s search of size 1 (Ω = 0, TC = MI) lists the reference values, variant $name', async ({ name, units, biasCorrect }) => {
    const engine = getEngine(backend);
    const { classes } = resolveTarget(dataset, 8, 'discrete', 1);
    const columns = X.map((_, i) => i);
    const stats = discreteStatistics(engine, dataset, classes!, columns, 1);
    const result = await engine.search(stats.cov, 8, dataset.nSamples, Int32Array.from(columns), -1, rawOptions(1, 8, { units, biasCorrect }), undefined, stats.classes).promise;
    const s = result.sizes[0];
    expect([s.evaluated, s.singular, s.synergy.length]).toEqual([8, 0, 8]);
    for (const m of s.synergy) {
      expect(m.oinfo).toBe(0);
      const want = reference.multiplets[index.get(`x${m.variables[0]}`)!][name];
      for (const key of MEASURES) expect(Math.abs(m[key] - want[key])).toBeLessThan(TOL);
    }
  });

  it('size-1 TC equals gcmi_model_cd (bits, bias-corrected), here and against gcmi’s own value; TC − TC without y is I(S; y)', () => {
    const gcmi = loadReference('gcmi.json');
    const y = table.columns[8];
    for (const entry of gcmi.cd_vs_label as { x: number[]; gcmi_model_cd: number }[]) {
      const vars = entry.x.map((j) => X[j]);
      const tc = measure(dataset, { vars, target: 'y', backend }).tc;
      // TC(X_S ∪ y) − TC(X_S) = H(S) − H(S | y) = I(S; y), gcmi_model_cd of the |S|-dimensional variable.
      const mi = vars.length === 1 ? tc : tc - measure(dataset, { vars, backend }).tc;
      expect(Math.abs(mi - gcmiModelCD(entry.x.map((j) => table.columns[j]), y, 4, { backend }))).toBeLessThan(1e-12);
      expect(Math.abs(mi - entry.gcmi_model_cd)).toBeLessThan(TOL);
    }
  });
});

describe.each(BACKENDS)('discrete target: the fast enumeration against the naive oracle on the %s backend', (backend) => {
  const engine: Engine = getEngine(backend);

  it('every multiplet of size 1…10 equals the oracle (TC, DTC, Ω, S) to 1e-9', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, fc.integer({ min: 1, max: 10 }), fc.integer({ min: 2, max: 6 }), fc.boolean(), fc.boolean(), async (seed, k, classes, bits, bc) => {
        const p = 10;
        const { cov, classes: cls, nSamples } = randomProblem(p, classes, seed, k + 2);
        const all = binomial(p, k);
        const units = bits ? ('bits' as const) : ('nats' as const);
        const candidates = Int32Array.from({ length: p }, (_, i) => i);
        const size = (await engine.search(cov, p, nSamples, candidates, -1, rawOptions(k, all, { units, biasCorrect: bc }), undefined, cls).promise).sizes[0];
        expect(size.evaluated).toBe(all);
        expect(size.singular).toBe(0);
        expect(size.synergy).toHaveLength(all);
        for (const m of size.synergy) {
          const oracle = engine.measure(cov, p, nSamples, Int32Array.from(m.variables), { units, biasCorrect: bc, naive: true }, cls);
          const direct = engine.measure(cov, p, nSamples, Int32Array.from(m.variables), { units, biasCorrect: bc }, cls);
          for (const key of MEASURES) {
            expect(Math.abs(m[key] - oracle[key]), key).toBeLessThan(TOL);
            expect(Math.abs(direct[key] - oracle[key]), key).toBeLessThan(TOL);
          }
        }
      }),
      { numRuns: 50 },
    );
  });

  it('top-K lists equal a brute-force sort of the oracle’s values (the screen never drops an entrant)', async () => {
    await fc.assert(
      fc.asyncProperty(
        seedArb,
        fc.integer({ min: 2, max: 9 }),
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom(0, 0, 3, 150),
        async (seed, k, classes, top, scale) => {
          const p = 11;
          const { cov, classes: cls, nSamples } = randomProblem(p, classes, seed, k + 2, scale);
          const every: { v: number[]; o: number }[] = [];
          const combo = (start: number, prefix: number[]) => {
            if (prefix.length === k) {
              every.push({ v: prefix, o: engine.measure(cov, p, nSamples, Int32Array.from(prefix), { units: 'nats', biasCorrect: true, naive: true }, cls).oinfo });
              return;
            }
            for (let x = start; x < p; x++) combo(x + 1, [...prefix, x]);
          };
          combo(0, []);
          const candidates = Int32Array.from({ length: p }, (_, i) => i);
          const size = (await engine.search(cov, p, nSamples, candidates, -1, rawOptions(k, top), undefined, cls).promise).sizes[0];
          const byLow = [...every].sort((a, b) => a.o - b.o || (lexLess(a.v, b.v) ? -1 : 1));
          const byHigh = [...every].sort((a, b) => b.o - a.o || (lexLess(a.v, b.v) ? -1 : 1));
          for (const [got, want] of [
            [size.synergy, byLow],
            [size.redundancy, byHigh],
          ] as const) {
            expect(got).toHaveLength(Math.min(top, every.length));
            got.forEach((m, i) => expect(Math.abs(m.oinfo - want[i].o)).toBeLessThan(TOL));
            const cutIsClear = want.length <= top || Math.abs(want[top - 1].o - want[top].o) > 1e-9;
            if (cutIsClear) expect(new Set(got.map((m) => m.variables.join(',')))).toEqual(new Set(want.slice(0, top).map((w) => w.v.join(','))));
          }
        },
      ),
      { numRuns: 60, examples: [[1369702479, 3, 2, 1, 150]] /* once missed: an underflowed redundancy threshold */ },
    );
  });

  it('the naive search (oracle per multiplet) keeps the same lists as the fast one, on data with class structure', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, fc.integer({ min: 2, max: 5 }), fc.integer({ min: 2, max: 7 }), async (seed, k, classes) => {
        const data = prepare(labelledColumns(400, 10, classes, seed), { backend });
        const { classes: cls } = resolveTarget(data, 10, 'discrete', k);
        const columns = Array.from({ length: 10 }, (_, i) => i);
        const stats = discreteStatistics(engine, data, cls!, columns, 1);
        const run = (extra: Partial<RawSearchOptions>) =>
          engine.search(stats.cov, 10, data.nSamples, Int32Array.from(columns), -1, rawOptions(k, 6, extra), undefined, stats.classes).promise;
        const fast = (await run({ threads: 2 })).sizes[0];
        const slow = (await run({ naive: true })).sizes[0];
        expect([slow.evaluated, slow.singular]).toEqual([fast.evaluated, fast.singular]);
        // The class covariances of this generator can be nearly collinear (κ up to ~1e8), where the bordered
        // inverses and a fresh Cholesky differ by O(κ ε): the tolerance scales with the worst class's κ.
        const tolerance = (vars: readonly number[]) =>
          TOL + 16 * Number.EPSILON * Math.max(...classCovarianceMinors(stats.classes, 10).map((c) => conditionNumber(c, 10, vars)));
        for (const key of ['synergy', 'redundancy'] as const)
          fast[key].forEach((m, i) => {
            const want = slow[key][i];
            const tol = tolerance([...want.variables]);
            for (const f of MEASURES) expect(Math.abs(m[f] - want[f])).toBeLessThan(tol);
            // Near-ties within the tolerance may swap places; anything further apart keeps its rank.
            if (m.variables.join() !== want.variables.join()) expect(Math.abs(m[rankBy] - want[rankBy])).toBeLessThan(2 * tol);
          });
      }),
      { numRuns: 15 },
    );
  });

  it('skips and counts multiplets singular in one class only, or in X; never NaN; the oracle agrees', async () => {
    const p = 8;
    for (const where of ['class', 'global'] as const) {
      const { cov, classes: cls, nSamples } = randomProblem(p, 3, 17, 20);
      // Variables 2 and 5 identical: within class 1 only, or in X (every class keeps them apart).
      const m = where === 'class' ? cls.covs.subarray(p * p, 2 * p * p) : cov;
      for (let i = 0; i < p; i++) m[5 * p + i] = m[i * p + 5] = m[2 * p + i];
      m[5 * p + 5] = m[2 * p + 2];
      for (let k = 2; k <= 5; k++) {
        const candidates = Int32Array.from({ length: p }, (_, i) => i);
        const run = (extra: Partial<RawSearchOptions>) => engine.search(cov, p, nSamples, candidates, -1, rawOptions(k, 1000, extra), undefined, cls).promise;
        const fast = (await run({})).sizes[0];
        const slow = (await run({ naive: true })).sizes[0];
        expect(fast.singular).toBe(binomial(p - 2, k - 2));
        expect(slow.singular).toBe(fast.singular);
        expect(fast.synergy).toHaveLength(binomial(p, k) - fast.singular);
        for (const mm of [...fast.synergy, ...fast.redundancy]) {
          for (const f of MEASURES) expect(Number.isFinite(mm[f])).toBe(true);
          expect(mm.variables.includes(2) && mm.variables.includes(5)).toBe(false);
        }
        // Greedy sizes skip them too.
        const greedy = (await run({ minSize: k, maxSize: k, exhaustiveMax: 1, beam: 3 })).sizes.at(-1)!;
        for (const mm of [...greedy.synergy, ...greedy.redundancy]) expect(mm.variables.includes(2) && mm.variables.includes(5)).toBe(false);
      }
      expect(() => engine.measure(cov, p, nSamples, Int32Array.of(2, 5, 0), { units: 'bits', biasCorrect: true }, cls)).toThrow(/singular/);
    }
  });
});

describe.each(BACKENDS)('discrete target: invariances on the %s backend', (backend) => {
  it('relabelling the classes (a permutation, 0..C−1 → 10, 20, …, or any integers) changes no bit of any result', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, fc.integer({ min: 2, max: 6 }), fc.integer(), async (seed, classes, permutationSeed) => {
        const columns = labelledColumns(300, 9, classes, seed);
        const random = rng(permutationSeed >>> 0 || 1);
        const permutation = Array.from({ length: classes }, (_, c) => c).sort(() => random() - 0.5);
        const scattered = Array.from({ length: classes }, (_, c) => Math.floor(random() * 2000) - 1000 + c * 2001);
        const variants = [relabelled(columns, (c) => permutation[c]), relabelled(columns, (c) => 10 * (c + 1)), relabelled(columns, (c) => scattered[c])];
        const opts = { target: 'y', minSize: 2, maxSize: 6, exhaustiveMax: 4, beam: 2, top: 5, backend, threads: 2 } as const;
        const base = withoutTiming(await search(columns, opts));
        expect(base.target_kind).toBe('discrete');
        const measured = measure(columns, { vars: ['v1', 'v4', 'v7'], target: 'y', backend });
        for (const v of variants) {
          expect(withoutTiming(await search(v, opts))).toEqual(base);
          expect(measure(v, { vars: ['v1', 'v4', 'v7'], target: 'y', backend })).toEqual(measured);
        }
      }),
      { numRuns: 8 },
    );
  });

  it('gives identical results with 1, 2 and 4 threads, exhaustive and greedy', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, fc.integer({ min: 3, max: 6 }), fc.integer({ min: 2, max: 10 }), async (seed, maxSize, classes) => {
        const data = prepare(labelledColumns(400, 14, classes, seed), { backend });
        const opts = { target: 'y', minSize: 2, maxSize, exhaustiveMax: 4, beam: 3, top: 7, backend };
        const runs = await Promise.all([1, 2, 4].map((threads) => search(data, { ...opts, threads })));
        expect(withoutTiming(runs[1])).toEqual(withoutTiming(runs[0]));
        expect(withoutTiming(runs[2])).toEqual(withoutTiming(runs[0]));
      }),
      { numRuns: 8 },
    );
  });

  it('merges shards [from, to) into exactly the single-run answer', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, fc.integer({ min: 2, max: 5 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }), async (seed, k, cuts) => {
        const data = prepare(labelledColumns(300, 12, 4, seed), { backend });
        const total = binomial(12, k);
        const opts = { target: 'y', minSize: k, maxSize: k, top: 9, backend, threads: 2 };
        const single = (await search(data, opts)).sizes[0];
        const bounds = [0, ...cuts.map((c) => Math.floor(c * total)).sort((a, b) => a - b), total];
        const parts = [];
        for (let i = 0; i + 1 < bounds.length; i++) parts.push((await search(data, { ...opts, shard: { from: bounds[i], to: bounds[i + 1] } })).sizes[0]);
        expect(mergeShards(parts, (name) => data.names.indexOf(name), 9)).toEqual(single);
      }),
      { numRuns: 10 },
    );
  });

  it('greedy and beam sizes report bit-for-bit the values the exhaustive enumeration gives the same multiplets', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, fc.integer({ min: 1, max: 3 }), async (seed, beam) => {
        const data = prepare(labelledColumns(300, 10, 3, seed), { backend });
        const greedy = await search(data, { target: 'y', minSize: 2, maxSize: 6, exhaustiveMax: 2, beam, top: 4, backend });
        for (const s of greedy.sizes.filter((x) => x.method === 'greedy')) {
          const all = (await search(data, { target: 'y', minSize: s.size, maxSize: s.size, top: 1000, backend })).sizes[0];
          const exact = new Map(all.synergy.map((m) => [m.vars.join(','), m]));
          for (const m of [...s.synergy, ...s.redundancy]) expect(m).toEqual(exact.get(m.vars.join(',')));
        }
      }),
      { numRuns: 6 },
    );
  });

  it('size-1 TC equals gcmiModelCD on random data', () => {
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 2, max: 9 }), (seed, classes) => {
        const columns = labelledColumns(250, 3, classes, seed);
        const data = prepare(columns, { backend });
        for (const v of ['v0', 'v1', 'v2']) {
          const tc = measure(data, { vars: [v], target: 'y', targetKind: 'discrete', backend }).tc;
          expect(Math.abs(tc - gcmiModelCD(columns[v], columns.y, classes, { backend }))).toBeLessThan(1e-12);
        }
      }),
      { numRuns: 20 },
    );
  });

  it('reports progress up to the total and stops when its AbortSignal fires', async () => {
    const data = prepare(labelledColumns(500, 30, 5, 3, 40), { backend });
    const ticks: [number, number][] = [];
    await search(data, { target: 'y', minSize: 4, maxSize: 4, backend, onProgress: (d, t) => ticks.push([d, t]) });
    expect(ticks.at(-1)).toEqual([binomial(30, 4), binomial(30, 4)]);
    const big = prepare(labelledColumns(500, 90, 5, 4, 40), { backend });
    const controller = new AbortController();
    const pending = search(big, { target: 'y', minSize: 6, maxSize: 6, backend, signal: controller.signal }); // ~6e8 multiplets
    await new Promise((r) => setTimeout(r, 200));
    const abortedAt = performance.now();
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(OinfoAbortError);
    expect(performance.now() - abortedAt).toBeLessThan(250);
  });
});

/** Lowest first and highest first, ties by the lexicographic order of the members. */
function sortedBoth<T extends { v: number[]; o: number }>(every: T[]): { lowest: T[]; highest: T[] } {
  const tie = (a: T, b: T) => (lexLess(a.v, b.v) ? -1 : 1);
  return { lowest: [...every].sort((a, b) => a.o - b.o || tie(a, b)), highest: [...every].sort((a, b) => b.o - a.o || tie(a, b)) };
}

function combinationsOf(n: number, k: number): number[][] {
  const out: number[][] = [];
  const walk = (start: number, prefix: number[]) => {
    if (prefix.length === k) return void out.push(prefix);
    for (let x = start; x < n; x++) walk(x + 1, [...prefix, x]);
  };
  walk(0, []);
  return out;
}

const OTHER_MEASURES = ['tc', 'dtc', 'sinfo'] as const;

describe.each(BACKENDS)('discrete target ranked by TC, DTC or S-information on the %s backend', (backend) => {
  const engine: Engine = getEngine(backend);

  it.each(OTHER_MEASURES)('exhaustive lists ranked by %s equal a brute-force sort of measure() (to 1e-12, lexicographic ties)', async (rankBy) => {
    const data = prepare(labelledColumns(400, 9, 5, 31), { backend });
    const vars = data.names.filter((n) => n !== 'y');
    for (const k of [2, 3, 4]) {
      const every = combinationsOf(vars.length, k).map((c) => ({ v: c, o: measure(data, { vars: c.map((i) => vars[i]), target: 'y', backend })[rankBy] }));
      const valueOf = new Map(every.map((e) => [e.v.join(','), e.o]));
      const { lowest, highest } = sortedBoth(every);
      for (const top of [1, 7, every.length]) {
        const result = await search(data, { target: 'y', minSize: k, maxSize: k, top, rankBy, backend, threads: 2 });
        expect([result.target_kind, result.rank_by]).toEqual(['discrete', rankBy]);
        const size = result.sizes[0];
        for (const [list, want] of [
          [size.synergy, lowest],
          [size.redundancy, highest],
        ] as const) {
          expect(list).toHaveLength(Math.min(top, every.length));
          list.forEach((m, i) => {
            const members = m.vars.map((name) => vars.indexOf(name));
            expect(Math.abs(m[rankBy] - want[i].o)).toBeLessThan(1e-12);
            if (members.join(',') !== want[i].v.join(',')) expect(Math.abs(valueOf.get(members.join(','))! - want[i].o)).toBeLessThan(1e-12);
            if (i > 0 && m[rankBy] === list[i - 1][rankBy]) expect(lexLess(list[i - 1].vars.map((name) => vars.indexOf(name)), members)).toBe(true);
            // All four measures equal measure()'s.
            const direct = measure(data, { vars: m.vars, target: 'y', backend });
            for (const key of MEASURES) expect(Math.abs(m[key] - direct[key]), key).toBeLessThan(1e-10);
          });
        }
      }
    }
  });

  it('top-K lists equal a brute-force sort of the oracle for every rankBy (random problems, extreme class scales)', async () => {
    await fc.assert(
      fc.asyncProperty(
        seedArb,
        fc.constantFrom(...OTHER_MEASURES),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom(0, 0, 3, 150),
        async (seed, rankBy, k, classes, top, scale) => {
          const p = 11;
          const { cov, classes: cls, nSamples } = randomProblem(p, classes, seed, k + 2, scale);
          const every = combinationsOf(p, k).map((c) => ({
            v: c,
            o: engine.measure(cov, p, nSamples, Int32Array.from(c), { units: 'nats', biasCorrect: true, naive: true }, cls)[rankBy],
          }));
          const { lowest, highest } = sortedBoth(every);
          const candidates = Int32Array.from({ length: p }, (_, i) => i);
          const size = (await engine.search(cov, p, nSamples, candidates, -1, rawOptions(k, top, { rankBy }), undefined, cls).promise).sizes[0];
          for (const [got, want] of [
            [size.synergy, lowest],
            [size.redundancy, highest],
          ] as const) {
            expect(got).toHaveLength(Math.min(top, every.length));
            // The oracle sums many entropies (with scale 150, of extreme magnitudes): relative 1e-9.
            got.forEach((m, i) => expect(Math.abs(m[rankBy] - want[i].o)).toBeLessThan(TOL * Math.max(1, Math.abs(want[i].o))));
            const cutIsClear = want.length <= top || Math.abs(want[top - 1].o - want[top].o) > 1e-9 * Math.max(1, Math.abs(want[top].o));
            if (cutIsClear) expect(new Set(got.map((m) => m.variables.join(',')))).toEqual(new Set(want.slice(0, top).map((w) => w.v.join(','))));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the naive search and the fast one keep the same lists for every rankBy, singular multiplets counted alike', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, fc.constantFrom(...OTHER_MEASURES), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 2, max: 7 }), async (seed, rankBy, k, classes) => {
        const data = prepare(labelledColumns(400, 10, classes, seed), { backend });
        const { classes: cls } = resolveTarget(data, 10, 'discrete', k);
        const columns = Array.from({ length: 10 }, (_, i) => i);
        const stats = discreteStatistics(engine, data, cls!, columns, 1);
        const run = (extra: Partial<RawSearchOptions>) =>
          engine.search(stats.cov, 10, data.nSamples, Int32Array.from(columns), -1, rawOptions(k, 6, { rankBy, ...extra }), undefined, stats.classes).promise;
        const fast = (await run({ threads: 2 })).sizes[0];
        const slow = (await run({ naive: true })).sizes[0];
        expect([slow.evaluated, slow.singular]).toEqual([fast.evaluated, fast.singular]);
        // The class covariances of this generator can be nearly collinear (κ up to ~1e8), where the bordered
        // inverses and a fresh Cholesky differ by O(κ ε): the tolerance scales with the worst class's κ.
        const tolerance = (vars: readonly number[]) =>
          TOL + 16 * Number.EPSILON * Math.max(...classCovarianceMinors(stats.classes, 10).map((c) => conditionNumber(c, 10, vars)));
        for (const key of ['synergy', 'redundancy'] as const)
          fast[key].forEach((m, i) => {
            const want = slow[key][i];
            const tol = tolerance([...want.variables]);
            for (const f of MEASURES) expect(Math.abs(m[f] - want[f])).toBeLessThan(tol);
            // Near-ties within the tolerance may swap places; anything further apart keeps its rank.
            if (m.variables.join() !== want.variables.join()) expect(Math.abs(m[rankBy] - want[rankBy])).toBeLessThan(2 * tol);
          });
      }),
      { numRuns: 20 },
    );
  });

  it.each(OTHER_MEASURES)('greedy and beam by %s report bit-identically what exhaustive reports, and never beat it', async (rankBy) => {
    for (const seed of [5, 6]) {
      const data = prepare(labelledColumns(300, 10, 4, seed), { backend });
      const base = { target: 'y', minSize: 2, maxSize: 5, rankBy, backend, threads: 2 } as const;
      const all = await search(data, { ...base, exhaustiveMax: 5, top: binomial(10, 5) });
      const reference = new Map<string, unknown>();
      for (const s of all.sizes) for (const m of s.synergy) reference.set(m.vars.join(','), m);
      for (const beam of [1, 3]) {
        const greedy = await search(data, { ...base, exhaustiveMax: 2, beam, top: 4 });
        for (const [i, s] of greedy.sizes.entries()) {
          expect(s.method).toBe(s.size > 2 ? 'greedy' : 'exhaustive');
          for (const m of [...s.synergy, ...s.redundancy]) expect(m).toEqual(reference.get(m.vars.join(',')));
          expect(all.sizes[i].synergy[0][rankBy]).toBeLessThanOrEqual(s.synergy[0][rankBy]);
          expect(all.sizes[i].redundancy[0][rankBy]).toBeGreaterThanOrEqual(s.redundancy[0][rankBy]);
        }
      }
    }
  });

  it('gives identical results with 1, 2 and 4 threads and merges shards into the single-run answer, for every rankBy', async () => {
    await fc.assert(
      fc.asyncProperty(
        seedArb,
        fc.constantFrom(...OTHER_MEASURES),
        fc.integer({ min: 2, max: 5 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }),
        async (seed, rankBy, k, cuts) => {
          const data = prepare(labelledColumns(400, 13, 5, seed), { backend });
          const opts = { target: 'y', minSize: 2, maxSize: 6, exhaustiveMax: 4, beam: 3, top: 7, rankBy, backend };
          const runs = await Promise.all([1, 2, 4].map((threads) => search(data, { ...opts, threads })));
          expect(withoutTiming(runs[1])).toEqual(withoutTiming(runs[0]));
          expect(withoutTiming(runs[2])).toEqual(withoutTiming(runs[0]));
          const one = { target: 'y', minSize: k, maxSize: k, top: 9, rankBy, backend, threads: 2 };
          const single = (await search(data, one)).sizes[0];
          const total = binomial(13, k);
          const bounds = [0, ...cuts.map((c) => Math.floor(c * total)).sort((a, b) => a - b), total];
          const parts = [];
          for (let i = 0; i + 1 < bounds.length; i++) parts.push((await search(data, { ...one, shard: { from: bounds[i], to: bounds[i + 1] } })).sizes[0]);
          expect(mergeShards(parts, (name) => data.names.indexOf(name), 9, rankBy)).toEqual(single);
        },
      ),
      { numRuns: 10 },
    );
  });

  it('a multiplet reports the same Ω whatever the measure ranked by', async () => {
    const data = prepare(labelledColumns(300, 9, 4, 21), { backend });
    for (const k of [2, 3]) {
      const opts = { target: 'y', minSize: k, maxSize: k, top: binomial(9, k), backend, threads: 2 };
      const byMeasure = await Promise.all((['oinfo', ...OTHER_MEASURES] as const).map((rankBy) => search(data, { ...opts, rankBy })));
      const omega = (r: Awaited<ReturnType<typeof search>>) => new Map(r.sizes[0].synergy.map((m) => [m.vars.join(','), m.oinfo]));
      const reference = omega(byMeasure[0]);
      for (const r of byMeasure.slice(1)) expect(omega(r)).toEqual(reference);
    }
  });

  it('skips and counts singular multiplets (in one class or in X) as ranking by Ω does', async () => {
    const p = 8;
    for (const where of ['class', 'global'] as const) {
      const { cov, classes: cls, nSamples } = randomProblem(p, 3, 17, 20);
      const m = where === 'class' ? cls.covs.subarray(p * p, 2 * p * p) : cov;
      for (let i = 0; i < p; i++) m[5 * p + i] = m[i * p + 5] = m[2 * p + i];
      m[5 * p + 5] = m[2 * p + 2];
      const candidates = Int32Array.from({ length: p }, (_, i) => i);
      for (const rankBy of OTHER_MEASURES)
        for (let k = 2; k <= 5; k++) {
          const run = (extra: Partial<RawSearchOptions>) => engine.search(cov, p, nSamples, candidates, -1, rawOptions(k, 1000, { rankBy, ...extra }), undefined, cls).promise;
          const fast = (await run({})).sizes[0];
          expect(fast.singular).toBe(binomial(p - 2, k - 2));
          expect((await run({ naive: true })).sizes[0].singular).toBe(fast.singular);
          expect(fast.synergy).toHaveLength(binomial(p, k) - fast.singular);
          for (const mm of [...fast.synergy, ...fast.redundancy]) {
            for (const f of MEASURES) expect(Number.isFinite(mm[f])).toBe(true);
            expect(mm.variables.includes(2) && mm.variables.includes(5)).toBe(false);
          }
          const greedy = (await run({ exhaustiveMax: 1, minSize: k, maxSize: k, beam: 3 })).sizes.at(-1)!;
          for (const mm of [...greedy.synergy, ...greedy.redundancy]) expect(mm.variables.includes(2) && mm.variables.includes(5)).toBe(false);
        }
    }
  });
});

describe('discrete target: auto detection, options and errors', () => {
  const base = labelledColumns(200, 4, 3, 5, 20);
  const wide = labelledColumns(400, 4, 3, 6, 20);
  const kind = (columns: Record<string, ArrayLike<number>>, targetKind?: string) =>
    measure(columns as Record<string, Float64Array>, { vars: ['v0', 'v1'], target: 'y', targetKind: targetKind as never }).target_kind;

  it('auto: discrete for 2…64 distinct integer values (any integers), continuous otherwise', () => {
    expect(kind(base)).toBe('discrete');
    expect(kind(relabelled(base, (c) => -7 + 1000 * c))).toBe('discrete');
    expect(kind({ ...base, y: base.y.map((c, i) => (i < 100 ? 0 : 1)) })).toBe('discrete');
    expect(kind({ ...wide, y: wide.y.map((_, i) => i % 64) })).toBe('discrete');
    expect(kind({ ...wide, y: wide.y.map((_, i) => i % 65) })).toBe('continuous');
    expect(kind({ ...base, y: base.y.map((c, i) => (i === 7 ? 0.5 : c)) })).toBe('continuous');
    expect(kind({ ...base, y: base.v3 })).toBe('continuous');
    expect(kind({ ...base, y: base.y.map(() => 2) })).toBe('continuous');
    expect(kind(base, 'continuous')).toBe('continuous');
    expect(kind({ ...wide, y: wide.y.map((_, i) => i % 65) }, 'discrete')).toBe('discrete');
    expect(measure(base, { vars: ['v0', 'v1', 'v2'] }).target_kind).toBeNull();
    expect(measure(base, { vars: ['v0', 'v1', 'v2'], targetKind: 'continuous' }).target_kind).toBeNull();
  });

  it('discrete and continuous give different values, continuous the former behaviour', () => {
    const discrete = measure(base, { vars: ['v0', 'v1'], target: 'y' });
    const continuous = measure(base, { vars: ['v0', 'v1'], target: 'y', targetKind: 'continuous' });
    expect(Math.abs(discrete.oinfo - continuous.oinfo)).toBeGreaterThan(1e-6);
    const data = prepare(base);
    expect(continuous.oinfo).toBe(getEngine().measure(data.cov, 5, 200, Int32Array.of(0, 1, 4), { units: 'bits', biasCorrect: true }).oinfo);
  });

  it('bad values and misuse of targetKind are option errors naming it', () => {
    const optionError = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        expect(error).toBeInstanceOf(OinfoOptionError);
        expect((error as OinfoOptionError).option).toBe('targetKind');
        return (error as Error).message;
      }
      throw new Error('no error');
    };
    expect(optionError(() => kind(base, 'categorical'))).toBe('targetKind must be "auto", "discrete" or "continuous", got "categorical"');
    expect(optionError(() => measure(base, { vars: ['v0', 'v1', 'v2'], targetKind: 'discrete' }))).toBe(
      'targetKind is "discrete" but there is no target: name the class label column with target',
    );
    expect(optionError(() => kind({ ...base, y: base.y.map((c, i) => (i === 7 ? 0.5 : c)) }, 'discrete'))).toBe(
      'targetKind is "discrete" but the target "y" has 0.5 at row 8: class labels must be integers',
    );
    expect(optionError(() => kind({ ...base, y: base.y.map(() => 3) }, 'discrete'))).toBe(
      'targetKind is "discrete" but the target "y" has a single class (every value is 3); it needs at least 2',
    );
    expect(() => searchPlan(base, { target: 'y', maxSize: 3, targetKind: 'nope' as never })).toThrow(OinfoOptionError);
    expect(searchPlan(base, { target: 'y', maxSize: 3 })).toMatchObject({ multiplets: 6 + 4, classes: 3 });
    expect(searchPlan(base, { target: 'y', maxSize: 3, targetKind: 'continuous' }).classes).toBe(0);
  });

  it('a class with N_c ≤ k + 1 samples is an input error naming the class (its value) and its count', async () => {
    // Class 7 has 5 samples: enough for size 3 (5 > 4), not for size 4.
    const y = Float64Array.from({ length: 200 }, (_, i) => (i % 40 === 0 ? 7 : i % 2));
    const columns = { ...base, y };
    const message = 'class 7 of the discrete target "y" has 5 samples; multiplets of size 4 need more than 5 samples in every class';
    expect(() => measure(columns, { vars: ['v0', 'v1', 'v2', 'v3'], target: 'y' })).toThrow(message);
    expect(() => measure(columns, { vars: ['v0', 'v1', 'v2'], target: 'y' })).not.toThrow();
    await expect(search(columns, { target: 'y', maxSize: 4 })).rejects.toThrow(message);
    await expect(search(columns, { target: 'y', maxSize: 4 })).rejects.toBeInstanceOf(OinfoInputError);
    expect(() => searchPlan(columns, { target: 'y', maxSize: 4 })).toThrow(message);
    expect((await search(columns, { target: 'y', maxSize: 3 })).target_kind).toBe('discrete');
    await expect(search(columns, { target: 'y', maxSize: 4, targetKind: 'continuous' })).resolves.toMatchObject({ target_kind: 'continuous' });
  });
});

describe('discrete target: native and WASM agree', () => {
  const native = getEngine('native');
  const wasm = getEngine('wasm');

  it('on the same inputs the engines give the same lists and values', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, fc.integer({ min: 2, max: 8 }), async (seed, classes) => {
        const p = 12;
        const { cov, classes: cls, nSamples } = randomProblem(p, classes, seed, 12);
        const candidates = Int32Array.from({ length: p }, (_, i) => i);
        for (const o of [
          rawOptions(1, 5, { maxSize: 6, exhaustiveMax: 6 }),
          rawOptions(2, 4, { maxSize: 9, exhaustiveMax: 3, beam: 2, units: 'bits' }),
          rawOptions(5, 6, { shard: { from: 100, to: 500 }, biasCorrect: false }),
          rawOptions(1, 5, { maxSize: 5, exhaustiveMax: 5, rankBy: 'tc' }),
          rawOptions(2, 4, { maxSize: 8, exhaustiveMax: 3, beam: 2, units: 'bits', rankBy: 'dtc' }),
          rawOptions(4, 6, { shard: { from: 50, to: 400 }, rankBy: 'sinfo' }),
        ]) {
          const [a, b]: RawSearchResult[] = await Promise.all([
            native.search(cov, p, nSamples, candidates, -1, o, undefined, cls).promise,
            wasm.search(cov, p, nSamples, candidates, -1, o, undefined, cls).promise,
          ]);
          expect(b.sizes.map((s) => [s.size, s.method, s.evaluated, s.singular])).toEqual(a.sizes.map((s) => [s.size, s.method, s.evaluated, s.singular]));
          a.sizes.forEach((s, i) => {
            for (const list of ['synergy', 'redundancy'] as const) {
              expect(b.sizes[i][list].map((m) => m.variables)).toEqual(s[list].map((m) => m.variables));
              s[list].forEach((m, j) => {
                for (const f of MEASURES) expect(Math.abs(m[f] - b.sizes[i][list][j][f])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(m[f])));
              });
            }
          });
          const members = Int32Array.of(0, 3, 7);
          const ma = native.measure(cov, p, nSamples, members, { units: 'bits', biasCorrect: true }, cls);
          const mb = wasm.measure(cov, p, nSamples, members, { units: 'bits', biasCorrect: true }, cls);
          for (const f of MEASURES) expect(Math.abs(ma[f] - mb[f])).toBeLessThanOrEqual(1e-12);
        }
      }),
      { numRuns: 10 },
    );
  });

  it('the reference data set gives the same search through the API', async () => {
    const table = readTable(SYNTH_CSV());
    for (const opts of [
      { target: 'y', minSize: 2, maxSize: 8, exhaustiveMax: 8, top: 10 },
      { target: 'y', minSize: 2, maxSize: 8, exhaustiveMax: 3, beam: 2, top: 4 },
    ]) {
      const a = await search(table, { ...opts, backend: 'native' });
      const b = await search(table, { ...opts, backend: 'wasm' });
      expect([a.backend, b.backend, a.target_kind, b.target_kind]).toEqual(['native', 'wasm', 'discrete', 'discrete']);
      a.sizes.forEach((s, i) => {
        const t = b.sizes[i];
        expect([t.size, t.method, t.evaluated, t.singular]).toEqual([s.size, s.method, s.evaluated, s.singular]);
        for (const list of ['synergy', 'redundancy'] as const) {
          expect(t[list].map((m) => m.vars)).toEqual(s[list].map((m) => m.vars));
          s[list].forEach((m, j) => expect(Math.abs(m.oinfo - t[list][j].oinfo)).toBeLessThanOrEqual(1e-12));
        }
      });
    }
  });
});

describe('discrete target on the command line', () => {
  let dir: string;
  const csv = SYNTH_CSV();
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'oinfo-discrete-'));
  });

  it('measure --target-kind discrete prints target_kind and the reference values', () => {
    const r = oinfo(['measure', csv, '--vars', 'x3,x4,x5', '--target', 'y', '--target-kind', 'discrete', '--units', 'nats', '--no-bias-correct']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['vars', 'target', 'target_kind', 'n_samples', 'units', 'bias_corrected', 'oinfo', 'tc', 'dtc', 'sinfo', 'backend', 'oinfo_version']);
    expect(out.target_kind).toBe('discrete');
    const want = reference.multiplets.find((m) => m.vars.join(',') === 'x3,x4,x5')!.nats_raw;
    for (const key of MEASURES) expect(Math.abs(out[key] - want[key])).toBeLessThan(TOL);
  });

  it.each(['tc', 'dtc', 'sinfo'] as const)('--rank-by %s ranks the lists by that measure, as a brute-force sort of measure --target-kind discrete does', (rankBy) => {
    const r = oinfo(['search', csv, '--target', 'y', '--vars', X.join(','), '--min-size', '3', '--max-size', '3', '--top', '5', '--rank-by', rankBy, '--units', 'nats', '--threads', '2']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect([out.target_kind, out.rank_by]).toEqual(['discrete', rankBy]);
    const every = reference.multiplets
      .filter((m) => m.vars.length === 3)
      .map((m) => ({ vars: m.vars, value: measure(readTable(csv), { vars: m.vars, target: 'y', units: 'nats' })[rankBy] }));
    const tie = (a: { vars: string[] }, b: { vars: string[] }) => (lexLess(a.vars.map((v) => X.indexOf(v)), b.vars.map((v) => X.indexOf(v))) ? -1 : 1);
    const lowest = [...every].sort((a, b) => a.value - b.value || tie(a, b));
    const highest = [...every].sort((a, b) => b.value - a.value || tie(a, b));
    const s = out.sizes[0];
    for (const [list, want] of [
      [s.synergy, lowest],
      [s.redundancy, highest],
    ] as const) {
      expect(list.map((m: { vars: string[] }) => m.vars)).toEqual(want.slice(0, 5).map((w) => w.vars));
      list.forEach((m: Record<string, number>, i: number) => expect(Math.abs(m[rankBy] - want[i].value)).toBeLessThan(1e-12));
    }
  });

  it('search treats an integer label as discrete by default; --target-kind continuous keeps the former answer', () => {
    const args = ['search', csv, '--target', 'y', '--min-size', '3', '--max-size', '3', '--top', '1'];
    const auto = JSON.parse(oinfo(args).stdout);
    expect(Object.keys(auto)).toEqual(['backend', 'n_samples', 'variables', 'target', 'target_kind', 'units', 'bias_corrected', 'rank_by', 'sizes', 'elapsed_s', 'oinfo_version']);
    expect(auto.target_kind).toBe('discrete');
    const discrete = JSON.parse(oinfo([...args, '--target-kind', 'discrete']).stdout);
    expect(discrete.sizes).toEqual(auto.sizes);
    const continuous = JSON.parse(oinfo([...args, '--target-kind', 'continuous']).stdout);
    expect(continuous.target_kind).toBe('continuous');
    expect(continuous.sizes[0].synergy[0].vars).toEqual(['x3', 'x4', 'x5']);
    const ref = loadReference('oinfo_label.json');
    const i = ref.idx['3'].findIndex((idx: number[]) => idx.join(',') === '3,4,5,8');
    expect(Math.abs(continuous.sizes[0].synergy[0].oinfo - ref.results.bits_bc['3'].o[i])).toBeLessThan(TOL);
  });

  it.each([
    ['an unknown kind', ['measure', 'SYNTH', '--vars', 'x0,x1', '--target', 'y', '--target-kind', 'nominal'], 'oinfo: --target-kind must be "auto", "discrete" or "continuous", got "nominal"'],
    ['discrete without a target', ['search', 'SYNTH', '--max-size', '3', '--target-kind', 'discrete'], 'oinfo: --target-kind is "discrete" but there is no --target: name the class label column with --target'],
    ['a non-integer label', ['measure', 'SYNTH', '--vars', 'x0,x1', '--target', 'x7', '--target-kind', 'discrete'], /^oinfo: --target-kind is "discrete" but the target "x7" has -?[0-9.e-]+ at row 1: class labels must be integers$/],
  ])('%s: exit 2 and one line', (_label, args, message) => {
    const r = oinfo(args.map((a) => (a === 'SYNTH' ? csv : a)));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    if (typeof message === 'string') expect(r.stderr.trimEnd()).toBe(message);
    else expect(r.stderr.trimEnd()).toMatch(message);
  });

  it('a class too small for the size: exit 2, one line naming the class and its count', () => {
    const rows = Array.from({ length: 60 }, (_, i) => `${Math.sin(i)},${Math.cos(3 * i)},${Math.sin(7 * i + 1)},${i < 4 ? 9 : i % 3}`);
    const file = join(dir, 'small-class.csv');
    writeFileSync(file, ['a,b,c,label', ...rows].join('\n'));
    for (const args of [
      ['search', file, '--target', 'label', '--max-size', '3'],
      ['measure', file, '--vars', 'a,b,c', '--target', 'label'],
    ]) {
      const r = oinfo(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('oinfo: class 9 of the discrete target "label" has 4 samples; multiplets of size 3 need more than 4 samples in every class\n');
    }
    expect(oinfo(['search', file, '--target', 'label', '--max-size', '2']).code).toBe(0);
  });
});
