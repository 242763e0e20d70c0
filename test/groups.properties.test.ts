/**
 * Properties of the search over groups (multivariate variables), on random data and random groupings:
 * singleton groups are the plain search; the order of the columns inside a group changes nothing; the
 * block-bordered tree, the direct route and the naive oracle agree; threads change no bit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { prepare, search } from '../src/index.js';
import type { Dataset } from '../src/api/dataset.js';
import { permutationTest } from '../src/api/permutationTest.js';
import type { SearchResult } from '../src/api/search.js';
import { getEngine } from '../src/backend/load.js';
import type { GroupRoute, RawSearchOptions, RawSizeResult } from '../src/backend/engine.js';
import { BACKENDS } from './helpers/backends.js';
import { randomColumns, randomCovariance, rng, seedArb } from './helpers/random.js';
import { binomial } from './helpers/combinatorics.js';

const TOL = 1e-9;
const N_SAMPLES = 400;

/** A random partition of 0..p−1 into groups of 1…maxSize columns (in a random order), from a seed. */
function randomGroups(p: number, seed: number, maxSize = 3): number[][] {
  const random = rng(seed);
  const columns = Array.from({ length: p }, (_, i) => i);
  for (let i = p - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [columns[i], columns[j]] = [columns[j], columns[i]];
  }
  const groups: number[][] = [];
  for (let i = 0; i < p; ) {
    const size = Math.min(p - i, 1 + Math.floor(random() * maxSize));
    groups.push(columns.slice(i, i + size));
    i += size;
  }
  return groups;
}

/** Each listed multiplet's values by its members (sorted), both lists. */
function valuesByMembers(size: RawSizeResult, nameOf: (i: number) => string = String): Map<string, RawSizeResult['synergy'][number]> {
  const out = new Map<string, RawSizeResult['synergy'][number]>();
  for (const m of [...size.synergy, ...size.redundancy]) out.set(m.variables.map(nameOf).sort().join(','), m);
  return out;
}

const withoutTime = <T extends { elapsed_s: number }>(r: T) => ({ ...r, elapsed_s: 0 });

