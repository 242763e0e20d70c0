/** Every value in test/fixtures/reference/ (copied from the shared reference folder: gcmi and an independent NumPy implementation) to 1e-9. */
import { beforeAll, describe, expect, it } from 'vitest';

import { copnorm, entropy, measure, prepare, readTable, search } from '../src/index.js';
import { getEngine } from '../src/backend/load.js';
import type { Dataset } from '../src/api/dataset.js';
import type { Table } from '../src/io/table.js';
import { BACKENDS } from './helpers/backends.js';
import { loadReference, type OinfoReference, SYNTH_CSV, VARIANTS } from './helpers/reference.js';

const TOL = 1e-9;
const gcmi = loadReference('gcmi.json');
const plain = loadReference<OinfoReference>('oinfo.json');
const labelled = loadReference<OinfoReference>('oinfo_label.json');
const COPNORM_KEYS = ['x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'y_copnorm'];

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe.each(BACKENDS)('reference values on the %s backend', (backend) => {
  let table: Table;
  let dataset: Dataset;
  const names = () => table.names;

  beforeAll(() => {
    table = readTable(SYNTH_CSV());
    dataset = prepare(table, { backend });
  });

  it('copnorm equals gcmi for every column, the label included (ties in sample order)', () => {
    table.columns.forEach((column, j) => {
      expect(maxAbsDiff(copnorm(column, { backend }), gcmi.copnorm[COPNORM_KEYS[j]])).toBeLessThan(TOL);
    });
    expect(maxAbsDiff(copnorm(gcmi.tie_demo.input, { backend }), gcmi.tie_demo.copnorm)).toBeLessThan(TOL);
  });

  it('the copula covariance equals the reference (divisor N − 1)', () => {
    const p = names().length;
    for (let i = 0; i < 9; i++)
      for (let j = 0; j < 9; j++) expect(Math.abs(dataset.cov[i * p + j] - labelled.cov_copnorm[i][j])).toBeLessThan(TOL);
  });

  it('Gaussian entropies of copula data equal gcmi ent_g, with and without bias correction', () => {
    for (const e of gcmi.ent_g_copnorm) {
      const vars = e.idx.map((i: number) => names()[i]);
      expect(Math.abs(entropy(dataset, { vars, backend }) - e.ent_g_bc)).toBeLessThan(TOL);
      expect(Math.abs(entropy(dataset, { vars, backend, biasCorrect: false }) - e.ent_g_nobc)).toBeLessThan(TOL);
    }
  });

  it('Gaussian entropies of raw data equal gcmi ent_g (engine primitives, no copula step)', () => {
    const engine = getEngine(backend);
    const n = table.nSamples;
    const p = names().length;
    const packed = new Float64Array(n * p);
    table.columns.forEach((c, j) => packed.set(c, j * n));
    const cov = engine.covariance(packed, n, p);
    for (const e of gcmi.ent_g_raw) {
      const members = Int32Array.from(e.idx);
      const bc = engine.entropy(cov, p, n, members, { units: 'bits', biasCorrect: true });
      const nobc = engine.entropy(cov, p, n, members, { units: 'bits', biasCorrect: false });
      expect(Math.abs(bc - e.ent_g_bc)).toBeLessThan(TOL);
      expect(Math.abs(nobc - e.ent_g_nobc)).toBeLessThan(TOL);
    }
  });

  it('mutual information from entropies equals gcmi_cc and mi_gg', () => {
    const h = (idx: number[], biasCorrect: boolean) => entropy(dataset, { vars: idx.map((i) => names()[i]), backend, biasCorrect });
    for (const e of gcmi.cc) {
      for (const [key, bc] of [
        ['gcmi_cc', true],
        ['mi_gg_copnorm_bc', true],
        ['mi_gg_copnorm_nobc', false],
      ] as const) {
        const mi = h(e.x, bc) + h(e.y, bc) - h([...e.x, ...e.y], bc);
        expect(Math.abs(mi - e[key])).toBeLessThan(TOL);
      }
    }
  });

  describe.each([
    ['without a target', plain, undefined],
    ['with the label as target', labelled, 'y'],
  ] as const)('TC, DTC, Ω, S of every multiplet %s', (_label, ref, target) => {
    const varsOf = (idx: number[]) => idx.filter((i) => i !== 8).map((i) => names()[i]);

    it.each(VARIANTS)('measure() and the naive oracle, variant $name', ({ name, units, biasCorrect }) => {
      for (const size of ['3', '4', '5']) {
        ref.idx[size].forEach((idx, i) => {
          const expected = ref.results[name][size];
          for (const naive of [false, true]) {
            // The label as one continuous variable (oinfo_label.json); auto would make y discrete (SPEC §7).
            const r = measure(dataset, { vars: varsOf(idx), target, targetKind: 'continuous', units, biasCorrect, backend, naive });
            expect(Math.abs(r.tc - expected.tc[i])).toBeLessThan(TOL);
            expect(Math.abs(r.dtc - expected.dtc[i])).toBeLessThan(TOL);
            expect(Math.abs(r.oinfo - expected.o[i])).toBeLessThan(TOL);
            expect(Math.abs(r.sinfo - expected.s[i])).toBeLessThan(TOL);
          }
        });
      }
    });

    it('joint entropies', () => {
      for (const size of ['3', '4', '5']) {
        ref.idx[size].forEach((idx, i) => {
          const vars = idx.map((j) => names()[j]);
          expect(Math.abs(entropy(dataset, { vars, units: 'nats', biasCorrect: false, backend }) - ref.joint_entropy[size].H_nats[i])).toBeLessThan(TOL);
          expect(Math.abs(entropy(dataset, { vars, units: 'nats', biasCorrect: true, backend }) - ref.joint_entropy[size].H_nats_bc[i])).toBeLessThan(TOL);
        });
      }
    });

    it.each(VARIANTS)('the exhaustive search ranks every multiplet with its reference Ω, variant $name', async ({ name, units, biasCorrect }) => {
      for (const size of [3, 4, 5]) {
        const values = ref.results[name][String(size)];
        const expected = new Map(ref.idx[size].map((idx, i) => [varsOf(idx).join(','), values.o[i]]));
        const index = new Map(ref.idx[size].map((idx, i) => [varsOf(idx).join(','), i]));
        const result = await search(dataset, {
          target,
          targetKind: 'continuous',
          vars: ['x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7'],
          minSize: size,
          maxSize: size,
          top: 1000,
          units,
          biasCorrect,
          backend,
        });
        const s = result.sizes[0];
        expect(s.method).toBe('exhaustive');
        expect(s.evaluated).toBe(expected.size);
        expect(s.singular).toBe(0);
        expect(s.synergy).toHaveLength(expected.size);
        for (const list of [s.synergy, s.redundancy])
          for (const m of list) {
            const i = index.get(m.vars.join(','))!;
            expect(Math.abs(m.oinfo - values.o[i])).toBeLessThan(TOL);
            // Every listed multiplet carries the four measures (SPEC §9).
            expect(Math.abs(m.tc - values.tc[i])).toBeLessThan(TOL);
            expect(Math.abs(m.dtc - values.dtc[i])).toBeLessThan(TOL);
            expect(Math.abs(m.sinfo - values.s[i])).toBeLessThan(TOL);
          }
        // Sorted: synergy ascending, redundancy descending.
        for (let i = 1; i < s.synergy.length; i++) expect(s.synergy[i].oinfo).toBeGreaterThanOrEqual(s.synergy[i - 1].oinfo);
        for (let i = 1; i < s.redundancy.length; i++) expect(s.redundancy[i].oinfo).toBeLessThanOrEqual(s.redundancy[i - 1].oinfo);
        // The extremes are the reference's argmin / argmax.
        const ext = ref.extrema[String(size)];
        expect(s.synergy[0].vars).toEqual(varsOf(ext.o_argmin));
        expect(s.redundancy[0].vars).toEqual(varsOf(ext.o_argmax));
        expect(Math.abs(s.synergy[0].oinfo - ext[`o_min_${name}`])).toBeLessThan(TOL);
        expect(Math.abs(s.redundancy[0].oinfo - ext[`o_max_${name}`])).toBeLessThan(TOL);
      }
    });
  });
});
