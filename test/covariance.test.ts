/**
 * Starting from a copula covariance (`oinfo copula` → `--covariance`, fromCovariance/covarianceOf):
 * the same numbers as from the data, to the last bit (JSON numbers round-trip exactly); what needs the
 * samples is refused in the command line's words; a damaged or foreign file is a one-line exit 2.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { covarianceOf, fromCovariance, measure, prepare, search } from '../src/index.js';
import { OinfoInputError } from '../src/errors.js';
import { oinfo } from './helpers/cli.js';
import { SYNTH_CSV } from './helpers/reference.js';
import { randomColumns } from './helpers/random.js';
import { withoutTiming } from './helpers/combinatorics.js';
import { npy } from './helpers/npy.js';

const dir = mkdtempSync(join(tmpdir(), 'oinfo-cov-'));
const cov = join(dir, 'cov.json');

describe('oinfo copula and --covariance', () => {
  it('searches and measures from the covariance with the numbers of the data', () => {
    const made = oinfo(['copula', SYNTH_CSV(), '--out', cov]);
    expect(made.code).toBe(0);
    const json = JSON.parse(readFileSync(cov, 'utf8'));
    expect(json).toMatchObject({ oinfo_covariance: 1, kind: 'copula', n_samples: expect.any(Number) });
    expect(json.covariance).toHaveLength(json.names.length);
    const common = ['--target', 'y', '--max-size', '4', '--format', 'json'];
    const fromData = oinfo(['search', SYNTH_CSV(), ...common, '--target-kind', 'continuous']);
    const fromCov = oinfo(['search', '--covariance', cov, ...common]);
    expect(fromCov.stderr).toBe('');
    expect(withoutTiming(JSON.parse(fromCov.stdout))).toEqual(withoutTiming(JSON.parse(fromData.stdout)));
    const vars = json.names.slice(0, 3).join(',');
    const m1 = oinfo(['measure', SYNTH_CSV(), '--vars', vars, '--format', 'json']);
    const m2 = oinfo(['measure', '--covariance', cov, '--vars', vars, '--format', 'json']);
    expect(JSON.parse(m2.stdout)).toEqual(JSON.parse(m1.stdout));
  });

  it('writes the matrix as CSV and keeps only --vars', () => {
    const r = oinfo(['copula', SYNTH_CSV(), '--vars', 'x2,x0', '--format', 'csv']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split(/\r?\n/);
    expect(lines[0]).toBe('variable,x0,x2'); // column order, as everywhere
    expect(lines).toHaveLength(3);
    const bad = oinfo(['copula', SYNTH_CSV(), '--vars', 'x0,nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^oinfo: .*nope.*\n$/);
  });

  it('the API: fromCovariance(covarianceOf(dataset)) searches like the dataset', async () => {
    const dataset = prepare(randomColumns(400, 7, 5));
    const again = fromCovariance(JSON.parse(JSON.stringify(covarianceOf(dataset))));
    const options = { maxSize: 4, top: 3 };
    expect(withoutTiming(await search(again, options))).toEqual(withoutTiming(await search(dataset, options)));
    expect(measure(again, { vars: ['v0', 'v1', 'v2'] })).toEqual(measure(dataset, { vars: ['v0', 'v1', 'v2'] }));
    await expect(search(again, { ...options, bootstrap: 10 })).rejects.toThrow(OinfoInputError);
  });

  it('takes a p × p .npy covariance with --n-samples (names v0, v1, …)', () => {
    const columns = randomColumns(300, 6, 9); // named v0…v5, as .npy columns are
    const csv = join(dir, 'v.csv');
    const names = Object.keys(columns);
    writeFileSync(csv, `${names.join(',')}\n${Array.from({ length: 300 }, (_, i) => names.map((n) => columns[n][i]).join(',')).join('\n')}\n`);
    const json = join(dir, 'v.json');
    expect(oinfo(['copula', csv, '--out', json]).code).toBe(0);
    const matrix: number[][] = JSON.parse(readFileSync(json, 'utf8')).covariance;
    const file = join(dir, 'v.npy');
    writeFileSync(file, npy({ shape: [6, 6], data: matrix.flat() }));
    const args = ['--max-size', '4', '--format', 'json'];
    const fromJson = JSON.parse(oinfo(['search', '--covariance', json, ...args]).stdout);
    const fromNpy = oinfo(['search', '--covariance', file, '--n-samples', '300', ...args]);
    expect(fromNpy.stderr).toBe('');
    expect(withoutTiming(JSON.parse(fromNpy.stdout))).toEqual(withoutTiming(fromJson));
    for (const [extra, message] of [
      [['--covariance', file], /a \.npy covariance does not say its N: give --n-samples N/],
      [['--covariance', json, '--n-samples', '300'], /--n-samples is for a \.npy covariance/],
      [[csv, '--n-samples', '300'], /--n-samples goes with a \.npy --covariance/],
    ] as const) {
      const r = oinfo(['search', ...extra, '--max-size', '3']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const rect = join(dir, 'rect.npy');
    writeFileSync(rect, npy({ shape: [6, 5], data: matrix.flat().slice(0, 30) }));
    expect(oinfo(['search', '--covariance', rect, '--n-samples', '300', '--max-size', '3']).stderr).toMatch(/must be square, got 6 × 5/);
  });

  it('refuses what needs the samples, and a missing or doubled input', () => {
    for (const [args, message] of [
      [['search', '--covariance', cov, '--max-size', '3', '--bootstrap', '10'], /^oinfo: --bootstrap needs the samples, which a covariance file does not hold: give the data file instead of --covariance\n$/],
      [['search', '--covariance', cov, '--max-size', '3', '--permutations', '9'], /^oinfo: --permutations needs the samples/],
      [['search', '--covariance', cov, '--target', 'y', '--target-kind', 'discrete', '--max-size', '3'], /^oinfo: --target-kind discrete needs the samples/],
      [['search', SYNTH_CSV(), '--covariance', cov, '--max-size', '3'], /^oinfo: give data files or --covariance, not both/],
      [['measure', '--vars', 'x0,x1,x2'], /^oinfo: no data: give a data file .* or --covariance FILE\n$/],
    ] as const) {
      const r = oinfo([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it('a damaged or foreign covariance file is a one-line exit 2 naming the problem', () => {
    const good = JSON.parse(readFileSync(cov, 'utf8'));
    const cases: [string, unknown, RegExp][] = [
      ['not-json', '{"oinfo_covariance": 1,', /is not JSON .*oinfo copula/],
      ['array', [1, 2], /not a covariance file/],
      ['version', { ...good, oinfo_covariance: 2 }, /oinfo_covariance is 2, expected 1/],
      ['kind', { ...good, kind: 'pearson' }, /kind is "pearson", expected "copula"/],
      ['n', { ...good, n_samples: 1.5 }, /n_samples must be an integer ≥ 2, got 1.5/],
      ['dup', { ...good, names: [good.names[1], ...good.names.slice(1)] }, /duplicate name/],
      ['rows', { ...good, covariance: good.covariance.slice(1) }, /one row per name/],
      ['short-row', { ...good, covariance: [good.covariance[0].slice(1), ...good.covariance.slice(1)] }, /row 0 .* must hold/],
      ['null', { ...good, covariance: [[null, ...good.covariance[0].slice(1)], ...good.covariance.slice(1)] }, /covariance\[0\]\[0\] is null, not a finite number/],
      ['variance', { ...good, covariance: good.covariance.map((r: number[], i: number) => r.map((v, j) => (i === 1 && j === 1 ? -1 : v))) }, /variance of .* not positive/],
      ['asymmetric', { ...good, covariance: good.covariance.map((r: number[], i: number) => r.map((v, j) => (i === 0 && j === 2 ? v + 0.1 : v))) }, /not symmetric: \[2\]\[0\]/],
    ];
    for (const [name, content, message] of cases) {
      const file = join(dir, `${name}.json`);
      writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
      const r = oinfo(['search', '--covariance', file, '--max-size', '3']);
      expect(r.code, name).toBe(2);
      expect(r.stderr.startsWith(`oinfo: "${file}"`), `${name}: ${r.stderr}`).toBe(true);
      expect(r.stderr, name).toMatch(message);
      expect(r.stderr.trimEnd().split('\n'), name).toHaveLength(1);
    }
  });
});
