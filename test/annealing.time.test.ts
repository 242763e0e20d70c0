/**
 * Annealing with a budget in seconds (`--budget 30s`, API budgetSeconds): each annealed size takes about
 * that long whatever the threads, its lists are real multiplets in rank order with their true values,
 * progress runs to its total, the JSON says `budget_seconds`, and the options are checked (API and CLI).
 * Not repeatable by design, so nothing here compares two runs.
 */
import { describe, expect, it } from 'vitest';

import { prepare } from '../src/api/dataset.js';
import { measure } from '../src/api/measure.js';
import { search, searchPlan } from '../src/api/search.js';
import { OinfoOptionError } from '../src/errors.js';
import { BACKENDS } from './helpers/backends.js';
import { oinfo, REPO } from './helpers/cli.js';
import { randomColumns } from './helpers/random.js';

const data = () => prepare(randomColumns(400, 14, 9));
const timed = { minSize: 5, maxSize: 6, exhaustiveMax: 4, top: 5, method: 'annealing' as const, budgetSeconds: 0.25, restarts: 4 };

describe.each(BACKENDS)('annealing with a budget in seconds on the %s backend', (backend) => {
  it('takes about the budget per annealed size; its lists are true multiplets in rank order; progress reaches its total', async () => {
    const d = data();
    let last: [number, number] = [0, 0];
    const started = performance.now();
    const r = await search(d, { ...timed, backend, threads: 2, onProgress: (done, total) => (last = [done, total]) });
    const seconds = (performance.now() - started) / 1000;
    expect(seconds).toBeGreaterThanOrEqual(0.45); // two sizes of 0.25 s
    expect(seconds).toBeLessThan(10);
    expect(last[0]).toBe(last[1]);
    expect(r.annealing).toEqual({ budget_seconds: 0.25, restarts: 4, seed: 1 });
    for (const s of r.sizes) {
      expect(s.method).toBe('annealing');
      expect(s.evaluated).toBeGreaterThan(1000);
      expect(s.synergy).toHaveLength(5);
      for (const list of [s.synergy, s.redundancy]) {
        expect(new Set(list.map((m) => m.vars.join(','))).size).toBe(list.length);
        for (const m of list) {
          expect(m.vars).toHaveLength(s.size);
          expect(m.oinfo).toBeCloseTo(measure(d, { vars: m.vars, backend }).oinfo, 9);
        }
      }
      for (let i = 1; i < s.synergy.length; i++) expect(s.synergy[i].oinfo).toBeGreaterThanOrEqual(s.synergy[i - 1].oinfo);
      for (let i = 1; i < s.redundancy.length; i++) expect(s.redundancy[i].oinfo).toBeLessThanOrEqual(s.redundancy[i - 1].oinfo);
    }
  });

  it('an abort stops it at once', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    await expect(search(data(), { ...timed, budgetSeconds: 30, backend, signal: controller.signal })).rejects.toThrow(/aborted/);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('the budget in seconds: options', () => {
  it('the plan counts its time, not multiplets', () => {
    const plan = searchPlan(data(), timed);
    expect(plan.annealingSeconds).toBeCloseTo(0.5, 12);
    expect(searchPlan(data(), { ...timed, budgetSeconds: undefined, budget: 1000 }).annealingSeconds).toBe(0);
  });

  it.each([
    [{ budget: 1000 }, 'budget', 'budget and budgetSeconds are two budgets: give one'],
    [{ budgetSeconds: 0 }, 'budgetSeconds', 'budgetSeconds must be a number of seconds above 0, at most 1,000,000, got 0'],
    [{ budgetSeconds: -1 }, 'budgetSeconds', 'budgetSeconds must be a number of seconds above 0, at most 1,000,000, got -1'],
    [{ budgetSeconds: Number.NaN }, 'budgetSeconds', 'budgetSeconds must be a number of seconds above 0, at most 1,000,000, got NaN'],
    [{ budgetSeconds: '2s' }, 'budgetSeconds', 'budgetSeconds must be a number of seconds above 0, at most 1,000,000, got "2s"'],
    [{ method: 'greedy' }, 'budgetSeconds', 'budgetSeconds is an option of annealing: add method annealing'],
  ])('%o', async (extra, option, message) => {
    const error = await search(data(), { ...timed, ...extra } as never).catch((e) => e);
    expect(error).toBeInstanceOf(OinfoOptionError);
    expect(error.option).toBe(option);
    expect(error.message).toBe(message);
  });

  it('the command line: --budget 0.2s, 200ms; a bad time is one line', () => {
    const csv = `${REPO}/data/example.csv`;
    for (const budget of ['0.2s', '200ms']) {
      const r = oinfo(['search', csv, '--max-size', '5', '--exhaustive-max', '4', '--method', 'annealing', '--budget', budget, '--format', 'json']);
      expect(r.code).toBe(0);
      const json = JSON.parse(r.stdout);
      expect(json.annealing).toEqual({ budget_seconds: 0.2, restarts: 8, seed: 1 });
      expect(json.sizes.at(-1).method).toBe('annealing');
    }
    const bad = oinfo(['search', csv, '--max-size', '5', '--exhaustive-max', '4', '--method', 'annealing', '--budget', '2x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      "oinfo: option '--budget <evals|time>' argument '2x' is invalid. it must be a number of evaluations (e.g. 200000) or a time (e.g. 30s, 500ms, 5min, 1h).\n",
    );
    const notAnnealing = oinfo(['search', csv, '--max-size', '5', '--exhaustive-max', '4', '--budget', '2s']);
    expect(notAnnealing.code).toBe(2);
    expect(notAnnealing.stderr).toBe('oinfo: --budget is an option of annealing: add --method annealing\n');
  });
});
