/**
 * Native vs WASM: the same engine compiled twice must give the same answers (to 1e-12) on the same
 * inputs, and fail the same way. On the same covariance the two are in fact bit-identical (the
 * enumeration only adds, multiplies, divides and takes logarithms); from raw data the copula step
 * differs in the last bit (Eigen vectorises the covariance's rank update with SSE on x86-64, not on
 * WASM), hence the tolerance.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { prepare } from '../src/api/dataset.js';
import { measure } from '../src/api/measure.js';
import { search, type SearchResult } from '../src/api/search.js';
import type { Engine, RawSearchOptions, RawSearchResult } from '../src/backend/engine.js';
import { getEngine } from '../src/backend/load.js';
import { readTable } from '../src/io/readTable.js';
import { SYNTH_CSV } from './helpers/reference.js';
import { randomColumns, randomCovariance, rng, seedArb } from './helpers/random.js';

const TOL = 1e-12;
const N_SAMPLES = 400;

const native: Engine = getEngine('native');
const wasm: Engine = getEngine('wasm');

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= TOL * Math.max(1, Math.abs(a));
}

function expectArraysClose(a: Float64Array, b: Float64Array) {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(a[i])));
  expect(worst).toBeLessThanOrEqual(TOL);
}

/**
 * Same sizes, methods, counts and multiplets (in order); Ω within 1e-12. Multiplets whose Ω tie to 1e-12
 * (e.g. pairs without a target, whose Ω is 0 but for round-off) may come in another order: the backends'
 * logarithms differ in the last bit.
 */
function expectRawParity(a: RawSearchResult, b: RawSearchResult) {
  expect(b.cancelled).toBe(a.cancelled);
  expect(b.sizes.length).toBe(a.sizes.length);
  a.sizes.forEach((s, i) => {
    const t = b.sizes[i];
    expect({ size: t.size, method: t.method, evaluated: t.evaluated, singular: t.singular }).toEqual({
      size: s.size,
      method: s.method,
      evaluated: s.evaluated,
      singular: s.singular,
    });
    for (const list of ['synergy', 'redundancy'] as const) {
      expect(t[list].length).toBe(s[list].length);
      s[list].forEach((m, j) => {
        expect(close(m.oinfo, t[list][j].oinfo), `${list}[${j}]: ${m.oinfo} vs ${t[list][j].oinfo}`).toBe(true);
        if (t[list][j].variables.join() !== m.variables.join())
          expect(s[list].some((other, i) => i !== j && close(other.oinfo, m.oinfo)), `${list}[${j}]: ${m.variables} vs ${t[list][j].variables}, not a tie`).toBe(true);
      });
    }
  });
}

/**
 * API results from raw data. The copula covariances differ in the last bit, so multiplets whose Ω tie
 * exactly in exact arithmetic (e.g. with a duplicated column) may come in another order: where the
 * lists differ, the other backend's multiplet must have the same Ω (measured) to 1e-12.
 */
function expectApiParity(a: SearchResult, b: SearchResult, omega: (vars: string[]) => number) {
  expect(a.backend).toBe('native');
  expect(b.backend).toBe('wasm');
  const { backend: _a, elapsed_s: _ea, sizes: sa, ...restA } = a;
  const { backend: _b, elapsed_s: _eb, sizes: sb, ...restB } = b;
  expect(restB).toEqual(restA);
  expect(sb.length).toBe(sa.length);
  sa.forEach((s, i) => {
    const t = sb[i];
    expect([t.size, t.method, t.evaluated, t.singular]).toEqual([s.size, s.method, s.evaluated, s.singular]);
    for (const list of ['synergy', 'redundancy'] as const) {
      expect(t[list].length).toBe(s[list].length);
      s[list].forEach((m, j) => {
        const other = t[list][j];
        expect(close(m.oinfo, other.oinfo), `${list}[${j}]: ${m.oinfo} vs ${other.oinfo}`).toBe(true);
        if (other.vars.join() !== m.vars.join()) expect(close(omega(other.vars), m.oinfo), `tie ${other.vars} / ${m.vars}`).toBe(true);
      });
    }
  });
}

function options(extra: Partial<RawSearchOptions>): RawSearchOptions {
  return { minSize: 3, maxSize: 3, exhaustiveMax: 6, beam: 1, top: 8, threads: 1, units: 'bits', biasCorrect: true, ...extra };
}

async function bothSearch(cov: Float64Array, p: number, candidates: Int32Array, target: number, o: RawSearchOptions) {
  const [a, b] = await Promise.all([
    native.search(cov, p, N_SAMPLES, candidates, target, o).promise,
    wasm.search(cov, p, N_SAMPLES, candidates, target, o).promise,
  ]);
  expectRawParity(a, b);
  return a;
}

