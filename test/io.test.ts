/** The input layer: CSV and .npy parsing, readTable dispatch, validateTable and selectColumns. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { OinfoInputError } from '../src/errors.js';
import { parseCsv } from '../src/io/csv.js';
import { parseNpy, readNpy } from '../src/io/npy.js';
import { readCsv, readTable } from '../src/io/readTable.js';
import { selectColumns, type Table, validateTable } from '../src/io/table.js';
import { expectInputError, inputFolder } from './helpers/inputFiles.js';
import { npy } from './helpers/npy.js';

const SYNTH = fileURLToPath(new URL('./fixtures/reference/synth.csv', import.meta.url));

/** Writes `content` to a fresh file in this file's temp folder and returns its path. */
const write = inputFolder('oinfo-io-');

const col = (t: Table, name: string) => Array.from(t.columns[t.names.indexOf(name)]);

// ---------------------------------------------------------------------------------------------

describe('parseCsv: success paths', () => {
  it('parses a header and numeric rows into column-major Float64Arrays', () => {
    const t = parseCsv('a,b,c\n1,2,3\n4,5,6\n', 'x.csv');
    expect(t.names).toEqual(['a', 'b', 'c']);
    expect(t.nSamples).toBe(2);
    expect(t.columns).toHaveLength(3);
    for (const c of t.columns) {
      expect(c).toBeInstanceOf(Float64Array);
      expect(c.length).toBe(2);
    }
    expect(col(t, 'a')).toEqual([1, 4]);
    expect(col(t, 'b')).toEqual([2, 5]);
    expect(col(t, 'c')).toEqual([3, 6]);
  });

  it('handles a file without a trailing newline', () => {
    const t = parseCsv('a,b\n1,2', 'x.csv');
    expect(t.nSamples).toBe(1);
    expect(col(t, 'b')).toEqual([2]);
  });

  it('handles CRLF line endings', () => {
    const t = parseCsv('a,b\r\n1,2\r\n3,4\r\n', 'x.csv');
    expect(t.names).toEqual(['a', 'b']);
    expect(col(t, 'a')).toEqual([1, 3]);
    expect(col(t, 'b')).toEqual([2, 4]);
  });

  it('strips a UTF-8 BOM (in the text and in a file)', () => {
    const t = parseCsv('\ufeffa,b\n1,2\n', 'x.csv');
    expect(t.names).toEqual(['a', 'b']);
    const file = write('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b\r\n1,2\r\n')]));
    const u = readCsv(file);
    expect(u.names).toEqual(['a', 'b']);
    expect(col(u, 'a')).toEqual([1]);
  });

  it('handles quoted fields, including commas and quotes inside names', () => {
    const t = parseCsv('"a","b,c","say ""hi"""\n"1.5","2",3\n', 'x.csv');
    expect(t.names).toEqual(['a', 'b,c', 'say "hi"']);
    expect(col(t, 'a')).toEqual([1.5]);
    expect(col(t, 'b,c')).toEqual([2]);
    expect(col(t, 'say "hi"')).toEqual([3]);
  });

  it('trims whitespace around names and values (also inside quotes for values)', () => {
    const t = parseCsv(' a ,\tb\n  1.5 ,  -2 \n" 3 ",4\n', 'x.csv');
    expect(t.names).toEqual(['a', 'b']);
    expect(col(t, 'a')).toEqual([1.5, 3]);
    expect(col(t, 'b')).toEqual([-2, 4]);
  });

  it('ignores trailing and interior empty lines', () => {
    const t = parseCsv('a,b\n1,2\n\n3,4\n\n\n', 'x.csv');
    expect(t.nSamples).toBe(2);
    expect(col(t, 'a')).toEqual([1, 3]);
    const u = parseCsv('a,b\r\n1,2\r\n\r\n', 'x.csv');
    expect(u.nSamples).toBe(1);
  });

  it('accepts every decimal form, including scientific notation', () => {
    const cells = ['0', '-0', '+1', '1.', '.5', '-.5', '1.25e3', '1E-3', '-2.5E+2', '007', '1e308', '5e-324'];
    const t = parseCsv(`v\n${cells.join('\n')}\n`, 'x.csv');
    expect(col(t, 'v')).toEqual(cells.map(Number));
    expect(Object.is(t.columns[0][1], -0)).toBe(true);
  });

  it('round-trips doubles exactly', () => {
    const values: number[] = [];
    let s = 12345;
    for (let i = 0; i < 500; i++) {
      s = (s * 1103515245 + 12345) % 2 ** 31;
      values.push(((s / 2 ** 31) * 2 - 1) * 10 ** ((i % 21) - 10));
    }
    values.push(Number.MIN_VALUE, Number.MAX_VALUE, -Number.EPSILON, 0.1 + 0.2);
    const t = parseCsv(`x\n${values.map(String).join('\n')}\n`, 'x.csv');
    expect(Array.from(t.columns[0])).toEqual(values);
  });

  it('accepts integer column names (as pandas writes for unnamed columns)', () => {
    const t = parseCsv('0,1,2\n0.5,1.5,2.5\n', 'x.csv');
    expect(t.names).toEqual(['0', '1', '2']);
    expect(t.nSamples).toBe(1);
  });

  it('parses NaN/nan/Inf/-inf/Infinity to NaN/±Infinity (validateTable rejects them later)', () => {
    const t = parseCsv('a,b,c,d,e,f\nNaN,nan,Inf,-inf,Infinity,-Infinity\n+inf,NAN,INF,-INF,+Infinity,-nan\n', 'x.csv');
    expect(Array.from(t.columns[0])).toEqual([NaN, Infinity]);
    expect(Array.from(t.columns[1])).toEqual([NaN, NaN]);
    expect(Array.from(t.columns[2])).toEqual([Infinity, Infinity]);
    expect(Array.from(t.columns[3])).toEqual([-Infinity, -Infinity]);
    expect(Array.from(t.columns[4])).toEqual([Infinity, Infinity]);
    expect(Array.from(t.columns[5])).toEqual([-Infinity, NaN]);
  });
});

