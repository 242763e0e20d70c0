/**
 * --rank-by / rankBy (SPEC §9): the two lists ranked by Ω, TC, DTC or S-information. For every measure:
 * the exhaustive lists are a brute-force sort of measure() over every multiplet (lexicographic ties);
 * greedy and beam report bit-identically what the exhaustive search reports for the same multiplet;
 * shards merge into the single-run answer; threads do not matter; the option is checked by the API.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { getEngine, measure, mergeShards, OinfoInputError, prepare, search } from '../src/index.js';
import type { RankBy, RawSearchOptions } from '../src/backend/engine.js';
import type { Dataset } from '../src/api/dataset.js';
import type { Multiplet, SearchResult, SizeResult } from '../src/api/search.js';
import { BACKENDS } from './helpers/backends.js';
import { oinfo } from './helpers/cli.js';
import { randomColumns, randomCovariance, seedArb } from './helpers/random.js';
import { SYNTH_CSV } from './helpers/reference.js';
import { binomial, lexLess, withoutTiming } from './helpers/combinatorics.js';

const MEASURES: RankBy[] = ['oinfo', 'tc', 'dtc', 'sinfo'];
const TOL = 1e-12;

function combinations(n: number, k: number): number[][] {
  const out: number[][] = [];
  const walk = (start: number, prefix: number[]) => {
    if (prefix.length === k) return void out.push(prefix);
    for (let x = start; x < n; x++) walk(x + 1, [...prefix, x]);
  };
  walk(0, []);
  return out;
}

interface Scored {
  vars: number[];
  value: number;
}

/** Lowest first and highest first, ties by the lexicographic order of the column indices. */
function bruteForce(every: Scored[]): { lowest: Scored[]; highest: Scored[] } {
  const tie = (a: Scored, b: Scored) => (lexLess(a.vars, b.vars) ? -1 : 1);
  return {
    lowest: [...every].sort((a, b) => a.value - b.value || tie(a, b)),
    highest: [...every].sort((a, b) => b.value - a.value || tie(a, b)),
  };
}

/**
 * A list equals the brute force's first entries: the same values in the same order (to TOL), and the
 * same multiplet at every position unless the brute force cannot separate it from the expected one.
 */
function expectListMatches(got: { vars: number[]; value: number }[], want: Scored[], valueOf: Map<string, number>) {
  got.forEach((m, i) => {
    expect(Math.abs(m.value - want[i].value)).toBeLessThan(TOL);
    const own = valueOf.get(m.vars.join(','));
    expect(own).toBeDefined();
    if (m.vars.join(',') !== want[i].vars.join(',')) expect(Math.abs(own! - want[i].value)).toBeLessThan(TOL);
  });
  for (let i = 1; i < got.length; i++) {
    // Ties in the reported values are in lexicographic order.
    if (got[i].value === got[i - 1].value) expect(lexLess(got[i - 1].vars, got[i].vars)).toBe(true);
  }
}

