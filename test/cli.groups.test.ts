/** `--groups` on the command line: the outputs that name groups, and one exit-2 line for every bad input. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

import { oinfo } from './helpers/cli.js';
import { loadReference, referencePath, SYNTH_CSV } from './helpers/reference.js';

let csv: string;
let dir: string;
beforeAll(() => {
  csv = SYNTH_CSV();
  dir = mkdtempSync(join(tmpdir(), 'oinfo-cli-groups-'));
});

const GROUPS = 'g1=x0,x1;g2=x4,x2,x3';

describe('oinfo search --groups', () => {
  it('lists groups as variables, names their columns (column order) and matches the independent reference', () => {
    const ref = loadReference('groups.json');
    const r = oinfo(['search', referencePath('groups.csv'), '--groups', ref.groups, '--target', 'y', '--target-kind', 'continuous', '--max-size', '4', '--top', '3']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['backend', 'n_samples', 'variables', 'groups', 'target', 'target_kind', 'units', 'bias_corrected', 'rank_by', 'sizes', 'elapsed_s', 'oinfo_version']);
    expect(out.variables).toEqual(['G1', 'G2', 'G3', 'G4', 'c10', 'c11']);
    expect(out.groups).toEqual({ G1: ['c0', 'c1', 'c2'], G2: ['c3', 'c4'], G3: ['c5', 'c6', 'c7', 'c8'], G4: ['c9'] });
    for (const size of out.sizes)
      for (const m of [...size.synergy, ...size.redundancy]) {
        const expected = ref.multiplets.find((e: any) => e.target && e.vars.join() === m.vars.join());
        expect(Math.abs(m.oinfo - expected.bits_bc.oinfo)).toBeLessThan(1e-9);
        expect(Math.abs(m.tc - expected.bits_bc.tc)).toBeLessThan(1e-9);
      }
  });

  it('columns in no group stay variables; --vars picks groups and ungrouped columns', () => {
    const all = JSON.parse(oinfo(['search', csv, '--groups', GROUPS, '--max-size', '3', '--top', '1']).stdout);
    expect(all.variables).toEqual(['g1', 'g2', 'x5', 'x6', 'x7', 'y']);
    const some = JSON.parse(oinfo(['search', csv, '--groups', GROUPS, '--vars', 'x7,g2,g1', '--max-size', '3', '--top', '1']).stdout);
    expect(some.variables).toEqual(['g1', 'g2', 'x7']);
    expect(some.sizes[0].evaluated).toBe(1);
  });

  it('CSV carries each row\'s groups in the --groups spelling; the table names them in its caption; NDJSON in its first line', () => {
    const csvOut = oinfo(['search', csv, '--groups', GROUPS, '--vars', 'g1,g2,x5', '--max-size', '3', '--top', '1', '--format', 'csv']).stdout;
    const lines = csvOut.trim().split('\r\n');
    expect(lines[0]).toBe('size,kind,rank,oinfo,tc,dtc,sinfo,vars,groups');
    expect(lines[1]).toMatch(/,g1;g2;x5,"g1=x0,x1;g2=x2,x3,x4"$/);
    const table = oinfo(['search', csv, '--groups', GROUPS, '--max-size', '3', '--top', '1', '--format', 'table']).stdout;
    expect(table.split('\n')[0]).toContain('groups g1 (x0 x1), g2 (x2 x3 x4)');
    const meta = JSON.parse(oinfo(['search', csv, '--groups', GROUPS, '--max-size', '3', '--top', '1', '--format', 'ndjson']).stdout.split('\n')[0]);
    expect(meta.groups).toEqual({ g1: ['x0', 'x1'], g2: ['x2', 'x3', 'x4'] });
  });

  it('takes --bootstrap and --permutations: every listed multiplet of groups gets an interval and a p-value', () => {
    const r = oinfo(['search', csv, '--groups', GROUPS, '--target', 'y', '--target-kind', 'continuous', '--max-size', '3', '--top', '2', '--bootstrap', '20', '--permutations', '9', '--null', 'all']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.bootstrap).toMatchObject({ resamples: 20 });
    expect(out.permutations).toMatchObject({ count: 9, null: 'all' });
    for (const size of out.sizes)
      for (const m of [...size.synergy, ...size.redundancy]) {
        expect(m.p_fwer).toBeGreaterThanOrEqual(0.1);
        expect(m.ci.oinfo[0]).toBeLessThanOrEqual(m.ci.oinfo[1]);
        expect(m.se.oinfo).toBeGreaterThan(0);
      }
    expect(out.sizes.some((s: any) => s.synergy.some((m: any) => m.vars.includes('g1') || m.vars.includes('g2')))).toBe(true);
  });

  it('works from a covariance file (groups need only the covariance)', () => {
    const cov = join(dir, 'cov.json');
    expect(oinfo(['copula', csv, '--out', cov]).code).toBe(0);
    const fromCov = JSON.parse(oinfo(['search', '--covariance', cov, '--groups', GROUPS, '--max-size', '3', '--top', '2']).stdout);
    const fromData = JSON.parse(oinfo(['search', csv, '--groups', GROUPS, '--max-size', '3', '--top', '2']).stdout);
    expect(fromCov.sizes).toEqual(fromData.sizes);
  });
});

describe('oinfo measure --groups', () => {
  it('measures groups and columns as the variables of one multiplet', () => {
    const r = oinfo(['measure', csv, '--vars', 'g1,g2,x5', '--groups', GROUPS]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).slice(0, 3)).toEqual(['vars', 'groups', 'target']);
    expect(out.vars).toEqual(['g1', 'g2', 'x5']);
    expect(out.groups).toEqual({ g1: ['x0', 'x1'], g2: ['x2', 'x3', 'x4'] });
    // The same multiplet found by the search (the tree route; measure is the direct one) has the same value.
    const found = JSON.parse(oinfo(['search', csv, '--groups', GROUPS, '--vars', 'g1,g2,x5', '--max-size', '3']).stdout);
    expect(Math.abs(found.sizes[0].synergy[0].oinfo - out.oinfo)).toBeLessThan(1e-12);
  });
});

describe('bad --groups input: exit 2 and one line naming the problem and the fix', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown column', ['--groups', 'g1=x0,zz'], /^oinfo: --groups names unknown column "zz" in group "g1" \(columns: x0, x1/],
    ['a column in two groups', ['--groups', 'g1=x0,x1;g2=x1,x2'], /^oinfo: --groups puts column "x1" in groups "g1" and "g2": a column can be in one group only$/],
    ['an empty group', ['--groups', 'g1=;g2=x1'], /^oinfo: --groups has an empty group "g1": list its columns after "g1="$/],
    ['a duplicate group name', ['--groups', 'g1=x0;g1=x1'], /^oinfo: --groups defines group "g1" twice: give each group its own name$/],
    ['a group named like a column of another group', ['--groups', 'x1=x0;g2=x1,x2'], /^oinfo: --groups names group "x1" like the column "x1" of group "g2": rename the group$/],
    ['a group named like a column in no group', ['--groups', 'x5=x0,x1'], /^oinfo: --groups names group "x5" like the column "x5" \(in no group\): rename the group$/],
    ['a spec without "="', ['--groups', 'g1:x0,x1'], /^oinfo: --groups has "g1:x0,x1" without "=": write NAME=COLUMN,COLUMN;NAME=…, e\.g\. g1=a,b,c;g2=d,e$/],
    ['a spec with two "="', ['--groups', 'g1=x0=x1'], /^oinfo: --groups has more than one "=" in "g1=x0=x1"/],
    ['an unmatched quote', ['--groups', 'g1="x0,x1'], /^oinfo: --groups has an unmatched quote/],
    ['an empty segment', ['--groups', 'g1=x0;;g2=x1'], /^oinfo: --groups has an empty group between two ";"/],
    ['an empty spec', ['--groups', ' '], /^oinfo: --groups is empty: write NAME=COLUMN/],
    ['a group without a name', ['--groups', '=x0,x1'], /^oinfo: --groups has a group without a name/],
    ['an empty column name', ['--groups', 'g1=x0,,x1'], /^oinfo: --groups gives group "g1" an empty column name/],
    ['a column twice in a group', ['--groups', 'g1=x0,x0'], /^oinfo: --groups lists column "x0" twice in group "g1"$/],
    ['the target inside a group', ['--groups', 'g=x0,y', '--target', 'y'], /^oinfo: --target "y" is a column of group "g" \(--groups\): a target is one column outside every group; take it out of the group or choose another --target$/],
    ['a discrete target', ['--groups', 'g=x0,x1', '--target', 'y'], /^oinfo: --groups takes a continuous --target only, and "y" is treated as a discrete class label: use --target-kind continuous/],
    ['--queue', ['--groups', 'g=x0,x1', '--queue', 'redis://127.0.0.1:1'], /^oinfo: --groups cannot be distributed yet .*: run the search without --queue$/],
    ['--vars naming a grouped column', ['--groups', 'g=x0,x1', '--vars', 'x0,x2,x3'], /^oinfo: --vars names column "x0" of group "g": name the group "g" instead, or take the column out of --groups$/],
    ['--vars naming an unknown variable', ['--groups', 'g=x0,x1', '--vars', 'g,x2,zz'], /^oinfo: unknown variable "zz" \(variables: g, x2, x3, x4, x5, x6, x7, y\)$/],
    ['a size above the variables', ['--groups', 'g=x0,x1,x2', '--max-size', '8'], /^oinfo: --max-size out of range: 8 exceeds the 7 candidate variables$/],
  ];
  it.each(cases)('%s', (_, args, message) => {
    const r = oinfo(['search', csv, '--max-size', '3', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message);
  });

  it('measure: a grouped column named in --vars, and too few samples for the columns', () => {
    const r = oinfo(['measure', csv, '--vars', 'g,x0', '--groups', 'g=x0,x1']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('oinfo: --vars names column "x0" of group "g": name the group "g" instead, or take the column out of --groups');
    const small = join(dir, 'small.csv');
    writeFileSync(small, 'a,b,c,d\n1,2,3,4\n2,1,4,3\n3,4,1,2\n4,3,2,1\n5,5,5,6\n');
    const few = oinfo(['measure', small, '--vars', 'g,c,d', '--groups', 'g=a,b']);
    expect(few.code).toBe(2);
    expect(few.stderr.trim()).toBe('oinfo: fewer samples than columns + 2: 5 samples for a multiplet of 4 columns (need at least 6)');
  });
});
