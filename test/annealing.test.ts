/**
 * Simulated annealing above exhaustiveMax (native/engine/annealing.hpp): with a budget that covers the
 * space it finds the exhaustive search's lists, value for value; it is repeatable (same seed, any thread
 * count, both backends); its lists hold distinct multiplets in rank order; a discrete target works; the
 * options are checked with errors that name them (API and CLI).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { type Dataset, prepare } from '../src/api/dataset.js';
import { OinfoOptionError } from '../src/errors.js';
import { searchPlan } from '../src/api/search.js';
import { search, type SearchResult } from '../src/index.js';
import { BACKENDS } from './helpers/backends.js';
import { oinfo } from './helpers/cli.js';
import { randomColumns } from './helpers/random.js';

function dataset(p: number, seed: number, withLabel = false, backend: 'native' | 'wasm' = 'native'): Dataset {
  const columns = randomColumns(600, p, seed);
  if (withLabel) {
    // A 3-class label made from two of the variables, so that multiplets with it carry structure.
    const label = new Float64Array(600);
    for (let i = 0; i < 600; i++) label[i] = (columns.v1[i] > 0 ? 1 : 0) + (columns.v2[i] > 0.5 ? 1 : 0);
    columns.y = label;
  }
  return prepare(columns, { backend });
}

const lists = (r: SearchResult) => r.sizes.map((s) => ({ size: s.size, synergy: s.synergy, redundancy: s.redundancy }));

describe('annealing above exhaustiveMax', () => {
  it('finds the exhaustive lists when its budget covers the space (continuous target and none)', async () => {
    const data = dataset(12, 3);
    for (const target of [undefined, 'v0']) {
      const sizes = { minSize: 5, maxSize: 6, top: 4, target };
      const exhaustive = await search(data, { ...sizes, exhaustiveMax: 6 });
      const annealed = await search(data, { ...sizes, exhaustiveMax: 4, method: 'annealing', budget: 40_000, restarts: 8, seed: 5 });
      expect(annealed.sizes.map((s) => s.method)).toEqual(['annealing', 'annealing']);
      expect(annealed.sizes.map((s) => s.evaluated)).toEqual([80_000, 80_000]); // the budget of both lists, exactly
      expect(lists(annealed)).toEqual(lists(exhaustive));
      expect(annealed.annealing).toEqual({ budget: 40_000, restarts: 8, seed: 5 });
      // The plan counts what annealing evaluates (the CLI's time estimate weighs it apart).
      const plan = searchPlan(data, { ...sizes, exhaustiveMax: 4, method: 'annealing', budget: 40_000, restarts: 8 });
      expect(plan).toMatchObject({ multiplets: 160_000, annealingEvaluations: 160_000 });
    }
  });

  it('finds the exhaustive lists with a discrete target', async () => {
    const data = dataset(10, 8, true);
    const sizes = { minSize: 4, maxSize: 4, top: 3, target: 'y', targetKind: 'discrete' as const };
    const exhaustive = await search(data, { ...sizes, exhaustiveMax: 4 });
    const annealed = await search(data, { ...sizes, exhaustiveMax: 3, method: 'annealing', budget: 20_000, restarts: 4 });
    expect(annealed.target_kind).toBe('discrete');
    expect(lists(annealed)).toEqual(lists(exhaustive));
  });

  it('gives the same lists for the same seed on any thread count and either backend; distinct, in rank order', async () => {
    const options = { minSize: 7, maxSize: 7, exhaustiveMax: 3, top: 10, method: 'annealing' as const, budget: 6_000, restarts: 6, seed: 11 };
    const results: SearchResult[] = [];
    for (const backend of BACKENDS)
      for (const threads of [1, 2]) results.push(await search(dataset(30, 21, false, backend), { ...options, threads, backend }));
    for (const r of results.slice(1)) {
      expect(r.sizes[0].evaluated).toBe(results[0].sizes[0].evaluated);
      for (const list of ['synergy', 'redundancy'] as const) {
        expect(r.sizes[0][list].map((m) => m.vars)).toEqual(results[0].sizes[0][list].map((m) => m.vars));
        r.sizes[0][list].forEach((m, i) => expect(Math.abs(m.oinfo - results[0].sizes[0][list][i].oinfo)).toBeLessThanOrEqual(1e-12));
      }
    }
    const { synergy, redundancy } = results[0].sizes[0];
    expect(new Set(synergy.map((m) => m.vars.join())).size).toBe(synergy.length);
    expect(new Set(redundancy.map((m) => m.vars.join())).size).toBe(redundancy.length);
    for (let i = 1; i < synergy.length; i++) expect(synergy[i].oinfo).toBeGreaterThanOrEqual(synergy[i - 1].oinfo);
    for (let i = 1; i < redundancy.length; i++) expect(redundancy[i].oinfo).toBeLessThanOrEqual(redundancy[i - 1].oinfo);
    // The seed decides the chains: with a budget far too small to converge, two seeds keep other lists.
    const short = { ...options, budget: 60 };
    const [a, b] = [await search(dataset(30, 21), { ...short, seed: 11 }), await search(dataset(30, 21), { ...short, seed: 12 })];
    expect(lists(a)).not.toEqual(lists(b));
    expect(lists(await search(dataset(30, 21), { ...short, seed: 11 }))).toEqual(lists(a));
  });

  it('checks its options, naming them', async () => {
    const data = dataset(8, 1);
    const base = { minSize: 3, maxSize: 5, exhaustiveMax: 3 };
    const fails = (options: object, option: string, message: RegExp) =>
      expect(search(data, { ...base, ...options })).rejects.toSatisfy(
        (e: unknown) => e instanceof OinfoOptionError && e.option === option && message.test(e.message),
      );
    await fails({ budget: 100 }, 'budget', /annealing/);
    await fails({ restarts: 3 }, 'restarts', /annealing/);
    await fails({ method: 'anneal' }, 'method', /greedy, beam, annealing/);
    await fails({ method: 'annealing', beam: 2 }, 'beam', /greedy/);
    await fails({ method: 'annealing', budget: 3, restarts: 4 }, 'budget', /restarts/);
    await fails({ method: 'annealing', budget: 0 }, 'budget', /./);
    // A seed is used by annealing alone (without resamples or permutations).
    await expect(search(data, { ...base, method: 'annealing', budget: 100, restarts: 2, seed: 4 })).resolves.toMatchObject({ annealing: { seed: 4 } });
  });

  it('runs from the command line, and a misused flag is a one-line exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oinfo-anneal-'));
    const file = join(dir, 'data.csv');
    const columns = randomColumns(300, 9, 4);
    const names = Object.keys(columns);
    writeFileSync(file, `${names.join(',')}\n${Array.from({ length: 300 }, (_, i) => names.map((n) => columns[n][i]).join(',')).join('\n')}\n`);
    const run = oinfo(['search', file, '--max-size', '5', '--exhaustive-max', '3', '--method', 'annealing', '--budget', '2000', '--restarts', '4', '--seed', '9', '--format', 'json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.sizes.map((s: { method: string }) => s.method)).toEqual(['exhaustive', 'annealing', 'annealing']);
    expect(result.annealing).toEqual({ budget: 2000, restarts: 4, seed: 9 });
    // Annealing sizes are above --exhaustive-max: a distributed search (exhaustive only) refuses them first.
    const queued = oinfo(['search', file, '--max-size', '5', '--exhaustive-max', '3', '--method', 'annealing', '--queue', 'redis://127.0.0.1:1']);
    expect(queued.code).toBe(2);
    expect(queued.stderr).toMatch(/^oinfo: --max-size is above --exhaustive-max \(3\): a distributed search covers exhaustive sizes only/);
    const misuse = oinfo(['search', file, '--max-size', '5', '--budget', '2000']);
    expect(misuse.code).toBe(2);
    expect(misuse.stderr).toMatch(/^oinfo: --budget is an option of annealing: add --method annealing\n$/);
  });
});
