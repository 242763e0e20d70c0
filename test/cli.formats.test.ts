/**
 * Output and input that fit a person's habits (issue 11, SPEC §9): --format json|ndjson|csv|table, the
 * format inferred from --out's extension, `--out -` as stdout, and the input `-` as CSV on stdin.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { chooseFormat } from '../src/cli/format.js';
import { csvField } from '../src/cli/formats/csv.js';
import { oinfo, REPO } from './helpers/cli.js';

const CSV = join(REPO, 'data', 'example.csv');
const VERSION: string = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version;
const MEASURES = ['oinfo', 'tc', 'dtc', 'sinfo'] as const;
const SEARCH = ['--max-size', '4', '--top', '2'];
const MEASURE = ['--vars', 'a,b,c', '--target', 'y'];
const MI = ['--target', 'y'];

type Multiplet = { vars: string[]; oinfo: number; tc: number; dtc: number; sinfo: number };
type Search = { sizes: { size: number; synergy: Multiplet[]; redundancy: Multiplet[] }[]; oinfo_version: string };

let dir: string;
let search: Search;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'oinfo-formats-'));
  search = json(['search', CSV, ...SEARCH]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], input?: string | Buffer): string {
  const r = oinfo(args, {}, { input });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

function json(args: string[]) {
  return JSON.parse(run(args));
}

/** search's JSON as the rows every other format lists: size, kind, rank, vars and the four measures. */
function searchRows(result: Search) {
  return result.sizes.flatMap((s) =>
    (['synergy', 'redundancy'] as const).flatMap((kind) => s[kind].map((m, i) => ({ size: s.size, kind, rank: i + 1, vars: m.vars, ...pick(m) }))),
  );
}

const pick = (m: Multiplet) => Object.fromEntries(MEASURES.map((k) => [k, m[k]]));

function parseCsv(text: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

/** A table's data lines (after the dashed rule) split into cells. */
function tableCells(text: string): { header: string; cells: string[][] } {
  const lines = text.trimEnd().split('\n');
  const rule = lines.findIndex((l) => /^-+( +-+)*$/.test(l));
  expect(rule).toBeGreaterThan(0);
  return { header: lines[rule - 1], cells: lines.slice(rule + 1).map((l) => l.trim().split(/ {2,}/)) };
}

describe('json', () => {
  it('is the JSON of SPEC §4 with oinfo_version, and the default when stdout is not a terminal', () => {
    expect(search.oinfo_version).toBe(VERSION);
    expect(json(['search', CSV, ...SEARCH, '--format', 'json'])).toMatchObject({ sizes: search.sizes, oinfo_version: VERSION });
    for (const args of [['measure', CSV, ...MEASURE], ['mi', CSV, ...MI]]) {
      const result = json(args);
      expect(result.oinfo_version).toBe(VERSION);
      expect(json([...args, '--format', 'json'])).toEqual(result);
    }
  });
});

describe('search in every format gives the numbers of its JSON', () => {
  it('ndjson: a metadata line, then one object per multiplet, the same numbers to the last bit', () => {
    const lines = run(['search', CSV, ...SEARCH, '--format', 'ndjson']).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ oinfo_version: VERSION, n_samples: 2000, units: 'bits' });
    expect(lines[0].sizes.map((s: { size: number }) => s.size)).toEqual([3, 4]);
    expect(lines.slice(1)).toEqual(searchRows(search));
  });

  it('ndjson carries the uncertainty fields when present', () => {
    const lines = run(['search', CSV, '--max-size', '3', '--top', '1', '--permutations', '9', '--format', 'ndjson']).trimEnd().split('\n');
    expect(JSON.parse(lines[1])).toHaveProperty('p_fwer');
    expect(JSON.parse(lines[0])).toHaveProperty('permutations');
  });

  it('csv: a header row and one row per multiplet, vars joined by ";", numbers exact', () => {
    const rows = parseCsv(run(['search', CSV, ...SEARCH, '--format', 'csv']));
    expect(
      rows.map((r) => ({
        size: Number(r.size),
        kind: r.kind,
        rank: Number(r.rank),
        vars: r.vars.split(';'),
        ...Object.fromEntries(MEASURES.map((k) => [k, Number(r[k])])),
      })),
    ).toEqual(searchRows(search));
  });

  it('table: units in the header, four decimals, one line per multiplet', () => {
    const { header, cells } = tableCells(run(['search', CSV, ...SEARCH, '--format', 'table']));
    expect(header).toMatch(/size +kind +rank +Ω \(bits\) +TC \(bits\) +DTC \(bits\) +S \(bits\) +variables/);
    const expected = searchRows(search);
    expect(cells).toHaveLength(expected.length);
    cells.forEach(([size, kind, rank, ...rest], i) => {
      const e = expected[i];
      expect([Number(size), kind, Number(rank)]).toEqual([e.size, e.kind, e.rank]);
      MEASURES.forEach((k, j) => {
        expect(rest[j]).toMatch(/^-?\d+\.\d{4}$/);
        expect(Math.abs(Number(rest[j]) - e[k])).toBeLessThanOrEqual(5e-5 + 1e-12);
      });
      expect(rest[4].split(' ')).toEqual(e.vars);
    });
    expect(run(['search', CSV, ...SEARCH, '--format', 'table'])).not.toMatch(/\x1b\[/); // no colours
  });
});

