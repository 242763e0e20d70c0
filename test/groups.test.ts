/**
 * Multivariate variables (groups) against the independent reference of test/fixtures/reference/groups.json
 * (make_groups.py: gcmi's copnorm and ent_g in NumPy, every entropy from its own samples), to 1e-9 on
 * both backends: measure (direct and naive oracle), and the search by every route (auto, the block-bordered
 * tree, the direct Cholesky per multiplet), ranked by each measure.
 */
import { beforeAll, describe, expect, it } from 'vitest';

import { entropy, measure, prepare, readTable, search } from '../src/index.js';
import { getEngine } from '../src/backend/load.js';
import type { GroupRoute, RankBy, RawSearchOptions, Units } from '../src/backend/engine.js';
import type { Dataset } from '../src/api/dataset.js';
import { BACKENDS } from './helpers/backends.js';
import { loadReference, referencePath } from './helpers/reference.js';

const TOL = 1e-9;
type Values = Record<'tc' | 'dtc' | 'oinfo' | 'sinfo', number>;
interface GroupsReference {
  groups: string;
  target: string;
  variables: Record<string, string[]>;
  block_entropies: { columns: string[]; bits: number; bits_bc: number }[];
  multiplets: ({ vars: string[]; target: boolean } & Record<'nats' | 'nats_bc' | 'bits' | 'bits_bc', Values>)[];
}
const ref = loadReference<GroupsReference>('groups.json');
const VARIANTS = [
  { name: 'nats', units: 'nats', biasCorrect: false },
  { name: 'nats_bc', units: 'nats', biasCorrect: true },
  { name: 'bits', units: 'bits', biasCorrect: false },
  { name: 'bits_bc', units: 'bits', biasCorrect: true },
] as const;
const MEASURES = ['tc', 'dtc', 'oinfo', 'sinfo'] as const;
const order = Object.keys(ref.variables);
const key = (vars: readonly string[], target: boolean) => `${[...vars].sort().join('+')}|${target}`;
const byKey = new Map(ref.multiplets.map((m) => [key(m.vars, m.target), m]));

function expectClose(actual: Values, expected: Values, what: string) {
  for (const k of MEASURES) expect(Math.abs(actual[k] - expected[k]), `${what} ${k}`).toBeLessThan(TOL);
}