describe('parseCsv / readCsv: errors', () => {
  it('missing file', () => {
    const file = write.path('nope.csv');
    expectInputError(() => readCsv(file), `cannot read "${file}": no such file`);
    expectInputError(() => readTable(file), `cannot read "${file}": no such file`);
  });

  it('a directory', () => {
    const sub = write.path('adir.csv');
    fs.mkdirSync(sub);
    expectInputError(() => readCsv(sub), `cannot read "${sub}": it is a directory`);
  });

  it('empty file (also whitespace-only and BOM-only)', () => {
    expectInputError(() => readCsv(write('empty.csv', '')), `"${write.path('empty.csv')}" is empty`);
    expectInputError(() => parseCsv('\n\r\n\n', 'x.csv'), '"x.csv" is empty');
    expectInputError(() => parseCsv('\ufeff', 'x.csv'), '"x.csv" is empty');
    expectInputError(() => parseCsv('   \n \t \n', 'x.csv'), '"x.csv" is empty');
  });

  it('header only, no data rows', () => {
    expectInputError(() => parseCsv('a,b,c\n', 'x.csv'), '"x.csv" has a header row but no data rows');
    expectInputError(() => parseCsv('a,b,c', 'x.csv'), '"x.csv" has a header row but no data rows');
    expectInputError(() => parseCsv('a,b,c\r\n\r\n', 'x.csv'), '"x.csv" has a header row but no data rows');
  });

  it('empty column name', () => {
    expectInputError(
      () => parseCsv('a,,c\n1,2,3\n', 'x.csv'),
      '"x.csv": column 2 of the header row has an empty name',
    );
    expectInputError(
      () => parseCsv('a,b, \n1,2,3\n', 'x.csv'),
      '"x.csv": column 3 of the header row has an empty name',
    );
  });

  it('duplicate column name', () => {
    expectInputError(
      () => parseCsv('a,b,a\n1,2,3\n', 'x.csv'),
      '"x.csv": duplicate column name "a" (columns 1 and 3)',
    );
    expectInputError(
      () => parseCsv('a, b ,"b"\n1,2,3\n', 'x.csv'),
      '"x.csv": duplicate column name "b" (columns 2 and 3)',
    );
  });

  it('a row with the wrong number of fields names the line', () => {
    expectInputError(
      () => parseCsv('a,b,c\n1,2,3\n4,5\n', 'x.csv'),
      '"x.csv": line 3 has 2 fields, expected 3 (one per header column)',
    );
    expectInputError(
      () => parseCsv('a,b\r\n1,2\r\n3,4\r\n5,6,7\r\n', 'x.csv'),
      '"x.csv": line 4 has 3 fields, expected 2 (one per header column)',
    );
    // Blank lines still count as lines.
    expectInputError(
      () => parseCsv('a,b\n1,2\n\n3\n', 'x.csv'),
      '"x.csv": line 4 has 1 field, expected 2 (one per header column)',
    );
  });

  it('a non-numeric cell names the value, the column and the data row', () => {
    const rows = ['x1,x2,x3', '1,2,3', '1,2,3', '1,2,3', '1,2,3', '1,abc,3'];
    expectInputError(
      () => parseCsv(rows.join('\n'), 'x.csv'),
      '"x.csv": non-numeric value "abc" in column "x2" at row 5',
    );
    const file = write('bad.csv', rows.join('\n'));
    expectInputError(() => readTable(file), `"${file}": non-numeric value "abc" in column "x2" at row 5`);
  });

  it.each(['0x10', '0b1', '0o7', '1_000', '1,5', '1e', 'e5', '--1', '1.2.3', 'Infinityx', 'NA', 'null', '½', '١'])(
    'rejects the non-decimal cell %j',
    (cell) => {
      const text = `a\n1\n"${cell}"\n`;
      expectInputError(
        () => parseCsv(text, 'x.csv'),
        `"x.csv": non-numeric value ${JSON.stringify(cell)} in column "a" at row 2`,
      );
    },
  );

  it('shortens very long non-numeric values', () => {
    const cell = 'z'.repeat(100);
    expectInputError(
      () => parseCsv(`a\n${cell}\n`, 'x.csv'),
      `"x.csv": non-numeric value "${'z'.repeat(40)}…" in column "a" at row 1`,
    );
  });

  it('hints at the delimiter when a single-column file has semicolons', () => {
    expectInputError(
      () => parseCsv('a;b\n1;2\n', 'x.csv'),
      '"x.csv": non-numeric value "1;2" in column "a;b" at row 1 (the file has a single column: is it comma-separated?)',
    );
  });

  it('an empty cell', () => {
    expectInputError(() => parseCsv('a,b\n1,2\n3,\n', 'x.csv'), '"x.csv": empty value in column "b" at row 2');
    expectInputError(() => parseCsv('a,b\n1,2\n ,4\n', 'x.csv'), '"x.csv": empty value in column "a" at row 2');
    expectInputError(() => parseCsv('a,b\n"",2\n', 'x.csv'), '"x.csv": empty value in column "a" at row 1');
  });

  it('a missing header row (first row is data)', () => {
    expectInputError(
      () => parseCsv('0.5,1.5,2\n1,2,3\n', 'x.csv'),
      '"x.csv": the first row (0.5,1.5,2) looks like data; a header row with column names is required',
    );
  });

  it('malformed quoting', () => {
    expectInputError(() => parseCsv('a,b\n"1,2\n', 'x.csv'), /^"x\.csv": invalid CSV: .*quote/i);
    expectInputError(() => parseCsv('a,b\n"1"x,2\n', 'x.csv'), /^"x\.csv": invalid CSV: /);
  });
});