describe.each(BACKENDS)('rankBy on the %s backend', (backend) => {
  const engine = getEngine(backend);
  const columnsOf = (data: Dataset, vars: string[]) => vars.map((v) => data.names.indexOf(v));

  it.each(MEASURES)('exhaustive lists ranked by %s equal a brute-force sort of measure() (with and without a target)', async (rankBy) => {
    const data = prepare(randomColumns(300, 10, 11), { backend });
    for (const target of [undefined, 'v9']) {
      const candidates = data.names.filter((n) => n !== target);
      for (const k of target ? [2, 3, 4] : [3, 4]) {
        const every: Scored[] = combinations(candidates.length, k).map((c) => {
          const vars = c.map((i) => candidates[i]);
          return { vars: columnsOf(data, vars), value: measure(data, { vars, target, backend })[rankBy] };
        });
        const valueOf = new Map(every.map((s) => [s.vars.join(','), s.value]));
        const { lowest, highest } = bruteForce(every);
        for (const top of [1, 7, every.length]) {
          const result = await search(data, { target, minSize: k, maxSize: k, top, rankBy, backend, threads: 2 });
          expect(result.rank_by).toBe(rankBy);
          const size = result.sizes[0];
          const as = (list: Multiplet[]) => list.map((m) => ({ vars: columnsOf(data, m.vars), value: m[rankBy] }));
          expectListMatches(as(size.synergy), lowest, valueOf);
          expectListMatches(as(size.redundancy), highest, valueOf);
          expect(size.synergy).toHaveLength(Math.min(top, every.length));
          // Every listed multiplet carries all four measures, each equal to measure()'s.
          for (const m of [...size.synergy, ...size.redundancy]) {
            const direct = measure(data, { vars: m.vars, target, backend });
            for (const key of MEASURES) expect(Math.abs(m[key] - direct[key])).toBeLessThan(1e-10);
          }
        }
      }
    }
  });

  it.each(MEASURES)('exact ties in %s break by the lexicographic order, in both lists, whatever the threads', async (rankBy) => {
    // Σ = I but for a correlated triple {x0, x1, x2}: every multiplet with at most one of them has
    // Σ_Z = I and scores exactly 0 in every measure, and the multiplets with the same members of the
    // triple tie exactly with each other (the same numbers along their paths): a few large groups of ties.
    const p = 16;
    const cov = new Float64Array(p * p);
    for (let i = 0; i < p; i++) cov[i * p + i] = 1;
    for (const [a, b] of [[0, 1], [0, 2], [1, 2]]) cov[a * p + b] = cov[b * p + a] = 0.5;
    const candidates = Int32Array.from({ length: p }, (_, i) => i);
    const k = 3;
    const total = binomial(p, k);
    const opts = (top: number, threads: number): RawSearchOptions => ({
      minSize: k, maxSize: k, exhaustiveMax: k, beam: 1, top, threads, units: 'nats', biasCorrect: false, rankBy,
    });
    const full = (await engine.search(cov, p, 100, candidates, -1, opts(total, 1)).promise).sizes[0];
    expect(full.synergy).toHaveLength(total);
    const every: Scored[] = full.synergy.map((m) => ({ vars: m.variables, value: m[rankBy] }));
    expect(new Set(every.map((s) => s.value)).size).toBeLessThan(10);
    expect(every.filter((s) => s.value === 0).length).toBeGreaterThan(total / 2);
    const { lowest, highest } = bruteForce(every);
    const names = (list: { variables?: number[]; vars?: number[] }[]) => list.map((m) => (m.variables ?? m.vars)!.join(','));
    expect(names(full.synergy)).toEqual(names(lowest));
    expect(names(full.redundancy)).toEqual(names(highest));
    for (const threads of [1, 2, 4]) {
      const size = (await engine.search(cov, p, 100, candidates, -1, opts(25, threads)).promise).sizes[0];
      expect(names(size.synergy)).toEqual(names(lowest.slice(0, 25)));
      expect(names(size.redundancy)).toEqual(names(highest.slice(0, 25)));
    }
  });

  it.each(MEASURES)('greedy and beam by %s report bit-identically what exhaustive reports, and never beat it', async (rankBy) => {
    const data = prepare(randomColumns(300, 10, 5), { backend });
    const base = { target: 'v9', minSize: 2, maxSize: 5, rankBy, backend, threads: 2 } as const;
    // The exhaustive search with every multiplet listed: the reference values of each one.
    const all = await search(data, { ...base, exhaustiveMax: 5, top: binomial(9, 4) });
    const reference = new Map<string, Multiplet>();
    for (const s of all.sizes) for (const m of s.synergy) reference.set(m.vars.join(','), m);
    for (const beam of [1, 3]) {
      const greedy = await search(data, { ...base, exhaustiveMax: 2, beam, top: 4 });
      for (const [i, s] of greedy.sizes.entries()) {
        expect(s.method).toBe(s.size > 2 ? 'greedy' : 'exhaustive');
        for (const m of [...s.synergy, ...s.redundancy]) expect(m).toEqual(reference.get(m.vars.join(',')));
        const e = all.sizes[i];
        expect(e.synergy[0][rankBy]).toBeLessThanOrEqual(s.synergy[0][rankBy]);
        expect(e.redundancy[0][rankBy]).toBeGreaterThanOrEqual(s.redundancy[0][rankBy]);
        for (let j = 1; j < s.synergy.length; j++) expect(s.synergy[j][rankBy]).toBeGreaterThanOrEqual(s.synergy[j - 1][rankBy]);
        for (let j = 1; j < s.redundancy.length; j++) expect(s.redundancy[j][rankBy]).toBeLessThanOrEqual(s.redundancy[j - 1][rankBy]);
      }
    }
  });

  it.each(MEASURES)('greedy (beam 1) by %s extends the best multiplet of size k − 1 by the variable best in that measure', async (rankBy) => {
    const data = prepare(randomColumns(400, 10, 7), { backend });
    const result = await search(data, { target: 'v9', minSize: 2, maxSize: 6, exhaustiveMax: 3, top: 1, rankBy, backend });
    for (const list of ['synergy', 'redundancy'] as const) {
      const sign = list === 'synergy' ? 1 : -1;
      let best = result.sizes.find((s) => s.size === 3)![list][0].vars;
      for (let k = 4; k <= 6; k++) {
        let choice: { vars: string[]; value: number } | undefined;
        for (const v of data.names.slice(0, 9)) {
          if (best.includes(v)) continue;
          const vars = [...best, v].sort((a, b) => data.names.indexOf(a) - data.names.indexOf(b));
          const value = measure(data, { vars, target: 'v9', backend })[rankBy];
          if (!choice || sign * value < sign * choice.value) choice = { vars, value };
        }
        const got = result.sizes.find((s) => s.size === k)![list][0];
        expect(got.vars).toEqual(choice!.vars);
        expect(Math.abs(got[rankBy] - choice!.value)).toBeLessThan(1e-10);
        best = choice!.vars;
      }
    }
  });

  it('merges shards [from, to) into exactly the single-run answer, for every rankBy', async () => {
    await fc.assert(
      fc.asyncProperty(
        seedArb,
        fc.constantFrom(...MEASURES),
        fc.integer({ min: 2, max: 4 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }),
        async (seed, rankBy, k, cuts) => {
          const data = prepare(randomColumns(200, 12, seed), { backend });
          const total = binomial(11, k);
          const opts = { target: 'v11', minSize: k, maxSize: k, top: 9, rankBy, backend, threads: 2 };
          const single = await search(data, opts);
          expect(single.rank_by).toBe(rankBy);
          const bounds = [0, ...cuts.map((c) => Math.floor(c * total)).sort((a, b) => a - b), total];
          const parts: SizeResult[] = [];
          for (let i = 0; i + 1 < bounds.length; i++)
            parts.push((await search(data, { ...opts, shard: { from: bounds[i], to: bounds[i + 1] } })).sizes[0]);
          expect(mergeShards(parts, (name) => data.names.indexOf(name), 9, rankBy)).toEqual(single.sizes[0]);
          if (rankBy === 'oinfo') expect(mergeShards(parts, (name) => data.names.indexOf(name), 9)).toEqual(single.sizes[0]);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('gives identical results with 1, 2 and 4 threads, for every rankBy', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, fc.constantFrom(...MEASURES), fc.integer({ min: 3, max: 6 }), fc.boolean(), async (seed, rankBy, maxSize, withTarget) => {
        const data = prepare(randomColumns(300, 16, seed), { backend });
        const opts = { target: withTarget ? 'v15' : undefined, minSize: 3, maxSize, exhaustiveMax: 4, beam: 3, top: 7, rankBy, backend };
        const runs = await Promise.all([1, 2, 4].map((threads) => search(data, { ...opts, threads })));
        expect(withoutTiming(runs[1])).toEqual(withoutTiming(runs[0]));
        expect(withoutTiming(runs[2])).toEqual(withoutTiming(runs[0]));
      }),
      { numRuns: 12 },
    );
  });

  it('ranking by Ω is the default and does not change what the lists report', async () => {
    const data = prepare(randomColumns(200, 10, 3), { backend });
    const opts = { minSize: 3, maxSize: 5, exhaustiveMax: 4, beam: 2, top: 5, backend, threads: 2 };
    const plain = await search(data, opts);
    expect(plain.rank_by).toBe('oinfo');
    expect(withoutTiming(await search(data, { ...opts, rankBy: 'oinfo' }))).toEqual(withoutTiming(plain));
  });

  it('a multiplet reports the same Ω whatever the measure ranked by', async () => {
    const data = prepare(randomColumns(300, 9, 21), { backend });
    const opts = { target: 'v8', minSize: 3, maxSize: 3, top: binomial(8, 3), backend, threads: 2 };
    const byMeasure = await Promise.all(MEASURES.map((rankBy) => search(data, { ...opts, rankBy })));
    const omega = (r: SearchResult) => new Map(r.sizes[0].synergy.map((m) => [m.vars.join(','), m.oinfo]));
    const reference = omega(byMeasure[0]);
    for (const r of byMeasure.slice(1)) expect(omega(r)).toEqual(reference);
  });

  describe('properties: the fast enumeration vs the naive oracle on random covariances', () => {
    const N_SAMPLES = 500;
    const options = (k: number, top: number, rankBy: RankBy, extra: Partial<RawSearchOptions> = {}): RawSearchOptions => ({
      minSize: k, maxSize: k, exhaustiveMax: 20, beam: 1, top, threads: 1, units: 'nats', biasCorrect: true, rankBy, ...extra,
    });

    it('top-K lists equal a brute-force sort of the oracle for every rankBy (ties by lexicographic order)', async () => {
      await fc.assert(
        fc.asyncProperty(
          seedArb,
          fc.constantFrom(...MEASURES),
          fc.integer({ min: 1, max: 6 }),
          fc.integer({ min: 1, max: 30 }),
          fc.boolean(),
          fc.boolean(),
          async (seed, rankBy, k, top, withTarget, bits) => {
            const p = 11;
            const cov = randomCovariance(p, seed);
            const target = withTarget ? p - 1 : -1;
            const n = withTarget ? p - 1 : p;
            const candidates = Int32Array.from({ length: n }, (_, i) => i);
            const units = bits ? ('bits' as const) : ('nats' as const);
            const every: Scored[] = combinations(n, k).map((c) => ({
              vars: c,
              value: engine.measure(cov, p, N_SAMPLES, Int32Array.from(withTarget ? [...c, target] : c), { units, biasCorrect: true, naive: true })[rankBy],
            }));
            const valueOf = new Map(every.map((s) => [s.vars.join(','), s.value]));
            const { lowest, highest } = bruteForce(every);
            const size = (await engine.search(cov, p, N_SAMPLES, candidates, target, options(k, top, rankBy, { units })).promise).sizes[0];
            const as = (list: typeof size.synergy) => list.map((m) => ({ vars: m.variables, value: m[rankBy] }));
            // The oracle sums m + 1 entropies: compare to 1e-9 there, as the other property tests do.
            for (const [got, want] of [
              [as(size.synergy), lowest],
              [as(size.redundancy), highest],
            ] as const) {
              expect(got).toHaveLength(Math.min(top, every.length));
              got.forEach((m, i) => {
                expect(Math.abs(m.value - want[i].value)).toBeLessThan(1e-9);
                if (m.vars.join(',') !== want[i].vars.join(',')) expect(Math.abs(valueOf.get(m.vars.join(','))! - want[i].value)).toBeLessThan(1e-9);
              });
            }
          },
        ),
        { numRuns: 40 },
      );
    });

    it('the naive search (oracle per multiplet) and the fast search keep the same lists for every rankBy', async () => {
      await fc.assert(
        fc.asyncProperty(seedArb, fc.constantFrom(...MEASURES), fc.integer({ min: 2, max: 5 }), fc.boolean(), async (seed, rankBy, k, withTarget) => {
          const p = 11;
          const cov = randomCovariance(p, seed);
          const candidates = Int32Array.from({ length: 10 }, (_, i) => i);
          const target = withTarget ? 10 : -1;
          const fast = (await engine.search(cov, p, N_SAMPLES, candidates, target, options(k, 5, rankBy, { threads: 2 })).promise).sizes[0];
          const slow = (await engine.search(cov, p, N_SAMPLES, candidates, target, options(k, 5, rankBy, { naive: true })).promise).sizes[0];
          expect(slow.evaluated).toBe(fast.evaluated);
          for (const key of ['synergy', 'redundancy'] as const)
            fast[key].forEach((m, i) => {
              expect(Math.abs(m[rankBy] - slow[key][i][rankBy])).toBeLessThan(1e-9);
              // The other measures where both kept the same multiplet (the oracle may order near-ties otherwise).
              if (m.variables.join(',') === slow[key][i].variables.join(','))
                for (const measureKey of MEASURES) expect(Math.abs(m[measureKey] - slow[key][i][measureKey])).toBeLessThan(1e-9);
            });
        }),
        { numRuns: 30 },
      );
    });

    it('the lists are sorted by the ranked measure and report DTC = TC − Ω, S = TC + DTC', async () => {
      await fc.assert(
        fc.asyncProperty(seedArb, fc.constantFrom(...MEASURES), fc.integer({ min: 3, max: 6 }), async (seed, rankBy, maxSize) => {
          const p = 12;
          const cov = randomCovariance(p, seed);
          const candidates = Int32Array.from({ length: p - 1 }, (_, i) => i);
          const opts = options(3, 6, rankBy, { maxSize, exhaustiveMax: 4, beam: 2, threads: 2, units: 'bits', biasCorrect: false });
          const result = await engine.search(cov, p, N_SAMPLES, candidates, p - 1, opts).promise;
          for (const s of result.sizes) {
            for (let j = 1; j < s.synergy.length; j++) expect(s.synergy[j][rankBy]).toBeGreaterThanOrEqual(s.synergy[j - 1][rankBy]);
            for (let j = 1; j < s.redundancy.length; j++) expect(s.redundancy[j][rankBy]).toBeLessThanOrEqual(s.redundancy[j - 1][rankBy]);
            for (const m of [...s.synergy, ...s.redundancy]) {
              expect(Math.abs(m.dtc - (m.tc - m.oinfo))).toBeLessThan(1e-12);
              expect(Math.abs(m.sinfo - (m.tc + m.dtc))).toBeLessThan(1e-12);
            }
          }
        }),
        { numRuns: 25 },
      );
    });
  });
});

describe('rankBy: the API checks it', () => {
  it('rejects an unknown measure, naming the option', async () => {
    const data = prepare(randomColumns(100, 6, 1));
    const error = await search(data, { maxSize: 3, rankBy: 'foo' as RankBy }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OinfoInputError);
    expect((error as Error).message).toBe('rankBy must be one of oinfo, tc, dtc, sinfo, got "foo"');
    const parts = [(await search(data, { maxSize: 3 })).sizes[0]];
    expect(() => mergeShards(parts, (name) => data.names.indexOf(name), 5, 'bar' as RankBy)).toThrow(/^rankBy must be one of/);
  });
});

describe('oinfo search --rank-by', () => {
  it('--rank-by tc ranks the lists by TC and says so', () => {
    const csv = SYNTH_CSV();
    const r = oinfo(['search', csv, '--target', 'y', '--target-kind', 'continuous', '--min-size', '2', '--max-size', '3', '--top', '4', '--rank-by', 'tc', '--threads', '2']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.rank_by).toBe('tc');
    const keys = Object.keys(out);
    expect(keys.indexOf('rank_by')).toBe(keys.indexOf('bias_corrected') + 1);
    for (const s of out.sizes) {
      expect(s.synergy).toHaveLength(4);
      for (let j = 1; j < 4; j++) {
        expect(s.synergy[j].tc).toBeGreaterThanOrEqual(s.synergy[j - 1].tc);
        expect(s.redundancy[j].tc).toBeLessThanOrEqual(s.redundancy[j - 1].tc);
      }
    }
  });

  it('--rank-by foo: exit 2 and one line naming --rank-by', () => {
    const r = oinfo(['search', SYNTH_CSV(), '--max-size', '3', '--rank-by', 'foo']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe('oinfo: --rank-by must be one of oinfo, tc, dtc, sinfo, got "foo"');
  });

  it('documents the list names in --help', () => {
    const r = oinfo(['search', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--rank-by <measure>/);
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(/"synergy" is the lowest values of that measure/);
  });
});