describe('measure and mi in every format', () => {
  it('measure: one row in csv and ndjson, the numbers of the JSON', () => {
    const result = json(['measure', CSV, ...MEASURE]);
    const rows = parseCsv(run(['measure', CSV, ...MEASURE, '--format', 'csv']));
    expect(rows).toHaveLength(1);
    for (const k of MEASURES) expect(Number(rows[0][k])).toBe(result[k]);
    expect(rows[0].vars.split(';')).toEqual(result.vars);
    expect(rows[0].target).toBe('y');
    const lines = run(['measure', CSV, ...MEASURE, '--format', 'ndjson']).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ n_samples: result.n_samples, oinfo_version: VERSION });
    expect(lines[1]).toEqual({ vars: result.vars, target: result.target, ...pick(result) });
    const { cells } = tableCells(run(['measure', CSV, ...MEASURE, '--format', 'table']));
    expect(cells).toHaveLength(1);
    expect(Number(cells[0][1])).toBeCloseTo(result.oinfo, 4);
  });

  it('mi: one row per variable in csv, ndjson and table', () => {
    const result = json(['mi', CSV, ...MI]);
    const names = Object.keys(result.mi);
    const rows = parseCsv(run(['mi', CSV, ...MI, '--format', 'csv']));
    expect(Object.fromEntries(rows.map((r) => [r.variable, Number(r.mi)]))).toEqual(result.mi);
    expect(rows.map((r) => r.variable)).toEqual(names);
    const lines = run(['mi', CSV, ...MI, '--format', 'ndjson']).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ target: 'y', oinfo_version: VERSION });
    expect(lines.slice(1)).toEqual(names.map((variable) => ({ variable, mi: result.mi[variable] })));
    const { header, cells } = tableCells(run(['mi', CSV, ...MI, '--format', 'table']));
    expect(header).toMatch(/variable +MI \(bits\)/);
    expect(cells.map(([name, value]) => [name, Number(value)])).toEqual(names.map((n) => [n, Number(result.mi[n].toFixed(4))]));
  });

  it('csv quotes a column name with a comma or a quote (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    const data = join(dir, 'odd-names.csv');
    writeFileSync(data, readFileSync(CSV, 'utf8').replace(/^r1,r2,r3,/, '"r,1","r""2",r3,'));
    const result = json(['measure', data, '--vars', '"r,1","r""2",r3']);
    const rows = parseCsv(run(['measure', data, '--vars', '"r,1","r""2",r3', '--format', 'csv']));
    expect(rows[0].vars.split(';')).toEqual(['r,1', 'r"2', 'r3']);
    expect(Number(rows[0].oinfo)).toBe(result.oinfo);
  });
});

