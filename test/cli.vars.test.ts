/** --vars is read as one CSV record: quoted names may hold commas; names are trimmed and NFC-normalised. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InvalidArgumentError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { nameList } from '../src/cli/flags.js';
import { oinfo } from './helpers/cli.js';

const composed = '\u00e9'; // é
const decomposed = 'e\u0301'; // e + combining acute

describe('nameList', () => {
  it.each([
    ['x0,x1,x2', ['x0', 'x1', 'x2']],
    [' x0 , x1 ', ['x0', 'x1']],
    ['"a,b",c', ['a,b', 'c']],
    ['"a,b", c ,"d"', ['a,b', 'c', 'd']],
    ['"say ""hi""",x', ['say "hi"', 'x']],
    ['solo', ['solo']],
    [`${decomposed}t${decomposed}`, [`${composed}t${composed}`]],
  ])('%j → %j', (value, names) => {
    expect(nameList(value)).toEqual(names);
  });

  it.each([
    ['', /^give a comma-separated list of column names\.$/],
    ['  ', /^give a comma-separated list of column names\.$/],
    [' , ', /^give a comma-separated list of column names\.$/],
    ['a,,b', /^name 2 is empty: give a comma-separated list of column names\.$/],
    ['a,b,', /^name 3 is empty: /],
    ['"a,b', /^unmatched quote: /],
    ['a\nb', /^give the names on one line: /],
  ])('%j is rejected', (value, message) => {
    let caught: unknown;
    try {
      nameList(value);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidArgumentError);
    expect((caught as Error).message).toMatch(message);
  });
});

describe('oinfo measure --vars with quoted and non-ASCII names', () => {
  let dir: string;
  let csv: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oinfo-cli-vars-'));
    const rows = [`"a,b",c,d,${composed}`];
    let s = 7;
    const next = () => {
      s = (s * 16807) % 2147483647;
      return s / 2147483647 - 0.5;
    };
    for (let i = 0; i < 60; i++) {
      const u = next();
      rows.push([u + next(), u + next(), next(), next()].map((v) => v.toFixed(6)).join(','));
    }
    csv = path.join(dir, 'quoted.csv');
    fs.writeFileSync(csv, rows.join('\n') + '\n');
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`--vars '"a,b",c,d' names the quoted column`, () => {
    const r = oinfo(['measure', csv, '--vars', '"a,b",c,d']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.vars).toEqual(['a,b', 'c', 'd']);
    expect(out.n_samples).toBe(60);
    expect(Number.isFinite(out.oinfo)).toBe(true);
  });

  it('a decomposed spelling on the command line matches a composed header name', () => {
    const r = oinfo(['measure', csv, '--vars', `c,d,${decomposed}`]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).vars).toEqual(['c', 'd', composed]);
  });

  it('an empty name is a usage error on one line', () => {
    const r = oinfo(['measure', csv, '--vars', 'c,,d']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^oinfo: option '--vars <names>' argument 'c,,d' is invalid\. name 2 is empty/);
  });
});