describe('the reference synth.csv', () => {
  it('has 2000 samples and columns x0..x7, y; values round-trip exactly', () => {
    const t = readTable(SYNTH);
    expect(t.nSamples).toBe(2000);
    expect(t.names).toEqual(['x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'y']);
    expect(t.columns.every((c) => c.length === 2000)).toBe(true);
    expect(t.columns[0][0]).toBe(-0.4308726734291794);
    // Every cell equals Number() of its text.
    const lines = fs.readFileSync(SYNTH, 'utf8').trim().split(/\r?\n/);
    const last = lines[lines.length - 1].split(',').map(Number);
    expect(t.columns.map((c) => c[1999])).toEqual(last);
  });
});

describe('validateTable', () => {
  const table = (cols: Record<string, number[]>): Table => ({
    names: Object.keys(cols),
    nSamples: Object.values(cols)[0].length,
    columns: Object.values(cols).map((v) => Float64Array.from(v)),
  });

  it('accepts finite values', () => {
    expect(() => validateTable(table({ a: [1, -0, 1e308, 5e-324], b: [0, 0, 0, 0] }))).not.toThrow();
  });

  it('names the column and the 1-based row of NaN, Inf and -Inf', () => {
    const rows = Array.from({ length: 20 }, () => 0);
    const withNaN = rows.slice();
    withNaN[16] = NaN;
    expectInputError(() => validateTable(table({ x1: rows, x3: withNaN })), 'column "x3" has NaN at row 17');
    expectInputError(() => validateTable(table({ a: [0, Infinity] })), 'column "a" has Inf at row 2');
    expectInputError(() => validateTable(table({ a: [-Infinity] })), 'column "a" has -Inf at row 1');
    expectInputError(() => validateTable(table({ a: [-Infinity] }), 'f.csv'), '"f.csv": column "a" has -Inf at row 1');
  });

  it('readTable rejects NaN/Inf spelled in a CSV, naming the column', () => {
    const f1 = write('nan.csv', 'x1,x2,x3\n1,2,3\n4,5,nan\n');
    expectInputError(() => readTable(f1), `"${f1}": column "x3" has NaN at row 2`);
    const f2 = write('inf.csv', 'a,b\n-Infinity,1\n');
    expectInputError(() => readTable(f2), `"${f2}": column "a" has -Inf at row 1`);
    const f3 = write('inf2.csv', 'a,b\n1,2\n3,Inf\n');
    expectInputError(() => readTable(f3), `"${f3}": column "b" has Inf at row 2`);
    // A decimal number too large for a double is Infinity too.
    const f4 = write('big.csv', 'a\n1e400\n');
    expectInputError(() => readTable(f4), `"${f4}": column "a" has Inf at row 1`);
  });
});

describe('selectColumns', () => {
  const t: Table = { names: ['a', 'b', 'c'], nSamples: 1, columns: [1, 2, 3].map((v) => Float64Array.of(v)) };

  it('returns indices in the order asked', () => {
    expect(selectColumns(t, ['c', 'a'])).toEqual([2, 0]);
    expect(selectColumns(t, [])).toEqual([]);
  });

  it('unknown column lists the columns', () => {
    expectInputError(() => selectColumns(t, ['a', 'foo']), 'unknown column "foo" (columns: a, b, c)');
  });

  it('lists at most 10 columns', () => {
    const names = Array.from({ length: 25 }, (_, i) => `v${i}`);
    const wide: Table = { names, nSamples: 1, columns: names.map(() => Float64Array.of(0)) };
    expectInputError(
      () => selectColumns(wide, ['x']),
      'unknown column "x" (columns: v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, … (15 more))',
    );
  });

  it('a column listed twice', () => {
    expectInputError(() => selectColumns(t, ['a', 'b', 'a']), 'column "a" is listed twice');
  });
});

describe('readTable dispatch', () => {
  it('reads .csv and .npy (extension case-insensitive)', () => {
    const c = readTable(write('d.CSV', 'a,b\n1,2\n'));
    expect(c.names).toEqual(['a', 'b']);
    const n = readTable(write('d.NPY', npy({ shape: [1, 2], data: [1, 2] })));
    expect(n.names).toEqual(['v0', 'v1']);
  });

  it('rejects other extensions, naming the file and the supported formats', () => {
    const f = write('d.txt', 'a,b\n1,2\n');
    expectInputError(
      () => readTable(f),
      `cannot read "${f}": unsupported file extension ".txt" (supported formats: .csv, .npy)`,
    );
    const g = write('data', 'a,b\n1,2\n');
    expectInputError(
      () => readTable(g),
      `cannot read "${g}": no file extension (supported formats: .csv, .npy)`,
    );
  });
});

describe('parseNpy: success paths', () => {
  // A 3 x 2 array [[1, 2], [3, 4], [5, 6.5]].
  const rowMajor = [1, 2, 3, 4, 5, 6.5];
  const colMajor = [1, 3, 5, 2, 4, 6.5];
  const check = (t: Table) => {
    expect(t.names).toEqual(['v0', 'v1']);
    expect(t.nSamples).toBe(3);
    expect(t.columns.every((c) => c instanceof Float64Array && c.length === 3)).toBe(true);
    expect(Array.from(t.columns[0])).toEqual([1, 3, 5]);
    expect(Array.from(t.columns[1])).toEqual([2, 4, 6.5]);
  };

  it.each([1, 2, 3] as const)('version %i.0, <f8, C order', (version) => {
    check(parseNpy(npy({ version, shape: [3, 2], data: rowMajor }), 'x.npy'));
  });

  it.each(['<f4', '>f8', '>f4', '|f8', '=f8', 'f8'])('dtype %s', (descr) => {
    check(parseNpy(npy({ descr, shape: [3, 2], data: rowMajor }), 'x.npy'));
  });

  it('float32 values are widened exactly', () => {
    const t = parseNpy(npy({ descr: '<f4', shape: [2, 1], data: [0.1, -1e-20] }), 'x.npy');
    expect(t.columns[0][0]).toBe(Math.fround(0.1));
    expect(t.columns[0][1]).toBe(Math.fround(-1e-20));
  });

  it('Fortran order (f8 and f4, both byte orders)', () => {
    check(parseNpy(npy({ fortran: true, shape: [3, 2], data: colMajor }), 'x.npy'));
    check(parseNpy(npy({ fortran: true, descr: '>f4', shape: [3, 2], data: colMajor }), 'x.npy'));
  });

  it('round-trips doubles exactly and keeps a non-square shape straight', () => {
    const n = 7;
    const p = 5;
    const data = Array.from({ length: n * p }, (_, k) => Math.sin(k + 1) * 10 ** ((k % 9) - 4));
    const t = parseNpy(npy({ shape: [n, p], data }), 'x.npy');
    expect(t.nSamples).toBe(n);
    expect(t.names).toEqual(['v0', 'v1', 'v2', 'v3', 'v4']);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) expect(t.columns[j][i]).toBe(data[i * p + j]);
    const f = parseNpy(npy({ shape: [n, p], data, fortran: true }), 'x.npy');
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) expect(f.columns[j][i]).toBe(data[j * n + i]);
  });

  it('works on a Uint8Array at a non-zero, unaligned offset', () => {
    const b = npy({ shape: [3, 2], data: rowMajor });
    const big = new Uint8Array(b.length + 3);
    big.set(b, 3);
    check(parseNpy(big.subarray(3), 'x.npy'));
  });

  it('accepts Python-2 style shapes with L suffixes and double-quoted keys', () => {
    const raw = `{"descr": "<f8", "fortran_order": False, "shape": (3L, 2L)}`;
    check(parseNpy(npy({ rawHeader: raw, shape: [3, 2], data: rowMajor }), 'x.npy'));
  });

  it('readNpy and readTable read files; readTable rejects NaN naming the column', () => {
    check(readNpy(write('a.npy', npy({ shape: [3, 2], data: rowMajor }))));
    const f = write('nan.npy', npy({ shape: [3, 2], data: [1, 2, 3, NaN, 5, 6] }));
    expect(Number.isNaN(readNpy(f).columns[1][1])).toBe(true);
    expectInputError(() => readTable(f), `"${f}": column "v1" has NaN at row 2`);
  });
});