describe('--out', () => {
  it('"-" is stdout: no file named "-", the format chosen as for stdout', () => {
    const dash = join(REPO, '-');
    expect(existsSync(dash)).toBe(false);
    expect(json(['search', CSV, ...SEARCH, '--out', '-']).sizes).toEqual(search.sizes);
    expect(parseCsv(run(['mi', CSV, ...MI, '--out', '-', '--format', 'csv'])).length).toBeGreaterThan(0);
    expect(existsSync(dash)).toBe(false);
  });

  it.each([
    ['r.json', (t: string) => expect(JSON.parse(t).oinfo_version).toBe(VERSION)],
    ['r.ndjson', (t: string) => expect(t.trimEnd().split('\n').map((l) => JSON.parse(l))).toHaveLength(1 + 2 * 2 * 2)],
    ['r.jsonl', (t: string) => expect(t.trimEnd().split('\n').map((l) => JSON.parse(l))).toHaveLength(1 + 2 * 2 * 2)],
    ['r.CSV', (t: string) => expect(parseCsv(t)).toHaveLength(2 * 2 * 2)],
    ['r.txt', (t: string) => expect(tableCells(t).cells).toHaveLength(2 * 2 * 2)],
    ['no-extension', (t: string) => expect(JSON.parse(t).sizes).toEqual(search.sizes)], // as before: JSON
  ])('the format follows the extension: %s', (name, check) => {
    const out = join(dir, name);
    const r = oinfo(['search', CSV, ...SEARCH, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`oinfo: wrote ${out}\n`);
    check(readFileSync(out, 'utf8'));
  });

  it('--format wins over an unknown extension', () => {
    const out = join(dir, 'r.dat');
    expect(oinfo(['measure', CSV, ...MEASURE, '--out', out, '--format', 'csv']).code).toBe(0);
    expect(parseCsv(readFileSync(out, 'utf8'))).toHaveLength(1);
  });

  it.each([
    ['an extension that contradicts --format', ['--out', 'x.json', '--format', 'csv'], /^oinfo: --out ".*x\.json" has a json extension \(\.json\) but --format is csv: change the extension or drop --format$/],
    ['a table extension with --format ndjson', ['--out', 'x.txt', '--format', 'ndjson'], /has a table extension/],
    ['an unknown extension without --format', ['--out', 'x.dat'], /^oinfo: cannot tell the format of --out ".*x\.dat" from its extension "\.dat": use .*\.csv.*, or give --format json\|ndjson\|csv\|table$/],
    ['an unknown --format', ['--format', 'xml'], /^oinfo: option '--format <format>' argument 'xml' is invalid\. it must be one of json, ndjson, csv, table\.$/],
  ])('%s: exit 2, one line, nothing written', (_label, args, message) => {
    for (const command of [['search', CSV, ...SEARCH], ['measure', CSV, ...MEASURE], ['mi', CSV, ...MI]]) {
      const resolved = args.map((a) => (a.startsWith('x.') ? join(dir, a) : a));
      const r = oinfo([...command, ...resolved]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr.trimEnd()).toMatch(message);
      for (const a of resolved) if (a.startsWith(dir)) expect(existsSync(a)).toBe(false);
    }
  });
});

describe('input "-": CSV on stdin', () => {
  const text = () => readFileSync(CSV);

  it.each([
    ['search', SEARCH],
    ['measure', MEASURE],
    ['mi', MI],
  ])('%s - gives the numbers of the file, to the last bit', (command, args) => {
    const fromFile = json([command, CSV, ...args]);
    const fromStdin = JSON.parse(run([command, '-', ...args], text()));
    for (const r of [fromFile, fromStdin]) delete r.elapsed_s;
    expect(fromStdin).toEqual(fromFile);
  });

  it('works with every format', () => {
    expect(run(['measure', '-', ...MEASURE, '--format', 'csv'], text())).toBe(run(['measure', CSV, ...MEASURE, '--format', 'csv']));
  });

  it('a .npy on stdin: exit 2, one line', () => {
    const r = oinfo(['measure', '-', '--vars', 'v0,v1'], {}, { input: Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]) });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('oinfo: standard input is a .npy file: .npy cannot be read from stdin; give its file name\n');
  });

  it.each(['json', 'ndjson', 'csv', 'table'])('bad input on stdin with --format %s: exit 2, one line on stderr, nothing on stdout', (format) => {
    for (const [input, message] of [
      ['a,b,c\n1,2,x\n', /^oinfo: "stdin": non-numeric value "x" in column "c" at row 1$/],
      ['', /^oinfo: "stdin" is empty$/],
    ] as const) {
      const r = oinfo(['measure', '-', '--vars', 'a,b,c', '--format', format], {}, { input });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr.trimEnd()).toMatch(message);
    }
  });
});

describe('chooseFormat', () => {
  it('stdout: table on a terminal, json otherwise', () => {
    expect(chooseFormat(undefined, undefined, true)).toBe('table');
    expect(chooseFormat(undefined, undefined, false)).toBe('json');
  });

  it('--format wins on a terminal and off it', () => {
    for (const tty of [true, false]) for (const f of ['json', 'ndjson', 'csv', 'table'] as const) expect(chooseFormat(f, undefined, tty)).toBe(f);
  });

  it('--out FILE: the extension decides, whatever the terminal', () => {
    for (const tty of [true, false]) {
      expect(chooseFormat(undefined, 'a/r.JSON', tty)).toBe('json');
      expect(chooseFormat(undefined, 'r.jsonl', tty)).toBe('ndjson');
      expect(chooseFormat(undefined, 'r.csv', tty)).toBe('csv');
      expect(chooseFormat(undefined, 'r.txt', tty)).toBe('table');
      expect(chooseFormat(undefined, '/dev/null', tty)).toBe('json');
      expect(chooseFormat('csv', 'r.csv', tty)).toBe('csv');
      expect(chooseFormat('table', 'r.out', tty)).toBe('table');
    }
    expect(() => chooseFormat('json', 'r.csv', true)).toThrow(/has a csv extension/);
    expect(() => chooseFormat(undefined, 'r.xlsx', false)).toThrow(/cannot tell the format/);
  });
});