describe.each(BACKENDS)('search over groups: properties on the %s backend', (backend) => {
  const engine = getEngine(backend);

  it('singleton groups give exactly the plain search (the same lists, bit for bit), named by the groups', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, fc.boolean(), fc.integer({ min: 3, max: 5 }), fc.constantFrom('oinfo', 'tc', 'dtc', 'sinfo' as const), async (seed, withTarget, maxSize, rankBy) => {
        const data = prepare(randomColumns(300, 8, seed), { backend });
        const target = withTarget ? 'v7' : undefined;
        const grouped = ['v0', 'v2', 'v3', 'v5']; // some columns in one-column groups, the others in none
        const groups = Object.fromEntries(grouped.map((c) => [`g_${c}`, [c]]));
        const common = { target, targetKind: 'continuous' as const, minSize: withTarget ? 2 : 3, maxSize, exhaustiveMax: 4, top: 4, rankBy, threads: 2, backend };
        const plain = await search(data, common);
        const viaGroups = await search(data, { ...common, groups });
        const rename = (name: string) => (name.startsWith('g_') ? name.slice(2) : name);
        expect(viaGroups.variables.map(rename)).toEqual(plain.variables);
        expect(viaGroups.groups).toEqual(Object.fromEntries(grouped.map((c) => [`g_${c}`, [c]])));
        viaGroups.sizes.forEach((size, s) => {
          const expected = plain.sizes[s];
          expect({ ...size, synergy: [], redundancy: [] }).toEqual({ ...expected, synergy: [], redundancy: [] });
          for (const list of ['synergy', 'redundancy'] as const)
            expect(size[list].map((m) => ({ ...m, vars: m.vars.map(rename) }))).toEqual(expected[list]);
        });
      }),
      { numRuns: 12 },
    );
  });

  it('singleton groups through the tree and the direct route equal the plain search to 1e-9', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, fc.boolean(), fc.integer({ min: 2, max: 5 }), fc.constantFrom<GroupRoute>('tree', 'direct'), async (seed, withTarget, k, route) => {
        const p = 10;
        const cov = randomCovariance(p, seed);
        const target = withTarget ? 9 : -1;
        const candidates = Int32Array.from({ length: 9 }, (_, i) => i);
        const all = binomial(9, k);
        const options: RawSearchOptions = { minSize: k, maxSize: k, exhaustiveMax: 9, beam: 1, top: all, threads: 2, units: 'nats', biasCorrect: true };
        const plain = (await engine.search(cov, p, N_SAMPLES, candidates, target, options).promise).sizes[0];
        const sizes = new Int32Array(9).fill(1);
        const grouped = (await engine.search(cov, p, N_SAMPLES, candidates, target, { ...options, groupRoute: route }, undefined, undefined, sizes).promise).sizes[0];
        expect(grouped.evaluated).toBe(plain.evaluated);
        expect(grouped.singular).toBe(plain.singular);
        const expected = valuesByMembers(plain);
        for (const [members, m] of valuesByMembers(grouped)) {
          const e = expected.get(members)!;
          for (const key of ['oinfo', 'tc', 'dtc', 'sinfo'] as const) expect(Math.abs(m[key] - e[key])).toBeLessThan(TOL);
        }
      }),
      { numRuns: 20 },
    );
  });

  it('the order of the columns inside a group changes nothing (API: identical results; engine: the same values)', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, seedArb, fc.boolean(), async (seed, shuffleSeed, withTarget) => {
        const p = 9;
        const data = prepare(randomColumns(N_SAMPLES, p, seed), { backend });
        const target = withTarget ? 'v8' : undefined;
        const partition = randomGroups(withTarget ? p - 1 : p, seed, 3);
        const random = rng(shuffleSeed);
        const shuffled = partition.map((g) => [...g].sort(() => random() - 0.5));
        const spec = (groups: number[][]) => groups.map((g, i) => `G${i}=${g.map((c) => `v${c}`).join(',')}`).join(';');
        const maxSize = Math.min(4, partition.length);
        const common = { target, targetKind: 'continuous' as const, minSize: Math.min(maxSize, withTarget ? 2 : 3), maxSize, top: 5, threads: 2, backend };
        const a = await search(data, { ...common, groups: spec(partition) });
        const b = await search(data, { ...common, groups: spec(shuffled) });
        expect(withoutTime(b)).toEqual(withoutTime(a));
        // The engine without the API's column order: the block's values do not depend on it either.
        const cov = randomCovariance(p, seed);
        const flat = (groups: number[][]) => Int32Array.from(groups.flat());
        const sizes = Int32Array.from(partition, (g) => g.length);
        const k = Math.min(3, partition.length);
        const all = binomial(partition.length, k);
        const options: RawSearchOptions = { minSize: k, maxSize: k, exhaustiveMax: 9, beam: 1, top: all, threads: 1, units: 'bits', biasCorrect: true, groupRoute: 'tree' };
        const t = withTarget ? 8 : -1;
        const x = (await engine.search(cov, p, N_SAMPLES, flat(partition), t, options, undefined, undefined, sizes).promise).sizes[0];
        const y = (await engine.search(cov, p, N_SAMPLES, flat(shuffled), t, options, undefined, undefined, sizes).promise).sizes[0];
        const ys = valuesByMembers(y);
        for (const [members, m] of valuesByMembers(x)) expect(Math.abs(m.oinfo - ys.get(members)!.oinfo)).toBeLessThan(TOL);
      }),
      { numRuns: 12 },
    );
  });

  it('tree, direct route and the naive oracle agree on random groupings; threads change no bit', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, fc.boolean(), fc.integer({ min: 1, max: 4 }), fc.constantFrom('oinfo', 'tc', 'dtc', 'sinfo' as const), async (seed, withTarget, k, rankBy) => {
        const p = 13;
        const cov = randomCovariance(p, seed);
        const partition = randomGroups(12, seed ^ 0x5bd1e995, 4);
        const n = partition.length;
        k = Math.min(k, n);
        const candidates = Int32Array.from(partition.flat());
        const sizes = Int32Array.from(partition, (g) => g.length);
        const target = withTarget ? 12 : -1;
        const all = binomial(n, k);
        const options = (route: GroupRoute, threads: number): RawSearchOptions => ({
          minSize: k, maxSize: k, exhaustiveMax: 12, beam: 1, top: all, threads, units: 'nats', biasCorrect: true, rankBy, groupRoute: route,
        });
        const run = (route: GroupRoute, threads: number) => engine.search(cov, p, N_SAMPLES, candidates, target, options(route, threads), undefined, undefined, sizes).promise;
        const tree = (await run('tree', 1)).sizes[0];
        expect(tree.evaluated).toBe(all);
        expect((await run('tree', 3)).sizes[0]).toEqual(tree); // bit for bit
        const direct = valuesByMembers((await run('direct', 2)).sizes[0]);
        for (const [members, m] of valuesByMembers(tree)) {
          const d = direct.get(members)!;
          const columns = members.split(',').map(Number);
          const memberColumns = [...columns.flatMap((g) => partition[g]), ...(withTarget ? [12] : [])];
          const blockSizes = [...columns.map((g) => partition[g].length), ...(withTarget ? [1] : [])];
          const oracle = engine.measure(cov, p, N_SAMPLES, Int32Array.from(memberColumns), { units: 'nats', biasCorrect: true, naive: true }, undefined, Int32Array.from(blockSizes));
          for (const key of ['oinfo', 'tc', 'dtc', 'sinfo'] as const) {
            expect(Math.abs(m[key] - d[key])).toBeLessThan(TOL);
            expect(Math.abs(m[key] - oracle[key])).toBeLessThan(TOL);
          }
        }
      }),
      { numRuns: 25 },
    );
  });

  it('bootstrap and permutation test: singleton groups give the plain search\'s intervals and p-values exactly', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, fc.constantFrom<'target' | 'all'>('target', 'all'), async (seed, nullKind) => {
        const data = prepare(randomColumns(200, 6, seed), { backend });
        const common = {
          target: 'v5', targetKind: 'continuous' as const, maxSize: 3, top: 2, threads: 2, backend,
          bootstrap: 8, permutations: 5, null: nullKind, seed: seed % 1000,
        };
        const plain = await search(data, common);
        const grouped = await search(data, { ...common, groups: { g_v1: ['v1'], g_v3: ['v3'] } });
        const rename = (name: string) => (name.startsWith('g_') ? name.slice(2) : name);
        grouped.sizes.forEach((size, s) => {
          expect(size.null).toEqual(plain.sizes[s].null);
          for (const list of ['synergy', 'redundancy'] as const)
            expect(size[list].map((m) => ({ ...m, vars: m.vars.map(rename) }))).toEqual(plain.sizes[s][list]);
        });
      }),
      { numRuns: 4 },
    );
  });

  it('bootstrap and permutations of groups do not depend on the order of the columns inside a group', async () => {
    const data = prepare(randomColumns(200, 7, 99), { backend });
    const common = { target: 'v6', targetKind: 'continuous' as const, maxSize: 3, top: 3, backend, bootstrap: 10, permutations: 5, null: 'all' as const, seed: 3 };
    const a = await search(data, { ...common, groups: 'a=v0,v2;b=v1,v4,v3' });
    const b = await search(data, { ...common, groups: 'a=v2,v0;b=v4,v3,v1' });
    expect(withoutTime(b)).toEqual(withoutTime(a));
    expect(a.sizes.flatMap((s) => s.synergy).every((m) => m.ci !== undefined && m.p_fwer !== undefined)).toBe(true);
  });

  it('the null "all" shuffles a group\'s rows jointly (its own dependence kept), every variable on its own', async () => {
    const data = prepare(randomColumns(50, 5, 7), { backend });
    const seen: Dataset[] = [];
    const result = { sizes: [], rank_by: 'oinfo' } as unknown as SearchResult;
    // candidates: group (v0, v1), then v2, v3; target v4
    const columns = { candidates: [0, 1, 2, 3], target: 4, groupSizes: [2, 1, 1] };
    await permutationTest(engine, data, columns, result, { permutations: 3, nullKind: 'all', seed: 5, threads: 1 }, async (permuted) => {
      seen.push(permuted);
      return [];
    }, () => {});
    const original = data.columns!;
    const rowOf = (column: Float64Array, value: number) => column.indexOf(value);
    for (const permuted of seen) {
      const [a, b, c] = permuted.columns!;
      const rowsA = Array.from(a, (v) => rowOf(original[0], v));
      expect(Array.from(b, (v) => rowOf(original[1], v))).toEqual(rowsA); // v0 and v1 moved together
      expect(Array.from(c, (v) => rowOf(original[2], v))).not.toEqual(rowsA); // v2 by its own permutation
    }
  });
});