describe.each(BACKENDS)('groups against the independent reference on the %s backend', (backend) => {
  let dataset: Dataset;
  beforeAll(() => {
    dataset = prepare(readTable(referencePath('groups.csv')), { backend });
  });

  it('the entropy of each block is gcmi ent_g of the block (the reference and oinfo agree on the primitive)', () => {
    for (const b of ref.block_entropies) {
      expect(Math.abs(entropy(dataset, { vars: b.columns, backend, biasCorrect: false }) - b.bits)).toBeLessThan(TOL);
      expect(Math.abs(entropy(dataset, { vars: b.columns, backend }) - b.bits_bc)).toBeLessThan(TOL);
    }
  });

  it('measure gives every multiplet of groups, in every variant, directly and by the naive oracle', () => {
    expect(ref.multiplets.length).toBe(85);
    for (const m of ref.multiplets)
      for (const v of VARIANTS)
        for (const naive of [false, true]) {
          const r = measure(dataset, {
            vars: m.vars,
            groups: ref.groups,
            target: m.target ? ref.target : undefined,
            targetKind: 'continuous',
            units: v.units,
            biasCorrect: v.biasCorrect,
            backend,
            naive,
          });
          expect(r.vars).toEqual(m.vars);
          expectClose(r, m[v.name], `${m.vars.join(',')} ${m.target ? '+y' : ''} ${v.name} naive=${naive}`);
        }
  });

  it('measure names its groups with their columns in column order', () => {
    const r = measure(dataset, { vars: ['G2', 'c10', 'G4'], groups: ref.groups, backend });
    expect(r.groups).toEqual({ G2: ['c3', 'c4'], G4: ['c9'] });
    expect(r.vars).toEqual(['G2', 'c10', 'G4']);
  });

  it('search (API) lists every multiplet with the reference values, sorted, groups named', async () => {
    for (const withTarget of [false, true]) {
      const minSize = withTarget ? 2 : 3;
      const result = await search(dataset, {
        groups: ref.groups,
        vars: order, // without a target, y is a column in no group: a candidate unless vars leaves it out
        target: withTarget ? ref.target : undefined,
        targetKind: 'continuous',
        minSize,
        maxSize: 4,
        top: 100,
        threads: 2,
        backend,
      });
      expect(result.variables).toEqual(order);
      expect(result.groups).toEqual({ G1: ['c0', 'c1', 'c2'], G2: ['c3', 'c4'], G3: ['c5', 'c6', 'c7', 'c8'], G4: ['c9'] });
      for (const size of result.sizes) {
        const expected = ref.multiplets.filter((m) => m.target === withTarget && m.vars.length === size.size);
        expect(size.evaluated).toBe(expected.length);
        expect(size.synergy.length).toBe(expected.length);
        for (const list of [size.synergy, size.redundancy]) {
          for (const m of list) {
            expect(m.vars).toEqual(order.filter((v) => m.vars.includes(v))); // variable order
            expectClose(m, byKey.get(key(m.vars, withTarget))!.bits_bc, m.vars.join(','));
          }
        }
        const sorted = expected.map((m) => m.bits_bc.oinfo).sort((a, b) => a - b);
        size.synergy.forEach((m, i) => expect(Math.abs(m.oinfo - sorted[i])).toBeLessThan(TOL));
        size.redundancy.forEach((m, i) => expect(Math.abs(m.oinfo - sorted[sorted.length - 1 - i])).toBeLessThan(TOL));
      }
    }
  });

  describe.each(['tree', 'direct', 'auto'] as const)('the %s route of the engine', (route: GroupRoute) => {
    const cases: { rankBy: RankBy; units: Units; biasCorrect: boolean; variant: (typeof VARIANTS)[number]['name'] }[] = [
      { rankBy: 'oinfo', units: 'bits', biasCorrect: true, variant: 'bits_bc' },
      { rankBy: 'tc', units: 'nats', biasCorrect: false, variant: 'nats' },
      { rankBy: 'dtc', units: 'nats', biasCorrect: true, variant: 'nats_bc' },
      { rankBy: 'sinfo', units: 'bits', biasCorrect: false, variant: 'bits' },
    ];
    it.each(cases)('ranks by $rankBy ($variant): every listed value equals the reference, in order', async ({ rankBy, units, biasCorrect, variant }) => {
      const engine = getEngine(backend);
      const p = dataset.names.length;
      const col = (name: string) => dataset.names.indexOf(name);
      const candidates = Int32Array.from(order.flatMap((v) => ref.variables[v].map(col)));
      const sizes = Int32Array.from(order, (v) => ref.variables[v].length);
      for (const withTarget of [false, true]) {
        const k = withTarget ? 2 : 3;
        const options: RawSearchOptions = { minSize: k, maxSize: 4, exhaustiveMax: 4, beam: 1, top: 100, threads: 2, units, biasCorrect, rankBy, groupRoute: route };
        const result = await engine.search(dataset.cov, p, dataset.nSamples, candidates, withTarget ? col('y') : -1, options, undefined, undefined, sizes).promise;
        for (const size of result.sizes) {
          const expected = ref.multiplets.filter((m) => m.target === withTarget && m.vars.length === size.size);
          expect(size.synergy.length).toBe(expected.length);
          const ranked = expected.map((m) => m[variant][rankBy]).sort((a, b) => a - b);
          size.synergy.forEach((m, i) => {
            const vars = m.variables.map((i2) => order[i2]);
            expectClose(m, byKey.get(key(vars, withTarget))![variant], `${vars.join(',')} ${route}`);
            expect(Math.abs(m[rankBy] - ranked[i])).toBeLessThan(TOL);
          });
        }
      }
    });
  });

  it('greedy and annealing above the exhaustive sizes give reference values too', async () => {
    for (const method of ['greedy', 'annealing'] as const) {
      const result = await search(dataset, {
        groups: ref.groups,
        target: ref.target,
        targetKind: 'continuous',
        minSize: 2,
        maxSize: 4,
        exhaustiveMax: 2,
        method,
        ...(method === 'annealing' ? { budget: 200, restarts: 2 } : {}),
        top: 3,
        backend,
      });
      for (const size of result.sizes.filter((s) => s.size > 2)) {
        expect(size.method).toBe(method);
        for (const m of [...size.synergy, ...size.redundancy]) expectClose(m, byKey.get(key(m.vars, true))!.bits_bc, `${method} ${m.vars.join(',')}`);
      }
    }
  });

  it('the Ω histogram of groups counts every multiplet, in the reported units', async () => {
    const result = await search(dataset, { groups: ref.groups, vars: order, minSize: 3, maxSize: 4, histogram: 8, backend });
    for (const size of result.sizes) {
      const values = ref.multiplets.filter((m) => !m.target && m.vars.length === size.size).map((m) => m.bits_bc.oinfo);
      expect(size.histogram!.counts.reduce((a, b) => a + b, 0)).toBe(values.length);
      expect(Math.abs(size.histogram!.min - Math.min(...values))).toBeLessThan(TOL);
      expect(Math.abs(size.histogram!.max - Math.max(...values))).toBeLessThan(TOL);
    }
  });
});
