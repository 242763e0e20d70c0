/**
 * Several input files in one call (SPEC §9): one result per file, each as the file alone would give
 * it plus `input`, in every format; an error names the file it is about, and nothing is written.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { oinfo, REPO } from './helpers/cli.js';
import { SYNTH_CSV } from './helpers/reference.js';
import { withoutTiming } from './helpers/combinatorics.js';

const A = join(REPO, 'data', 'example.csv');
const B = SYNTH_CSV();
const SEARCH = ['--max-size', '3', '--top', '2'];

describe('several input files', () => {
  it('json: an array of the single-file results, each with its input', () => {
    const both = oinfo(['search', A, B, ...SEARCH, '--format', 'json']);
    expect(both.code).toBe(0);
    const results = JSON.parse(both.stdout);
    expect(results).toHaveLength(2);
    [A, B].forEach((file, i) => {
      const alone = JSON.parse(oinfo(['search', file, ...SEARCH, '--format', 'json']).stdout);
      expect(withoutTiming(results[i])).toEqual(withoutTiming({ input: file, ...alone }));
    });
    const measured = JSON.parse(oinfo(['measure', B, B, '--vars', 'x0,x1,x2', '--format', 'json']).stdout);
    expect(measured.map((r: { input: string }) => r.input)).toEqual([B, B]);
    expect(measured[0].oinfo).toBe(measured[1].oinfo);
  });

  it('ndjson, csv and table carry the input too', () => {
    const nd = oinfo(['search', A, B, ...SEARCH, '--format', 'ndjson']).stdout.trim().split('\n').map((l) => JSON.parse(l));
    const metas = nd.filter((o) => 'sizes' in o);
    expect(metas.map((m) => m.input)).toEqual([A, B]);
    expect(nd).toHaveLength(2 * (1 + 2 * 2)); // per file: its metadata, then size 3's two lists of 2
    const csv = oinfo(['search', A, B, ...SEARCH, '--format', 'csv']).stdout.trim().split(/\r?\n/);
    expect(csv[0]).toBe('input,size,kind,rank,oinfo,tc,dtc,sinfo,vars');
    expect(csv.filter((l) => l.startsWith('input,'))).toHaveLength(1);
    expect(new Set(csv.slice(1).map((l) => l.split(',')[0]))).toEqual(new Set([A, B]));
    const table = oinfo(['search', A, B, ...SEARCH, '--format', 'table']).stdout;
    expect(table).toMatch(new RegExp(`^${A.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: oinfo search: `));
    expect(table).toContain(`\n${B}: oinfo search: `);
  });

  it('an error names the file it is about, exits 2 and writes nothing', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'oinfo-many-')), 'both.json');
    const r = oinfo(['measure', A, B, '--vars', 'r1,r2,r3', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`oinfo: "${B}": unknown column "r1" (columns: x0, x1, x2, x3, x4, x5, x6, x7, y)\n`);
    expect(existsSync(out)).toBe(false);
    const oneJob = oinfo(['search', A, B, ...SEARCH, '--queue', 'redis://127.0.0.1:1', '--job', 'x']);
    expect(oneJob.code).toBe(2);
    expect(oneJob.stderr).toBe('oinfo: --job names one distributed search: give one input file with it\n');
    const stdinTwice = oinfo(['search', '-', '-', ...SEARCH]);
    expect(stdinTwice.code).toBe(2);
    expect(stdinTwice.stderr).toMatch(/^oinfo: standard input \("-"\) can be read once/);
  });
});
