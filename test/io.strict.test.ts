/**
 * Issue #8: no import cycles in src/io, one describeNonFinite, a strict .npy header parser, binary
 * files named .csv, and NFC-normalised column names.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { OinfoInputError } from '../src/errors.js';
import { parseCsv } from '../src/io/csv.js';
import { parseNpy } from '../src/io/npy.js';
import { readCsv, readTable } from '../src/io/readTable.js';
import { normalizeName, selectColumns, type Table } from '../src/io/table.js';
import { describeNonFinite } from '../src/util/nonFinite.js';
import { expectInputError, inputFolder } from './helpers/inputFiles.js';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/** Writes `content` to a fresh file in this file's temp folder and returns its path. */
const write = inputFolder('oinfo-io-strict-');

// ---------------------------------------------------------------------------------------------

/** Relative imports (static, re-exports, type-only and dynamic) of one .ts file, as .ts paths. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]);
  return specs
    .filter((s) => s.startsWith('.'))
    .map((s) => path.resolve(path.dirname(file), s).replace(/\.js$/, '.ts'));
}

/** A cycle through `start` in the import graph of src (following modules outside src/io too), or null. */
function cycleThrough(start: string): string[] | null {
  const visited = new Set<string>();
  const walk = (file: string, trail: string[]): string[] | null => {
    for (const next of importsOf(file)) {
      if (next === start) return [...trail, next];
      if (visited.has(next) || !fs.existsSync(next)) continue;
      visited.add(next);
      const found = walk(next, [...trail, next]);
      if (found) return found;
    }
    return null;
  };
  return walk(start, [start]);
}

describe('module structure', () => {
  const ioModules = fs
    .readdirSync(path.join(SRC, 'io'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(SRC, 'io', f));

  it('the import parser sees the imports (sanity check)', () => {
    const csv = importsOf(path.join(SRC, 'io', 'csv.ts')).map((f) => path.relative(SRC, f));
    expect(csv).toContain('errors.ts');
    expect(csv).toContain(path.join('io', 'table.ts'));
  });

  it.each(ioModules.map((f) => [path.basename(f), f]))('src/io/%s is in no import cycle', (_name, file) => {
    const cycle = cycleThrough(file);
    expect(cycle?.map((f) => path.relative(SRC, f)).join(' → ') ?? null).toBeNull();
  });

  it('describeNonFinite is defined once, in src/util/nonFinite.ts', () => {
    const definers: string[] = [];
    const scan = (d: string): void => {
      for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, entry.name);
        if (entry.isDirectory()) scan(p);
        else if (p.endsWith('.ts') && /function\s+describeNonFinite\b/.test(fs.readFileSync(p, 'utf8')))
          definers.push(path.relative(SRC, p));
      }
    };
    scan(SRC);
    expect(definers).toEqual([path.join('util', 'nonFinite.ts')]);
    expect([NaN, Infinity, -Infinity].map(describeNonFinite)).toEqual(['NaN', 'Inf', '-Inf']);
  });
});

// ---------------------------------------------------------------------------------------------
// .npy files with an exact header text (no padding added unless the test writes it).

function npyRaw(header: string, data: number[] = [1, 2, 3, 4, 5, 6], version: 1 | 2 | 3 = 1): Buffer {
  const h = Buffer.from(header, version === 3 ? 'utf8' : 'latin1');
  const pre = Buffer.alloc(version === 1 ? 10 : 12);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]).copy(pre);
  if (version === 1) pre.writeUInt16LE(h.length, 8);
  else pre.writeUInt32LE(h.length, 8);
  const body = Buffer.alloc(data.length * 8);
  data.forEach((v, k) => body.writeDoubleLE(v, k * 8));
  return Buffer.concat([pre, h, body]);
}

/** Pads like numpy: spaces up to a 64-byte boundary, then '\n'. */
function padded(dict: string): string {
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  return dict.padEnd(total - 11, ' ') + '\n';
}

const GOOD = `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }`;

