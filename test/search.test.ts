/** Search behaviour: determinism across threads and shards, greedy and beam, singular data, progress, abort. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { mergeShards, measure, OinfoAbortError, OinfoInputError, prepare, search } from '../src/index.js';
import { BACKENDS } from './helpers/backends.js';
import { randomColumns, seedArb } from './helpers/random.js';
import { binomial, withoutTiming } from './helpers/combinatorics.js';

describe.each(BACKENDS)('search on the %s backend', (backend) => {
  it('gives identical results with 1, 2 and 4 threads', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, fc.integer({ min: 3, max: 6 }), fc.boolean(), async (seed, maxSize, withTarget) => {
        const data = prepare(randomColumns(300, 18, seed), { backend });
        const opts = { target: withTarget ? 'v17' : undefined, minSize: 3, maxSize, exhaustiveMax: 4, beam: 3, top: 7, backend };
        const runs = await Promise.all([1, 2, 4].map((threads) => search(data, { ...opts, threads })));
        expect(withoutTiming(runs[1])).toEqual(withoutTiming(runs[0]));
        expect(withoutTiming(runs[2])).toEqual(withoutTiming(runs[0]));
      }),
      { numRuns: 10 },
    );
  });

  it('merges shards [from, to) into exactly the single-run answer', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, fc.integer({ min: 2, max: 5 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }), async (seed, k, cuts) => {
        const data = prepare(randomColumns(200, 12, seed), { backend });
        const total = binomial(11, k);
        const opts = { target: 'v11', minSize: k, maxSize: k, top: 9, backend, threads: 2 };
        const single = (await search(data, opts)).sizes[0];
        const bounds = [0, ...cuts.map((c) => Math.floor(c * total)).sort((a, b) => a - b), total];
        const parts = [];
        for (let i = 0; i + 1 < bounds.length; i++)
          parts.push((await search(data, { ...opts, shard: { from: bounds[i], to: bounds[i + 1] } })).sizes[0]);
        const merged = mergeShards(parts, (name) => data.names.indexOf(name), 9);
        expect(merged).toEqual(single);
      }),
      { numRuns: 15 },
    );
  });

  it('greedy (beam 1) is the paper’s algorithm: extend the best multiplet of size k − 1 by the best variable', async () => {
    const data = prepare(randomColumns(400, 10, 7), { backend });
    const result = await search(data, { target: 'v9', minSize: 2, maxSize: 7, exhaustiveMax: 3, top: 1, backend });
    // Reference greedy built from measure() calls.
    let best = result.sizes.find((s) => s.size === 3)!.synergy[0].vars;
    for (let k = 4; k <= 7; k++) {
      let choice: { vars: string[]; o: number } | undefined;
      for (const v of data.names.slice(0, 9)) {
        if (best.includes(v)) continue;
        const vars = [...best, v].sort((a, b) => data.names.indexOf(a) - data.names.indexOf(b));
        const o = measure(data, { vars, target: 'v9', backend }).oinfo;
        if (!choice || o < choice.o) choice = { vars, o };
      }
      const size = result.sizes.find((s) => s.size === k)!;
      expect(size.method).toBe('greedy');
      expect(size.evaluated).toBe(2 * (9 - (k - 1)));
      expect(size.synergy[0].vars).toEqual(choice!.vars);
      expect(Math.abs(size.synergy[0].oinfo - choice!.o)).toBeLessThan(1e-9);
      best = choice!.vars;
    }
  });

  it('exhaustive is never worse than greedy or beam: min Ω ≤ greedy’s, max Ω ≥ greedy’s', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, fc.integer({ min: 1, max: 4 }), async (seed, beam) => {
        const data = prepare(randomColumns(300, 11, seed), { backend });
        const opts = { target: 'v10', minSize: 2, maxSize: 7, top: 3, backend };
        const exhaustive = await search(data, { ...opts, exhaustiveMax: 7 });
        const greedy = await search(data, { ...opts, exhaustiveMax: 3, beam });
        for (let i = 0; i < exhaustive.sizes.length; i++) {
          expect(exhaustive.sizes[i].synergy[0].oinfo).toBeLessThanOrEqual(greedy.sizes[i].synergy[0].oinfo);
          expect(exhaustive.sizes[i].redundancy[0].oinfo).toBeGreaterThanOrEqual(greedy.sizes[i].redundancy[0].oinfo);
        }
      }),
      { numRuns: 10 },
    );
  });

  it('skips and counts singular multiplets, never reporting NaN', async () => {
    const columns = randomColumns(200, 8, 3);
    columns.copy = Float64Array.from(columns.v2, (x) => 3 * x + 1); // same ranks as v2: singular with it
    const data = prepare(columns, { backend });
    const result = await search(data, { minSize: 3, maxSize: 5, top: 1000, backend });
    for (const s of result.sizes) {
      expect(s.singular).toBe(binomial(7, s.size - 2)); // every multiplet holding both v2 and copy
      for (const m of [...s.synergy, ...s.redundancy]) {
        expect(Number.isFinite(m.oinfo)).toBe(true);
        expect(m.vars.includes('v2') && m.vars.includes('copy')).toBe(false);
      }
    }
    expect(() => measure(data, { vars: ['v2', 'copy', 'v0'], backend })).toThrow(/singular/);
  });

  it('reports progress up to the total', async () => {
    const data = prepare(randomColumns(500, 40, 11), { backend });
    const ticks: [number, number][] = [];
    await search(data, { minSize: 5, maxSize: 5, backend, onProgress: (d, t) => ticks.push([d, t]) });
    expect(ticks.length).toBeGreaterThan(0);
    const total = binomial(40, 5);
    for (let i = 0; i < ticks.length; i++) {
      expect(ticks[i][1]).toBe(total);
      expect(ticks[i][0]).toBeLessThanOrEqual(total);
      if (i > 0) expect(ticks[i][0]).toBeGreaterThanOrEqual(ticks[i - 1][0]);
    }
    expect(ticks.at(-1)![0]).toBe(total);
  });

  it('stops a long search promptly when its AbortSignal fires', async () => {
    const data = prepare(randomColumns(500, 100, 5), { backend });
    const controller = new AbortController();
    const pending = search(data, { minSize: 6, maxSize: 6, backend, signal: controller.signal }); // ~1e9 multiplets
    await new Promise((r) => setTimeout(r, 200));
    const abortedAt = performance.now();
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(OinfoAbortError);
    const latency = performance.now() - abortedAt;
    console.log(`abort latency: ${latency.toFixed(1)} ms`);
    expect(latency).toBeLessThan(100);
  });

  it('rejects at once when the signal has already fired', async () => {
    const data = prepare(randomColumns(100, 5, 1), { backend });
    await expect(search(data, { maxSize: 3, backend, signal: AbortSignal.abort() })).rejects.toBeInstanceOf(OinfoAbortError);
  });

  it('rejects bad options with errors that name them', async () => {
    const data = prepare(randomColumns(20, 6, 1), { backend });
    const bad = (opts: object) => search(data, { maxSize: 3, backend, ...opts });
    await expect(bad({ minSize: 2 })).rejects.toThrow(/always 0/);
    await expect(bad({ maxSize: 7 })).rejects.toThrow(/exceeds the 6 candidate/);
    await expect(bad({ target: 'nope' })).rejects.toThrow(/unknown target "nope"/);
    await expect(bad({ vars: ['v0', 'v0', 'v1'] })).rejects.toThrow(/listed twice/);
    // API errors name API options (the CLI names its flags: test/cli.test.ts)
    await expect(bad({ top: 0 })).rejects.toMatchObject({ option: 'top', message: expect.stringMatching(/^top must be an integer from 1 /) });
    await expect(bad({ maxSize: 3, minSize: 4 })).rejects.toThrow(/below the minimum/);
    const tiny = prepare(randomColumns(5, 6, 1), { backend });
    await expect(search(tiny, { maxSize: 4, backend })).rejects.toThrow(/fewer samples than variables \+ 2/);
    await expect(bad({ maxSize: 3 })).resolves.toBeDefined();
    await expect(bad({ minSize: 9 })).rejects.toBeInstanceOf(OinfoInputError);
  });
});
