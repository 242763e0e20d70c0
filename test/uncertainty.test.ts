/**
 * Bootstrap intervals and the max-statistic permutation test (SPEC §8): determinism for a seed,
 * the p-value rule, the null that is tested, abort and progress, and bad options.
 */
import { describe, expect, it } from 'vitest';

import { OinfoAbortError, OinfoInputError, prepare, readTable, search } from '../src/index.js';
import { OinfoOptionError } from '../src/errors.js';
import { getEngine } from '../src/backend/load.js';
import { permutation } from '../src/util/random.js';
import { BACKENDS } from './helpers/backends.js';
import { oinfo } from './helpers/cli.js';
import { gaussian, randomColumns, rng } from './helpers/random.js';
import { SYNTH_CSV } from './helpers/reference.js';
import { withoutTiming } from './helpers/combinatorics.js';

const synth = () => readTable(SYNTH_CSV());

describe.each(BACKENDS)('uncertainty on the %s backend', (backend) => {
  it('a seed gives the same intervals and p-values whatever the threads; another seed other ones', async () => {
    const data = prepare(randomColumns(300, 8, 5), { backend });
    const opts = { target: 'v7', minSize: 2, maxSize: 3, top: 3, bootstrap: 30, permutations: 19, seed: 11, backend };
    const [one, two] = await Promise.all([search(data, { ...opts, threads: 1 }), search(data, { ...opts, threads: 2 })]);
    expect(withoutTiming(two)).toEqual(withoutTiming(one));
    expect(one.bootstrap).toEqual({ resamples: 30, ci: 0.95, seed: 11 });
    expect(one.permutations).toEqual({ count: 19, null: 'target', seed: 11 });
    const other = await search(data, { ...opts, seed: 12 });
    expect(other.sizes[0].synergy[0].ci).not.toEqual(one.sizes[0].synergy[0].ci);
    expect(other.sizes[0].synergy.map((m) => m.oinfo)).toEqual(one.sizes[0].synergy.map((m) => m.oinfo)); // the estimates do not move
  });

  it('every listed multiplet gets ci and se for the four measures, the estimate inside a strong effect’s interval', async () => {
    const r = await search(synth(), { minSize: 3, maxSize: 3, top: 2, bootstrap: 100, backend });
    for (const m of [...r.sizes[0].synergy, ...r.sizes[0].redundancy]) {
      for (const k of ['oinfo', 'tc', 'dtc', 'sinfo'] as const) {
        const [lo, hi] = m.ci![k];
        expect(lo).toBeLessThan(hi);
        expect(m.se![k]).toBeGreaterThan(0);
      }
    }
    const x345 = r.sizes[0].synergy[0];
    expect(x345.vars).toEqual(['x3', 'x4', 'x5']);
    expect(x345.ci!.oinfo[0]).toBeLessThan(x345.oinfo);
    expect(x345.ci!.oinfo[1]).toBeGreaterThan(x345.oinfo);
    expect(x345.ci!.oinfo[1]).toBeLessThan(-0.5); // clearly synergistic
    const narrow = await search(synth(), { minSize: 3, maxSize: 3, top: 1, bootstrap: 100, ci: 0.5, backend });
    const [lo50, hi50] = narrow.sizes[0].synergy[0].ci!.oinfo;
    expect(hi50 - lo50).toBeLessThan(x345.ci!.oinfo[1] - x345.ci!.oinfo[0]);
  });

  it('p_fwer = (1 + exceedances) / (P + 1): the planted groups of synth.csv against the null of independent columns', async () => {
    const r = await search(synth(), { minSize: 3, maxSize: 3, top: 56, permutations: 49, null: 'all', backend });
    const size = r.sizes[0];
    expect(size.synergy[0].vars).toEqual(['x3', 'x4', 'x5']);
    expect(size.synergy[0].p_fwer).toBe(1 / 50);
    expect(size.redundancy[0].vars).toEqual(['x0', 'x1', 'x2']);
    expect(size.redundancy[0].p_fwer).toBe(1 / 50);
    for (const m of [...size.synergy, ...size.redundancy]) {
      expect(m.p_fwer! * 50).toBeCloseTo(Math.round(m.p_fwer! * 50), 9);
      expect(m.p_fwer).toBeGreaterThanOrEqual(1 / 50);
      expect(m.p_fwer).toBeLessThanOrEqual(1);
    }
    // p grows as Ω moves towards 0 (family-wise: one null distribution per size and direction)
    for (let i = 1; i < size.synergy.length; i++) expect(size.synergy[i].p_fwer).toBeGreaterThanOrEqual(size.synergy[i - 1].p_fwer!);
    const q = size.null!;
    expect(q.permutations).toBe(49);
    expect(q.min['0.01']).toBeLessThanOrEqual(q.min['0.05']);
    expect(q.min['0.05']).toBeLessThanOrEqual(q.min['0.5']);
    expect(q.max['0.5']).toBeLessThanOrEqual(q.max['0.99']);
    expect(size.synergy[0].oinfo).toBeLessThan(q.min['0.01']);
  });

  it('with rankBy, the test compares the ranked measure: the planted redundant trio has the highest TC', async () => {
    const r = await search(synth(), { minSize: 3, maxSize: 3, top: 1, permutations: 19, null: 'all', rankBy: 'tc', backend });
    expect(r.rank_by).toBe('tc');
    const top = r.sizes[0].redundancy[0];
    expect(top.p_fwer).toBe(1 / 20);
    expect(top.tc).toBeGreaterThan(r.sizes[0].null!.max['0.99']);
  });

  it('the target null tests the relation with the target: a synergy among the variables alone is not significant', async () => {
    // In synth.csv x3, x4, x5 are synergistic among themselves; adding the label changes Ω by 1e-5 bits.
    const r = await search(synth(), { target: 'y', minSize: 3, maxSize: 3, top: 1, permutations: 49, backend });
    expect(r.permutations!.null).toBe('target');
    expect(r.sizes[0].synergy[0].vars).toEqual(['x3', 'x4', 'x5']);
    expect(r.sizes[0].synergy[0].p_fwer).toBeGreaterThan(0.05);
  });

  it('a label planted in a synergistic pair is significant under the target null', async () => {
    const g = gaussian(rng(9));
    const n = 600;
    const a = Float64Array.from({ length: n }, g);
    const b = Float64Array.from({ length: n }, g);
    const y = Float64Array.from({ length: n }, (_, i) => a[i] + b[i] + 0.3 * g()); // y = a + b: {a, b, y} synergistic
    const noise = Object.fromEntries(Array.from({ length: 5 }, (_, j) => [`n${j}`, Float64Array.from({ length: n }, g)]));
    const r = await search({ a, b, ...noise, y }, { target: 'y', minSize: 2, maxSize: 2, top: 1, permutations: 39, backend });
    expect(r.sizes[0].synergy[0].vars).toEqual(['a', 'b']);
    expect(r.sizes[0].synergy[0].p_fwer).toBe(1 / 40);
  });

  it('with a discrete target: stratified resamples and shuffled labels, relabelling-invariant to the bit', async () => {
    const t = synth();
    const y = t.columns[t.names.indexOf('y')];
    const relabelled = { ...t, columns: t.columns.map((c) => (c === y ? Float64Array.from(y, (v) => 10 * (4 - v)) : c)) };
    const opts = { target: 'y', minSize: 2, maxSize: 3, top: 2, bootstrap: 15, permutations: 9, seed: 4, backend };
    const [a, b] = [await search(t, opts), await search(relabelled, opts)];
    expect(a.target_kind).toBe('discrete');
    expect(withoutTiming(b)).toEqual(withoutTiming(a));
    expect(a.sizes[0].synergy[0].ci).toBeDefined();
    expect(a.sizes[0].synergy[0].p_fwer).toBeGreaterThan(0);
  });

  it('progress covers the whole run and ends at its total; an abort stops the permutations', async () => {
    const data = prepare(randomColumns(400, 14, 3), { backend });
    const ticks: [number, number][] = [];
    await search(data, { minSize: 3, maxSize: 4, top: 2, permutations: 5, bootstrap: 5, backend, onProgress: (d, t) => ticks.push([d, t]) });
    const total = ticks[0][1];
    expect(ticks.every(([, t]) => t === total)).toBe(true);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i][0]).toBeGreaterThanOrEqual(ticks[i - 1][0]);
    expect(ticks.at(-1)![0]).toBe(total);
    const controller = new AbortController();
    const started = Date.now();
    const run = search(data, { minSize: 3, maxSize: 4, permutations: 100_000, backend, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(run).rejects.toBeInstanceOf(OinfoAbortError);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe.each(BACKENDS)('the covariance row a permutation of the target needs (%s)', (backend) => {
  it('covarianceWith(data, column) is that column’s row of the covariance (to 1e-12), for a shuffled column too', () => {
    const engine = getEngine(backend);
    const columns = Object.values(randomColumns(500, 6, 21));
    const n = 500;
    const data = new Float64Array(n * 6);
    columns.forEach((c, j) => data.set(c, j * n));
    const full = engine.covariance(data, n, 6);
    for (const j of [0, 5]) {
      const row = engine.covarianceWith(data, n, 6, data.subarray(j * n, (j + 1) * n));
      row.forEach((v, k) => expect(Math.abs(v - full[j * 6 + k])).toBeLessThan(1e-12));
    }
    const shuffled = data.slice();
    const order = permutation(n, rng(3));
    for (let i = 0; i < n; i++) shuffled[5 * n + i] = data[5 * n + order[i]];
    const row = engine.covarianceWith(shuffled, n, 6, shuffled.subarray(5 * n));
    const recomputed = engine.covariance(shuffled, n, 6);
    row.forEach((v, k) => expect(Math.abs(v - recomputed[5 * 6 + k])).toBeLessThan(1e-12));
  });
});

describe('native and WASM', () => {
  it('give the same intervals (to round-off) and the same p-values for a seed', async () => {
    const opts = { target: 'y', minSize: 2, maxSize: 3, top: 3, bootstrap: 20, permutations: 19, seed: 5 };
    const [native, wasm] = await Promise.all((['native', 'wasm'] as const).map((backend) => search(synth(), { ...opts, backend })));
    native.sizes.forEach((size, s) =>
      (['synergy', 'redundancy'] as const).forEach((list) =>
        size[list].forEach((m, i) => {
          const w = wasm.sizes[s][list][i];
          expect(w.vars).toEqual(m.vars);
          expect(w.p_fwer).toBe(m.p_fwer);
          for (const k of ['oinfo', 'tc', 'dtc', 'sinfo'] as const) {
            expect(Math.abs(w.ci![k][0] - m.ci![k][0])).toBeLessThan(1e-12);
            expect(Math.abs(w.ci![k][1] - m.ci![k][1])).toBeLessThan(1e-12);
            expect(Math.abs(w.se![k] - m.se![k])).toBeLessThan(1e-12);
          }
        }),
      ),
    );
  });
});

describe('bad options → OinfoOptionError naming the option', () => {
  const data = randomColumns(50, 5, 1);
  it.each([
    [{ bootstrap: 0 }, 'bootstrap', /^bootstrap must be an integer from 1 to 1,000,000, got 0$/],
    [{ permutations: -1 }, 'permutations', /^permutations must be an integer from 1/],
    [{ permutations: 9, null: 'target' }, 'null', /^null is "target", but the search has no target/],
    [{ target: 'v4', null: 'all' }, 'null', /^null chooses what a permutation test shuffles: add permutations$/],
    [{ target: 'v4', permutations: 9, null: 'rows' }, 'null', /^null must be "target" or "all", got "rows"$/],
    [{ bootstrap: 9, ci: 1.5 }, 'ci', /^ci must be a number between 0 and 1 \(e\.g\. 0\.95\), got 1\.5$/],
    [{ bootstrap: 9, ci: 0 }, 'ci', /got 0$/],
    [{ ci: 0.9 }, 'ci', /^ci sets the level of bootstrap intervals: add bootstrap$/],
    [{ bootstrap: 9, seed: 1.5 }, 'seed', /^seed must be an integer from 0 to 4,294,967,295, got 1\.5$/],
    [{ seed: 3 }, 'seed', /^seed seeds resamples, permutations and annealing: add bootstrap, permutations or method annealing$/],
  ])('%o', async (extra, option, message) => {
    const error = await search(data, { maxSize: 3, ...(extra as object) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OinfoOptionError);
    expect((error as OinfoOptionError).option).toBe(option);
    expect((error as Error).message).toMatch(message);
  });

  it('a Dataset without its samples cannot be resampled', async () => {
    const prepared = prepare(data);
    const bare = { ...prepared, columns: undefined };
    await expect(search(bare, { maxSize: 3, bootstrap: 5 })).rejects.toBeInstanceOf(OinfoInputError);
  });

  it.each([
    [['--bootstrap', '0'], /^oinfo: --bootstrap must be an integer from 1 /],
    [['--permutations', '5', '--null', 'target'], /^oinfo: --null is "target", but the search has no --target/],
    [['--bootstrap', '5', '--ci', '2'], /^oinfo: --ci must be a number between 0 and 1/],
    [['--bootstrap', '5', '--ci', 'high'], /^oinfo: option '--ci <level>' argument 'high' is invalid/],
    [['--bootstrap', '5', '--seed', 'x'], /^oinfo: option '--seed <s>' argument 'x' is invalid/],
  ])('CLI %o: exit 2, one line', (args, message) => {
    const r = oinfo(['search', SYNTH_CSV(), '--max-size', '3', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