/** What an engine call threw, as { code, message, name } (or the value it returned). */
function outcome(f: () => unknown): unknown {
  try {
    return { value: f() };
  } catch (error) {
    const e = error as { code?: string; message: string; name: string };
    return { code: e.code, message: e.message, name: e.name };
  }
}

async function asyncOutcome(p: Promise<unknown>): Promise<unknown> {
  try {
    return { value: await p };
  } catch (error) {
    const e = error as { code?: string; message: string; name: string };
    return { code: e.code, message: e.message, name: e.name };
  }
}

describe('native vs WASM parity', () => {
  it('copnorm, covariance and copula covariance agree to 1e-12 on random data (ties included)', () => {
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 3, max: 300 }), fc.integer({ min: 1, max: 12 }), fc.boolean(), (seed, n, p, ties) => {
        const r = rng(seed);
        const data = Float64Array.from({ length: n * p }, () => (ties ? Math.floor(r() * 5) : r() * 10 - 5));
        expectArraysClose(native.copnorm(data, n, p, 1), wasm.copnorm(data, n, p, 1));
        expectArraysClose(native.covariance(data, n, p), wasm.covariance(data, n, p));
        expectArraysClose(native.copulaCovariance(data, n, p, 1), wasm.copulaCovariance(data, n, p, 1));
      }),
      { numRuns: 40 },
    );
  });

  it('entropy and the four measures (fast and naive, bits and nats, with and without bias correction) agree', () => {
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 1, max: 9 }), fc.boolean(), fc.boolean(), fc.boolean(), (seed, m, nats, biasCorrect, naive) => {
        const p = 12;
        const cov = randomCovariance(p, seed);
        const r = rng(seed ^ 0x5bd1e995);
        const members = Int32Array.from([...Array(p).keys()].sort(() => r() - 0.5).slice(0, m));
        const est = { units: nats ? ('nats' as const) : ('bits' as const), biasCorrect };
        expect(close(native.entropy(cov, p, N_SAMPLES, members, est), wasm.entropy(cov, p, N_SAMPLES, members, est))).toBe(true);
        const a = native.measure(cov, p, N_SAMPLES, members, { ...est, naive });
        const b = wasm.measure(cov, p, N_SAMPLES, members, { ...est, naive });
        for (const key of ['tc', 'dtc', 'oinfo', 'sinfo'] as const) expect(close(a[key], b[key]), key).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('exhaustive, greedy, beam, shard and naive searches agree on the same covariance', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, fc.boolean(), async (seed, withTarget) => {
        const p = 14;
        const cov = randomCovariance(p, seed);
        const target = withTarget ? 13 : -1;
        const candidates = Int32Array.from({ length: 13 }, (_, i) => i);
        await bothSearch(cov, p, candidates, target, options({ minSize: 1, maxSize: 6, exhaustiveMax: 6 }));
        await bothSearch(cov, p, candidates, target, options({ minSize: 2, maxSize: 9, exhaustiveMax: 3 }));
        await bothSearch(cov, p, candidates, target, options({ minSize: 3, maxSize: 8, exhaustiveMax: 4, beam: 3, units: 'nats' }));
        await bothSearch(cov, p, candidates, target, options({ minSize: 5, maxSize: 5, shard: { from: 300, to: 900 }, biasCorrect: false }));
        await bothSearch(cov, p, candidates, target, options({ minSize: 2, maxSize: 4, naive: true }));
      }),
      { numRuns: 12 },
    );
  });

  it('searches from raw data (the whole API path) agree, singular multiplets included', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, async (seed) => {
        const columns = randomColumns(300, 12, seed);
        columns.copy = columns.v3.slice(); // a singular pair
        // Exhaustive sizes only: with an exact duplicate, {…, v3} and {…, copy} tie in Ω exactly, and the two
        // backends' covariances from raw data differ by round-off (1e-15), so a greedy beam may keep either
        // of the tied multiplets. Greedy parity is tested on a shared covariance and on the reference data.
        const opts = { target: 'v11', minSize: 2, maxSize: 6, exhaustiveMax: 6, top: 6 };
        const data = prepare(columns, { backend: 'native' });
        const a = await search(data, { ...opts, backend: 'native' });
        const b = await search(prepare(columns, { backend: 'wasm' }), { ...opts, backend: 'wasm' });
        expectApiParity(a, b, (vars) => measure(data, { vars, target: 'v11', backend: 'native' }).oinfo);
      }),
      { numRuns: 8 },
    );
  });

  it('the reference data set gives the same search on both backends', async () => {
    const table = readTable(SYNTH_CSV());
    const omega = (vars: string[]) => measure(table, { vars, target: 'y', targetKind: 'continuous', backend: 'native' }).oinfo;
    const opts = { target: 'y', targetKind: 'continuous', minSize: 2, maxSize: 8, exhaustiveMax: 8, top: 10 } as const;
    const a = await search(table, { ...opts, backend: 'native' });
    const b = await search(table, { ...opts, backend: 'wasm' });
    expectApiParity(a, b, omega);
    const greedy = { target: 'y', targetKind: 'continuous', minSize: 2, maxSize: 8, exhaustiveMax: 3, beam: 2, top: 4 } as const;
    expectApiParity(await search(table, { ...greedy, backend: 'native' }), await search(table, { ...greedy, backend: 'wasm' }), omega);
  });

  it('plannedMultiplets agrees, saturation included', () => {
    for (const [n, o] of [
      [40, options({ minSize: 2, maxSize: 9, exhaustiveMax: 6, beam: 4 })],
      [1000, options({ minSize: 30, maxSize: 30, exhaustiveMax: 30 })],
      [20, options({ minSize: 4, maxSize: 4, shard: { from: 10, to: 99 } })],
    ] as const)
      expect(wasm.plannedMultiplets(n, o)).toBe(native.plannedMultiplets(n, o));
  });

  it('fails the same way: same error codes and messages', async () => {
    const p = 6;
    const cov = randomCovariance(p, 3);
    const singular = cov.slice();
    for (let j = 0; j < p; j++) {
      singular[1 * p + j] = singular[0 * p + j];
      singular[j * p + 1] = singular[j * p + 0];
    }
    singular[1 * p + 1] = singular[0];
    const est = { units: 'bits' as const, biasCorrect: true };
    const cases: ((e: Engine) => unknown)[] = [
      (e) => e.measure(singular, p, N_SAMPLES, Int32Array.from([0, 1, 2]), est),
      (e) => e.measure(singular, p, N_SAMPLES, Int32Array.from([0, 1, 2]), { ...est, naive: true }),
      (e) => e.measure(cov, p, N_SAMPLES, Int32Array.from([0, 0]), est),
      (e) => e.measure(cov, p, N_SAMPLES, Int32Array.from([0, 9]), est),
      (e) => e.measure(cov, p, 3, Int32Array.from([0, 1, 2]), est),
      (e) => e.measure(cov, p, N_SAMPLES, Int32Array.from([0, 1]), { units: 'furlongs' as never, biasCorrect: true }),
      (e) => e.measure(cov, p + 1, N_SAMPLES, Int32Array.from([0, 1]), est),
      (e) => e.measure([1, 2] as never, p, N_SAMPLES, Int32Array.from([0, 1]), est),
      (e) => e.measure(cov, p, N_SAMPLES, [0, 1] as never, est),
      (e) => e.entropy(singular, p, N_SAMPLES, Int32Array.from([0, 1]), est),
      (e) => e.entropy(cov, p, N_SAMPLES, Int32Array.from([]), est),
      (e) => e.copnorm(Float64Array.from([1, 2, NaN, 4]), 4, 1),
      (e) => e.copnorm(Float64Array.from([1, 2, 3]), 2, 2),
      (e) => e.copulaCovariance(Float64Array.from([1, 2, 3, Infinity]), 2, 2),
      (e) => e.search(cov, p, N_SAMPLES, Int32Array.from([0, 1]), -1, { ...options({}), units: 'x' as never }),
      (e) => e.plannedMultiplets(5, { ...options({}), top: 'many' as never }),
    ];
    for (const f of cases) expect(outcome(() => f(wasm))).toEqual(outcome(() => f(native)));

    const candidates = Int32Array.from({ length: 5 }, (_, i) => i);
    const rejected: RawSearchOptions[] = [
      options({ minSize: 0 }),
      options({ minSize: 3, maxSize: 6 }),
      options({ minSize: 4, maxSize: 3 }),
      options({ beam: 0 }),
      options({ top: 0 }),
      options({ exhaustiveMax: 0 }),
      options({ minSize: 2, maxSize: 3, shard: { from: 0, to: 3 } }),
    ];
    for (const o of rejected) {
      const [a, b] = await Promise.all([
        asyncOutcome(native.search(cov, p, N_SAMPLES, candidates, 5, o).promise),
        asyncOutcome(wasm.search(cov, p, N_SAMPLES, candidates, 5, o).promise),
      ]);
      expect(b).toEqual(a);
      expect(a).toHaveProperty('code', 'OINFO_BAD_INPUT');
    }
    // A search reports what the engine rejects through its promise, on both backends.
    const badShape = await Promise.all(
      [native, wasm].map((e) => asyncOutcome(e.search(cov, p + 1, N_SAMPLES, Int32Array.from([0, 1]), -1, options({})).promise)),
    );
    expect(badShape[1]).toEqual(badShape[0]);
    expect(badShape[0]).toHaveProperty('code', 'OINFO_BAD_INPUT');
    const tooFew = await Promise.all(
      [native, wasm].map((e) => asyncOutcome(e.search(cov, p, 4, candidates, 5, options({ minSize: 3, maxSize: 3 })).promise)),
    );
    expect(tooFew[1]).toEqual(tooFew[0]);
  });
});
