/**
 * `histogram` (--histogram BINS): per exhaustive size, Ω of every multiplet in equal bins over
 * [min, max], computed in the enumeration (native/engine/omega_histogram.hpp). Checked against a brute
 * force over every multiplet (the lists made long enough to hold them all), its total and extremes, its
 * independence of threads, both backends and units, and its errors.
 */
import { describe, expect, it } from 'vitest';

import { prepare } from '../src/api/dataset.js';
import { OinfoOptionError } from '../src/errors.js';
import { search } from '../src/index.js';
import { BACKENDS } from './helpers/backends.js';
import { binomial } from './helpers/combinatorics.js';
import { oinfo } from './helpers/cli.js';
import { randomColumns } from './helpers/random.js';
import { SYNTH_CSV } from './helpers/reference.js';

const columns = { ...randomColumns(500, 9, 13), y: Float64Array.from({ length: 500 }, (_, i) => (i * 7) % 3) };

describe('the Ω histogram of exhaustive sizes', () => {
  for (const backend of BACKENDS)
    it(`matches a brute force over every multiplet (${backend}; bits bias-corrected and nats raw; no target, continuous, discrete; ranked by Ω and TC)`, async () => {
      const data = prepare(columns, { backend });
      for (const [units, biasCorrect, rankBy] of [['bits', true, 'oinfo'], ['nats', false, 'oinfo'], ['bits', true, 'tc']] as const)
        for (const [target, targetKind, vars] of [
          [undefined, undefined, Object.keys(columns).filter((c) => c !== 'y')],
          ['v8', 'continuous', undefined],
          ['y', 'discrete', undefined],
        ] as const) {
          const n = 9; // v0…v8 without a target; the other 9 columns with one
          for (const k of [3, 4]) {
            const all = binomial(n, k);
            const r = await search(data, { target, targetKind, vars: vars as string[] | undefined, minSize: k, maxSize: k, top: all, histogram: 7, units, biasCorrect, rankBy, backend });
            const size = r.sizes[0];
            const h = size.histogram!;
            expect(h.bins).toBe(7);
            expect(h.counts.reduce((a, b) => a + b, 0)).toBe(size.evaluated - size.singular);
            const omegas = size.synergy.map((m) => m.oinfo);
            expect(h.min).toBe(Math.min(...omegas));
            expect(h.max).toBe(Math.max(...omegas));
            // Brute force: every Ω in its bin; a value within the fine grid's half-width of an edge may fall either side.
            const width = (h.max - h.min) / h.bins;
            const slack = (units === 'bits' ? 1 / Math.LN2 : 1) * 5e-5 * 1.0001;
            // Each bin's count lies between what the values surely in it and what the values possibly in it give.
            for (let i = 0; i < h.bins; i++) {
              const sure = size.synergy.filter((m) => {
                const a = Math.floor((m.oinfo - slack - h.min) / width), b = Math.floor((m.oinfo + slack - h.min) / width);
                return Math.min(h.bins - 1, Math.max(0, a)) === i && Math.min(h.bins - 1, Math.max(0, b)) === i;
              }).length;
              const possible = size.synergy.filter((m) => {
                const a = Math.min(h.bins - 1, Math.max(0, Math.floor((m.oinfo - slack - h.min) / width)));
                const b = Math.min(h.bins - 1, Math.max(0, Math.floor((m.oinfo + slack - h.min) / width)));
                return a <= i && i <= b;
              }).length;
              expect(h.counts[i], `bin ${i}`).toBeGreaterThanOrEqual(sure);
              expect(h.counts[i], `bin ${i}`).toBeLessThanOrEqual(possible);
            }
            expect(size.synergy).toHaveLength(all);
          }
        }
    });

  it('does not depend on the thread count, and leaves the lists as they were (no target, discrete target)', async () => {
    const data = prepare({ ...randomColumns(800, 16, 3), y: Float64Array.from({ length: 800 }, (_, i) => (i * 5) % 4) });
    for (const target of [undefined, 'y']) {
      const vars = target ? undefined : Array.from({ length: 16 }, (_, j) => `v${j}`);
      const sizes = { target, vars, minSize: 5, maxSize: 5 };
      const plain = await search(data, { ...sizes, threads: 2 });
      const [one, two] = [await search(data, { ...sizes, histogram: 50, threads: 1 }), await search(data, { ...sizes, histogram: 50, threads: 2 })];
      expect(two.sizes[0].histogram).toEqual(one.sizes[0].histogram);
      const { histogram: _h, ...lists } = two.sizes[0];
      expect(lists).toEqual(plain.sizes[0]);
    }
  });

  it('is refused where it cannot be exact, with errors that name it', async () => {
    const data = prepare(columns);
    await expect(search(data, { maxSize: 3, histogram: 0 })).rejects.toBeInstanceOf(OinfoOptionError);
    await expect(search(data, { minSize: 3, maxSize: 3, histogram: 5, shard: { from: 0, to: 10 } })).rejects.toMatchObject({ option: 'histogram' });
  });

  it('comes out of the command line in the JSON', () => {
    const r = oinfo(['search', SYNTH_CSV(), '--max-size', '4', '--histogram', '10', '--format', 'json']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    for (const size of result.sizes) expect(size.histogram.counts.reduce((a: number, b: number) => a + b, 0)).toBe(size.evaluated - size.singular);
    const bad = oinfo(['search', SYNTH_CSV(), '--max-size', '4', '--histogram', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^oinfo: --histogram /);
    const queued = oinfo(['search', SYNTH_CSV(), '--max-size', '3', '--histogram', '5', '--queue', 'redis://127.0.0.1:1']);
    expect(queued.code).toBe(2);
    expect(queued.stderr).toBe('oinfo: --histogram is not distributed yet (each shard would bin its own range): run it without --queue\n');
  });
});