describe('parseNpy: the header is parsed as a Python dict literal', () => {
  const accepted: [string, string][] = [
    ['numpy’s own header', padded(GOOD)],
    ['no trailing comma in the dict', padded(`{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2)}`)],
    ['a trailing comma in the shape', padded(`{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2,), }`)],
    ['keys in another order, double quotes', padded(`{"shape": (3, 2), "fortran_order": False, "descr": "<f8"}`)],
    ['whitespace anywhere', `  { 'descr' :'<f8' ,\n\t'fortran_order'\n: False ,'shape':(  3 ,2 ) , }\r\n`],
    ['no padding and no newline (numpy accepts it)', GOOD],
    ['a unary plus on a size', padded(`{'descr': '<f8', 'fortran_order': False, 'shape': (+3, 2)}`)],
    ['Python 2 long sizes', padded(`{'descr': '<f8', 'fortran_order': False, 'shape': (3L, 2L)}`)],
  ];
  it.each(accepted)('accepts %s', (_label, header) => {
    const t = parseNpy(npyRaw(header), 'x.npy');
    expect(t.nSamples).toBe(3);
    expect(Array.from(t.columns[1])).toEqual([2, 4, 6]);
  });

  it('accepts a version 3.0 (UTF-8) header', () => {
    expect(parseNpy(npyRaw(padded(GOOD), undefined, 3), 'x.npy').nSamples).toBe(3);
  });

  it('parses (6,) and () as shapes, then asks for 2-D', () => {
    const one = `{'descr': '<f8', 'fortran_order': False, 'shape': (6,), }`;
    expectInputError(() => parseNpy(npyRaw(one), 'x.npy'), '"x.npy": expected a 2-D array (samples × variables), got shape (6,)');
    const zero = `{'descr': '<f8', 'fortran_order': False, 'shape': (), }`;
    expectInputError(() => parseNpy(npyRaw(zero), 'x.npy'), '"x.npy": expected a 2-D array (samples × variables), got shape ()');
  });

  const head = `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2)`;
  const rejected: [string, string, string][] = [
    ['a stray token after the dict', `${GOOD} junk`, `unexpected "junk" after the dict`],
    ['a stray token inside the dict', `{'descr': '<f8' x, 'fortran_order': False, 'shape': (3, 2)}`, `unexpected "x" after "'descr': '<f8'"`],
    ['an unknown key', `${head}, 'extra': 1}`, `unknown key 'extra'`],
    ['a duplicate descr', `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), 'descr': '<f8'}`, `duplicate key 'descr'`],
    ['a duplicate shape', `${head}, "shape": (2, 3)}`, `duplicate key 'shape'`],
    ['a key that is not a string', `{descr: '<f8', 'fortran_order': False, 'shape': (3, 2)}`, `unexpected "descr" after "{"`],
    ['an integer key', `{1: '<f8', 'fortran_order': False, 'shape': (3, 2)}`, `a key must be a string, not 1`],
    ['not a dict', `['descr', '<f8']`, `not a dict literal`],
    ['an unclosed dict', `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), `, `unexpected end of the header`],
    ['an unterminated string', `{'descr': '<f8, 'fortran_order': False, 'shape': (3, 2)}`, `unexpected "fortran_order" after "'descr': '<f8, '"`],
    ['a missing colon', `{'descr' '<f8', 'fortran_order': False, 'shape': (3, 2)}`, `unexpected "'<f8'" after "'descr'"`],
    ['a missing comma', `{'descr': '<f8' 'fortran_order': False, 'shape': (3, 2)}`, `unexpected "'fortran_order'" after "'descr': '<f8'"`],
    ['a backslash escape', `{'descr': '<f\\x38', 'fortran_order': False, 'shape': (3, 2)}`, `backslash escape in a string`],
    ['descr not a string', `{'descr': 8, 'fortran_order': False, 'shape': (3, 2)}`, `'descr' must be a string, not 8`],
    ['fortran_order 0', `{'descr': '<f8', 'fortran_order': 0, 'shape': (3, 2)}`, `'fortran_order' must be True or False, not 0`],
    ['fortran_order a string', `{'descr': '<f8', 'fortran_order': 'False', 'shape': (3, 2)}`, `'fortran_order' must be True or False, not 'False'`],
    ['fortran_order lower case', `{'descr': '<f8', 'fortran_order': false, 'shape': (3, 2)}`, `unexpected "false" after "'fortran_order':"`],
    ['shape a list', `{'descr': '<f8', 'fortran_order': False, 'shape': [3, 2]}`, `'shape' must be a tuple of non-negative integers, not [3, 2]`],
    ['shape an int in parentheses', `{'descr': '<f8', 'fortran_order': False, 'shape': (6)}`, `'shape' must be a tuple of non-negative integers, not (6)`],
    ['a negative size', `{'descr': '<f8', 'fortran_order': False, 'shape': (3, -2)}`, `'shape' must be a tuple of non-negative integers, not (3, -2)`],
    ['a size that is too large', `{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999, 2)}`, `'shape' must be a tuple of non-negative integers, not (99999999999999999999, 2)`],
    ['a float size', `{'descr': '<f8', 'fortran_order': False, 'shape': (3.0, 2)}`, `unexpected ".0" after "'shape': (3"`],
    ['a leading zero', `{'descr': '<f8', 'fortran_order': False, 'shape': (003, 2)}`, `leading zero in 003`],
    ['an empty tuple item', `{'descr': '<f8', 'fortran_order': False, 'shape': (3,, 2)}`, `unexpected "," after "'shape': (3,"`],
    ['a lower-case long suffix', `{'descr': '<f8', 'fortran_order': False, 'shape': (3l, 2)}`, `unexpected "l" after "'shape': (3"`],
  ];
  it.each(rejected)('rejects %s', (_label, dict, what) => {
    const header = padded(dict);
    const shown = dict.replace(/\s+/g, ' ').trim();
    expectInputError(() => parseNpy(npyRaw(header), 'x.npy'), `"x.npy": malformed .npy header (${what}): ${shown}`);
  });

  it('a malformed header with newlines inside is still reported on one line', () => {
    const dict = `{'descr': '<f8',\n\n 'fortran_order': False,\n 'shape': (3, 2),\n 'oops': 1}`;
    expectInputError(
      () => parseNpy(npyRaw(padded(dict)), 'x.npy'),
      `"x.npy": malformed .npy header (unknown key 'oops'): {'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), 'oops': 1}`,
    );
  });

  it('shortens a long malformed header', () => {
    const dict = `{'descr': '${'f'.repeat(500)}`;
    expectInputError(() => parseNpy(npyRaw(dict), 'x.npy'), /^"x\.npy": malformed \.npy header \(unterminated string\): \{'descr': 'f{189}…$/);
  });

  it('a structured or sub-array dtype keeps its own message', () => {
    const structured = `{'descr': [('a', '<f8'), ('b', '<f8', (2,))], 'fortran_order': False, 'shape': (3,), }`;
    expectInputError(
      () => parseNpy(npyRaw(padded(structured)), 'x.npy'),
      '"x.npy": unsupported structured dtype; only plain float64 and float32 arrays are supported',
    );
    const subarray = `{'descr': ('<f8', (2,)), 'fortran_order': False, 'shape': (3,), }`;
    expectInputError(
      () => parseNpy(npyRaw(padded(subarray)), 'x.npy'),
      '"x.npy": unsupported sub-array dtype; only plain float64 and float32 arrays are supported',
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe('binary files named .csv', () => {
  const plainName = (f: string) => JSON.stringify(f);

  it('gzip says so and how to decompress', () => {
    const f = write('data.csv', gzipSync('a,b\n1,2\n'));
    const plain = write.path('data-plain.csv');
    const msg = `${plainName(f)} is gzip-compressed, not CSV text: decompress it first (gzip -dc < ${f} > ${plain})`;
    expectInputError(() => readCsv(f), msg);
    expectInputError(() => readTable(f), msg);
  });

  it('quotes a path with spaces in the gzip hint', () => {
    const f = write('my data.csv', gzipSync('a,b\n1,2\n'));
    const plain = write.path('my data-plain.csv');
    expectInputError(() => readCsv(f), `${plainName(f)} is gzip-compressed, not CSV text: decompress it first (gzip -dc < '${f}' > '${plain}')`);
  });

  it('a zip archive (an .xlsx workbook)', () => {
    const f = write('book.csv', Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(40, 7)]));
    expectInputError(() => readTable(f), `${plainName(f)} is a zip archive (an .xlsx workbook?), not CSV text: export it as CSV`);
  });

  it('a legacy .xls workbook', () => {
    const f = write('old.csv', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]));
    expectInputError(() => readCsv(f), `${plainName(f)} is an Excel .xls workbook, not CSV text: export it as CSV`);
  });

  it('a .npy file with a .csv name', () => {
    const f = write('arr.csv', npyRaw(padded(GOOD)));
    expectInputError(() => readCsv(f), `${plainName(f)} is a NumPy .npy file, not CSV text: give it the .npy extension`);
  });

  it('UTF-16 text (with a byte-order mark)', () => {
    const le = write('u16le.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n1,2\n', 'utf16le')]));
    expectInputError(() => readCsv(le), `${plainName(le)} is UTF-16 text, not UTF-8: save it as CSV UTF-8`);
    const be = write('u16be.csv', Buffer.from([0xfe, 0xff, 0, 0x61, 0, 0x0a]));
    expectInputError(() => readCsv(be), `${plainName(be)} is UTF-16 text, not UTF-8: save it as CSV UTF-8`);
  });

  it('NUL bytes', () => {
    const f = write('nul.csv', Buffer.from('a,b\n1,2\n3,\u00004\n'));
    expectInputError(() => readCsv(f), `${plainName(f)} contains NUL bytes (the first at offset 10): it is binary (or UTF-16), not CSV text`);
  });

  it('bytes that are not UTF-8 (e.g. Latin-1) name the line', () => {
    const f = write('latin1.csv', Buffer.from('a,b\n1,2\ncaf\u00e9,3\n', 'latin1'));
    expectInputError(() => readCsv(f), `${plainName(f)} is not UTF-8 text (line 3 has a byte that is not UTF-8; Latin-1?): save it as CSV UTF-8`);
    const g = write('latin1h.csv', Buffer.from('caf\u00e9,b\n1,2\n', 'latin1'));
    expectInputError(() => readCsv(g), `${plainName(g)} is not UTF-8 text (line 1 has a byte that is not UTF-8; Latin-1?): save it as CSV UTF-8`);
  });

  it('valid UTF-8 with non-ASCII names and a BOM still reads', () => {
    const f = write('utf8.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('café,μ,😀\n1,2,3\n')]));
    expect(readTable(f).names).toEqual(['café', 'μ', '😀']);
  });

  it('a text file that merely starts with "PK" or a control character is CSV', () => {
    expect(readCsv(write('pk.csv', 'PKa,b\n1,2\n')).names).toEqual(['PKa', 'b']);
    expectInputError(() => readCsv(write('ctl.csv', '\u001f')), /looks like data|header|empty|non-numeric/);
  });
});

// ---------------------------------------------------------------------------------------------

describe('column names are compared in Unicode NFC', () => {
  const composed = '\u00e9'; // é
  const decomposed = 'e\u0301'; // e + combining acute

  it('normalizeName', () => {
    expect(normalizeName(decomposed)).toBe(composed);
    expect(normalizeName(composed)).toBe(composed);
  });

  it('CSV header names are normalised', () => {
    const t = parseCsv(`${decomposed}t${decomposed},b\n1,2\n`, 'x.csv');
    expect(t.names).toEqual([`${composed}t${composed}`, 'b']);
  });

  it('two spellings of one name are a duplicate', () => {
    expectInputError(
      () => parseCsv(`${composed},b,${decomposed}\n1,2,3\n`, 'x.csv'),
      `"x.csv": duplicate column name "${composed}" (columns 1 and 3)`,
    );
  });

  it('selectColumns normalises the names asked for', () => {
    const t: Table = parseCsv(`a,${composed}\n1,2\n`, 'x.csv');
    expect(selectColumns(t, [decomposed, 'a'])).toEqual([1, 0]);
    expectInputError(() => selectColumns(t, [composed, decomposed]), `column "${composed}" is listed twice`);
  });

  it('cells are not touched (only header names are normalised)', () => {
    expectInputError(() => parseCsv(`a\n1${decomposed}\n`, 'x.csv'), `"x.csv": non-numeric value "1${decomposed}" in column "a" at row 1`);
  });
});