describe('parseNpy / readNpy: errors', () => {
  it('missing file', () => {
    const f = write.path('missing.npy');
    expectInputError(() => readNpy(f), `cannot read "${f}": no such file`);
  });

  it('bad magic', () => {
    expectInputError(() => parseNpy(Buffer.from('a,b\n1,2\n3,4\n'), 'x.npy'), '"x.npy" is not a .npy file');
    expectInputError(() => parseNpy(Buffer.alloc(0), 'x.npy'), '"x.npy" is not a .npy file');
    expectInputError(() => parseNpy(Buffer.from([0x93, 0x4e, 0x55]), 'x.npy'), '"x.npy" is not a .npy file');
    const f = write('text.npy', 'not numpy at all');
    expectInputError(() => readTable(f), `"${f}" is not a .npy file`);
  });

  it('unsupported version', () => {
    const b = npy({ shape: [3, 2], data: [1, 2, 3, 4, 5, 6] });
    b[6] = 4;
    expectInputError(() => parseNpy(b, 'x.npy'), '"x.npy": unsupported .npy format version 4.0 (supported: 1.0, 2.0, 3.0)');
  });

  it('unsupported dtype names it and the supported ones', () => {
    expectInputError(
      () => parseNpy(npy({ descr: '<i8', shape: [2, 1], data: [1, 2] }), 'x.npy'),
      `"x.npy": unsupported dtype "<i8" (int64); only float64 ('<f8') and float32 ('<f4') arrays are supported`,
    );
    expectInputError(
      () => parseNpy(npy({ descr: '<f2', shape: [2, 1], data: [] }), 'x.npy'),
      `"x.npy": unsupported dtype "<f2" (float16); only float64 ('<f8') and float32 ('<f4') arrays are supported`,
    );
    expectInputError(
      () => parseNpy(npy({ descr: '|b1', shape: [2, 1], data: [] }), 'x.npy'),
      `"x.npy": unsupported dtype "|b1" (bool); only float64 ('<f8') and float32 ('<f4') arrays are supported`,
    );
    expectInputError(
      () => parseNpy(npy({ descr: '<U5', shape: [2, 1], data: [] }), 'x.npy'),
      `"x.npy": unsupported dtype "<U5" (unicode string); only float64 ('<f8') and float32 ('<f4') arrays are supported`,
    );
    const structured = `{'descr': [('a', '<f8'), ('b', '<f8')], 'fortran_order': False, 'shape': (2,), }`;
    expectInputError(
      () => parseNpy(npy({ rawHeader: structured, shape: [2], data: [] }), 'x.npy'),
      `"x.npy": unsupported structured dtype; only plain float64 and float32 arrays are supported`,
    );
  });

  it('not 2-D gives the shape', () => {
    expectInputError(
      () => parseNpy(npy({ shape: [6], data: [1, 2, 3, 4, 5, 6] }), 'x.npy'),
      '"x.npy": expected a 2-D array (samples × variables), got shape (6,)',
    );
    expectInputError(
      () => parseNpy(npy({ shape: [2, 3, 1], data: [1, 2, 3, 4, 5, 6] }), 'x.npy'),
      '"x.npy": expected a 2-D array (samples × variables), got shape (2, 3, 1)',
    );
    expectInputError(
      () => parseNpy(npy({ shape: [], data: [1] }), 'x.npy'),
      '"x.npy": expected a 2-D array (samples × variables), got shape ()',
    );
  });

  it('an empty array', () => {
    expectInputError(() => parseNpy(npy({ shape: [0, 3], data: [] }), 'x.npy'), '"x.npy": the array is empty (shape (0, 3))');
    expectInputError(() => parseNpy(npy({ shape: [4, 0], data: [] }), 'x.npy'), '"x.npy": the array is empty (shape (4, 0))');
  });

  it('truncated data gives expected and actual byte counts', () => {
    const b = npy({ shape: [3, 2], data: [1, 2, 3, 4, 5, 6] });
    expectInputError(
      () => parseNpy(b.subarray(0, b.length - 8), 'x.npy'),
      '"x.npy": truncated data: expected 48 bytes for shape (3, 2) float64, got 40',
    );
    const c = npy({ descr: '<f4', shape: [3, 2], data: [1, 2, 3, 4, 5, 6] });
    expectInputError(
      () => parseNpy(c.subarray(0, c.length - 24), 'x.npy'),
      '"x.npy": truncated data: expected 24 bytes for shape (3, 2) float32, got 0',
    );
  });

  it('truncated or malformed header', () => {
    const b = npy({ shape: [3, 2], data: [1, 2, 3, 4, 5, 6] });
    expectInputError(() => parseNpy(b.subarray(0, 30), 'x.npy'), '"x.npy" is truncated (header of 118 bytes, file has 20)');
    expectInputError(
      () => parseNpy(npy({ rawHeader: `{'descr': '<f8', 'shape': (3, 2), }`, shape: [3, 2], data: [] }), 'x.npy'),
      /^"x\.npy": malformed \.npy header \(no 'fortran_order'\)/,
    );
    expectInputError(
      () => parseNpy(npy({ rawHeader: `{'fortran_order': False, 'shape': (3, 2), }`, shape: [3, 2], data: [] }), 'x.npy'),
      /^"x\.npy": malformed \.npy header \(no 'descr'\)/,
    );
    expectInputError(
      () => parseNpy(npy({ rawHeader: `{'descr': '<f8', 'fortran_order': False}`, shape: [3, 2], data: [] }), 'x.npy'),
      /^"x\.npy": malformed \.npy header \(no 'shape'\)/,
    );
    expectInputError(
      () => parseNpy(npy({ rawHeader: `{'descr': '<f8', 'fortran_order': False, 'shape': (3, x)}`, shape: [3, 2], data: [] }), 'x.npy'),
      `"x.npy": malformed .npy header (unexpected "x" after "'shape': (3,"): {'descr': '<f8', 'fortran_order': False, 'shape': (3, x)}`,
    );
  });
});

describe('performance (logged, not asserted)', () => {
  it('parses a 10 000 x 101 CSV', () => {
    const n = 10_000;
    const p = 101;
    const lines = [Array.from({ length: p }, (_, j) => `x${j}`).join(',')];
    let s = 1;
    for (let i = 0; i < n; i++) {
      const row = new Array<string>(p);
      for (let j = 0; j < p; j++) {
        s = (s * 16807) % 2147483647;
        row[j] = String((s / 2147483647) * 6 - 3);
      }
      lines.push(row.join(','));
    }
    const text = lines.join('\n') + '\n';
    const file = write('perf.csv', text);
    const times: number[] = [];
    let t: Table | undefined;
    for (let rep = 0; rep < 3; rep++) {
      const t0 = performance.now();
      t = readTable(file);
      times.push(performance.now() - t0);
    }
    console.log(
      `readTable of a ${n} x ${p} CSV (${(text.length / 1e6).toFixed(1)} MB): ${times.map((x) => x.toFixed(0)).join(', ')} ms`,
    );
    expect(t!.nSamples).toBe(n);
    expect(t!.columns).toHaveLength(p);
  }, 60_000);
});
