/**
 * The CSV fast path (src/io/csvFast.ts over native/engine/csv_numbers.hpp) against the JavaScript
 * reader (csv.ts), on both engines: every number it returns is the JavaScript reader's to the last bit
 * (Object.is), it declines exactly what it must, and a file it declines gets the JavaScript reader's
 * result or error, word for word.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { Engine } from '../src/backend/engine.js';
import { prepare } from '../src/api/dataset.js';
import { search } from '../src/api/search.js';
import { getEngine } from '../src/backend/load.js';
import { parseCsv } from '../src/io/csv.js';
import { readCsvFast } from '../src/io/csvFast.js';
import { readTable } from '../src/io/readTable.js';
import { type Table, validateTable } from '../src/io/table.js';
import { syntheticData } from '../bench/data.js';
import { BACKENDS } from './helpers/backends.js';
import { oinfo, REPO } from './helpers/cli.js';
import { inputFolder } from './helpers/inputFiles.js';

const write = inputFolder('oinfo-csv-fast-');
const run = promisify(execFile);

/** A blank line long enough for either engine to be used (csvFast.ts's MIN_BYTES). */
const PADDING = ' '.repeat(1 << 20);

/** Every value equal by Object.is (-0 is not 0, NaN is NaN): the last bit. */
function expectSameTable(actual: Table, expected: Table): void {
  expect(actual.names).toEqual(expected.names);
  expect(actual.nSamples).toBe(expected.nSamples);
  expect(actual.columns.length).toBe(expected.columns.length);
  actual.columns.forEach((column, j) => {
    expect(column.length).toBe(expected.columns[j].length);
    column.forEach((v, i) => {
      if (!Object.is(v, expected.columns[j][i])) expect.fail(`column ${j} row ${i}: ${v} !== ${expected.columns[j][i]}`);
    });
  });
}

/** What a reader gives: its table or its error message. */
function outcome(read: () => Table): { table?: Table; error?: string } {
  try {
    return { table: read() };
  } catch (error) {
    return { error: `${(error as Error).constructor.name}: ${(error as Error).message}` };
  }
}

/** The JavaScript reader on the same text, with readTable's finite check. */
function jsRead(text: string, source: string): Table {
  const t = parseCsv(text, source);
  validateTable(t, source);
  return t;
}

/** Columns of the engine's column-major result. */
function engineColumns(values: Float64Array, fields: number): Float64Array[] {
  const n = values.length / fields;
  return Array.from({ length: fields }, (_, j) => values.subarray(j * n, (j + 1) * n));
}

/** True when JavaScript reads the decimal as ±Infinity, or as 0 from non-zero digits: the engine declines those. */
function outOfRange(cell: string): boolean {
  const s = cell.trim();
  const v = Number(s);
  return !Number.isFinite(v) || (v === 0 && /[1-9]/.test(s.split(/[eE]/)[0]));
}

// ------------------------------------------------------------------------------------------------
// Generators: decimal cells in every spelling csv.ts's DECIMAL allows.

const digits = (minLength: number, maxLength: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength, maxLength });
const blanks = fc.constantFrom('', '', '', ' ', '\t', '  ', ' \t ');

const exponent = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -30, max: 30 }).map(String) },
  { weight: 3, arbitrary: fc.integer({ min: -345, max: 330 }).map(String) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('', '+', '-'), digits(1, 6)).map(([s, d]) => s + d) },
);

/** sign, integer digits, optional point and fraction ('5.', '.5', leading and trailing zeros), optional exponent. */
const decimal = fc
  .record({
    sign: fc.constantFrom('', '+', '-'),
    int: fc.oneof(digits(0, 3), digits(1, 20), fc.tuple(digits(0, 4).map((z) => z.replace(/./g, '0')), digits(1, 17)).map(([a, b]) => a + b)),
    point: fc.boolean(),
    frac: fc.oneof(digits(0, 3), digits(1, 24)),
    exp: fc.option(fc.tuple(fc.constantFrom('e', 'E'), exponent), { nil: undefined }),
  })
  .filter(({ int, frac }) => int.length + frac.length > 0)
  .map(({ sign, int, point, frac, exp }) => `${sign}${point ? `${int}.${frac}` : int + frac}${exp ? exp[0] + exp[1] : ''}`);

/** Doubles as JavaScript writes them: shortest round trip, 1–21 significant digits, exponential. */
const written = fc
  .tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 21 }))
  .map(([x, how, k]) => (how === 0 ? String(x) : how === 1 ? x.toPrecision(k) : how === 2 ? x.toExponential(k - 1) : x.toPrecision(17)));

const cell = fc.tuple(blanks, fc.oneof(decimal, written), blanks).map(([a, d, b]) => a + d + b);

/** A CSV: header, rows of `fields` cells, blank lines here and there, LF or CRLF, a last line end or not. */
const csv = fc
  .record({ fields: fc.integer({ min: 1, max: 5 }), rows: fc.integer({ min: 1, max: 6 }), crlf: fc.boolean(), lastEnd: fc.boolean() })
  .chain(({ fields, rows, crlf, lastEnd }) =>
    fc
      .array(fc.tuple(fc.array(cell, { minLength: fields, maxLength: fields }), fc.option(blanks, { freq: 4 })), { minLength: rows, maxLength: rows })
      .map((lines) => {
        const end = crlf ? '\r\n' : '\n';
        const header = Array.from({ length: fields }, (_, j) => `c${j}`).join(',');
        const body = lines.flatMap(([cells, blank]) => (blank === null ? [cells.join(',')] : [blank, cells.join(',')])).join(end);
        return { fields, crlf, header: header + end, body: body + (lastEnd ? end : ''), cells: lines.flatMap(([cells]) => cells) };
      }),
  );

// ------------------------------------------------------------------------------------------------

const engines = (): [string, Engine][] => BACKENDS.map((b) => [b, getEngine(b)]);

describe('the engine reads the data rows as csv.ts does, to the last bit', () => {
  it.each(BACKENDS)('%s: generated decimal cells, declining exactly the out-of-range ones', (backend) => {
    const engine = getEngine(backend);
    let accepted = 0;
    fc.assert(
      fc.property(csv, ({ fields, crlf, header, body, cells }) => {
        const values = engine.csvNumbers(Buffer.from(body), fields, crlf);
        if (cells.some(outOfRange)) {
          expect(values).toBeUndefined();
          return;
        }
        expect(values, 'declined').toBeDefined();
        accepted++;
        const js = parseCsv(header + body, 'x.csv');
        expectSameTable({ names: js.names, nSamples: js.nSamples, columns: engineColumns(values!, fields) }, js);
      }),
      { numRuns: 600 },
    );
    expect(accepted).toBeGreaterThan(300);
  });

  const hard = [
    '0', '-0', '+0', '0.0', '-0.0e5', '00.000', '0e999999', '-.0', '5.', '.5', '-5.', '+.5', '007', '1.2500000000000000000000000',
    '9007199254740992', '9007199254740993', '9007199254740995', '9007199254740993.000000000000000000001', '18014398509481985',
    '123456789012345678', '12345678901234567890', '9999999999999999999', '99999999999999999999', '0.1', '0.3', '1e23', '8.98846567431158e307',
    '1.7976931348623157e308', '1.7976931348623158e308', '1.797693134862315807e308', '2.2250738585072011e-308', '2.2250738585072012e-308',
    '2.2250738585072014e-308', '4.9e-324', '5e-324', '2.4703282292062328e-324', '2.5e-324', '1e-320', '3.14159265358979323846264338327950288',
    '1.5116347497278202', '-0.33324741553423898', '1E+22', '1e-22', '4.35679e-48', '6.02214076e23', '0.000000000000000000000000000001',
    `0.${'0'.repeat(300)}1`, `1${'0'.repeat(308)}`, `${'9'.repeat(400)}e-100`,
  ];
  it.each(engines())('%s: fixed hard cases (ties, the largest and smallest doubles, many digits)', (_, engine) => {
    expect(hard.filter(outOfRange)).toEqual([]);
    const body = hard.map((h) => `${h},${h}`).join('\n');
    const values = engine.csvNumbers(Buffer.from(body), 2, false);
    expect(values).toBeDefined();
    const js = parseCsv(`a,b\n${body}`, 'x.csv');
    expectSameTable({ names: js.names, nSamples: js.nSamples, columns: engineColumns(values!, 2) }, js);
  });

  const declined: [string, string][] = [
    ['a quoted cell', '1,"2"\n'],
    ['nan', '1,nan\n'],
    ['NaN', 'NaN,1\n'],
    ['inf', '1,inf\n'],
    ['-Infinity', '1,-Infinity\n'],
    ['an empty cell', '1,\n'],
    ['an empty first cell', ',1\n'],
    ['blanks for a cell', '1, \t\n'],
    ['three cells', '1,2,3\n'],
    ['one cell', '1\n'],
    ['a hexadecimal literal', '0x1f,1\n'],
    ['a binary literal', '0b1,1\n'],
    ['1e400', '1e400,1\n'],
    ['-1e400', '1,-1e400\n'],
    ['an underflow to 0', '1e-400,1\n'],
    ['a lone CR', '1,2\r3,4\n'],
    ['a CRLF in an LF file', '1,2\r\n3,4\n'],
    ['a non-ASCII digit', '1,２\n'],
    ['a no-break space', '\u00a01,2\n'],
    ['a form feed', '\f1,2\n'],
    ['a digit separator', '1_000,2\n'],
    ['a bare exponent', '1e,2\n'],
    ['a point alone', '.,2\n'],
    ['a sign alone', '-,2\n'],
    ['two signs', '+-5,2\n'],
    ['a plus before inf', '+inf,2\n'],
    ['a minus before nan', '-nan,2\n'],
    ['a plus alone', '+,2\n'],
    ['two points', '1.2.3,2\n'],
    ['a fractional exponent', '1e5.5,2\n'],
    ['a blank inside a cell', '1 2,3\n'],
    ['a NUL byte', '1,2\u0000\n'],
    ['no data row', '\n  \n\t\n'],
    ['nothing', ''],
  ];
  it.each(engines())('%s declines what is outside its subset', (_, engine) => {
    for (const [what, body] of declined) expect(engine.csvNumbers(Buffer.from(body), 2, false), what).toBeUndefined();
    expect(engine.csvNumbers(Buffer.from('1,2\n3,4\r\n'), 2, true), 'an LF in a CRLF file').toBeUndefined();
    expect(engine.csvNumbers(Buffer.from('1,2\r\n3,4\r'), 2, true), 'a last lone CR').toBeUndefined();
    expect(engine.csvNumbers(Buffer.from('1,2\r\n\r\n3,4'), 2, true)).toEqual(Float64Array.of(1, 3, 2, 4));
    // A million one-cell rows for 1000 fields: declined before a matrix of 8 GB is allocated for them.
    expect(engine.csvNumbers(Buffer.from('1\n'.repeat(1_000_000)), 1000, false), 'rows too short for the fields').toBeUndefined();
  });

  it('native, split over 2 threads, and WASM read a 2.5 MB file of 17-digit numbers as csv.ts does', () => {
    const d = syntheticData(20_000, 6, false, 11);
    const rows = Array.from({ length: d.nSamples }, (_, i) => d.names.map((_, j) => String(d.data[j * d.nSamples + i])).join(','));
    // Blank lines and CRLF, at every place a part boundary may fall.
    const body = rows.map((r, i) => (i % 97 === 0 ? `\r\n ${r}` : r)).join('\r\n');
    const js = parseCsv(`${d.names.join(',')}\r\n${body}`, 'x.csv');
    for (const [name, engine] of engines()) {
      for (const threads of [1, 2]) {
        const values = engine.csvNumbers(Buffer.from(body), 6, true, threads);
        expect(values, `${name}, ${threads} threads`).toBeDefined();
        expectSameTable({ names: js.names, nSamples: js.nSamples, columns: engineColumns(values!, 6) }, js);
      }
    }
  });
});

// ------------------------------------------------------------------------------------------------
// The exact paths (native/engine/decimal_quick.hpp, decimal_exact.hpp): cells aimed at their limits.

/** A positive finite double's bits: x = m·2^e with m an integer (subnormals: e = −1074). */
function significandOf(x: number): { m: bigint; e: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  return biased === 0 ? { m: fraction, e: -1074 } : { m: fraction | (1n << 52n), e: biased - 1075 };
}

/** The exact decimal digits × 10^exponent of the midpoint between x > 0 and the next double up: (2m+1)·2^(e−1), 2^−k = 5^k·10^−k. */
function midpointOf(x: number): { digits: string; exponent: number } {
  const { m, e } = significandOf(x);
  const k = e - 1;
  return k >= 0 ? { digits: ((2n * m + 1n) << BigInt(k)).toString(), exponent: 0 } : { digits: ((2n * m + 1n) * 5n ** BigInt(-k)).toString(), exponent: k };
}

/** digits cut to `keep` significant ones (the exponent adjusted) plus `nudge` units of the last. */
function cut(digits: string, exponent: number, keep: number, nudge: number): { digits: string; exponent: number } {
  const drop = Math.max(0, digits.length - keep);
  const value = BigInt(digits.slice(0, digits.length - drop)) + BigInt(nudge);
  return { digits: (value < 0n ? 0n : value).toString(), exponent: exponent + drop };
}

/** How to write a decimal: sign, fixed (the point anywhere, zeros as needed) or an exponent, and the spelling's options. */
const spelling = fc.record({
  sign: fc.constantFrom('', '', '-', '+'),
  fixed: fc.boolean(),
  bare: fc.boolean(), // fixed: '.5' rather than '0.5', '5.' rather than '5'; exponent: '5.e3' rather than '5e3'
  leadingZeros: fc.constantFrom('', '', '', '00'),
  e: fc.constantFrom('e', 'E'),
  plus: fc.boolean(),
  pad: fc.boolean(), // 'e05'
});

/** digits × 10^exponent written as `how` says (fixed only for exponents of moderate size). */
function spell(digits: string, exponent: number, how: typeof spelling extends fc.Arbitrary<infer T> ? T : never): string {
  const n = digits.length;
  if (how.fixed && n + exponent > -25 && exponent < 25) {
    const point = n + exponent;
    const body =
      point <= 0
        ? `${how.bare ? '' : '0'}.${'0'.repeat(-point)}${digits}`
        : point >= n
          ? `${digits}${'0'.repeat(point - n)}${how.bare ? '.' : ''}`
          : `${digits.slice(0, point)}.${digits.slice(point)}`;
    return how.sign + how.leadingZeros + body;
  }
  const e = exponent + n - 1;
  const power = `${how.pad ? '0' : ''}${Math.abs(e)}`;
  return `${how.sign}${digits[0]}${n > 1 || how.bare ? '.' : ''}${digits.slice(1)}${how.e}${e < 0 ? '-' : how.plus ? '+' : ''}${power}`;
}

/** Doubles where rounding is hardest for the fast paths: any, near 10^k for |k| ≤ 32, and near the subnormal, normal and overflow ends. */
const hardDouble = fc.oneof(
  fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true }),
  fc.tuple(fc.integer({ min: -32, max: 32 }), fc.double({ min: 1, max: 10, noNaN: true })).map(([k, m]) => m * 10 ** k),
  fc.tuple(fc.constantFrom(Number.MIN_VALUE, 2 ** -1022, 2 ** 53, 1e22, 1e27, 1e-27, Number.MAX_VALUE), fc.integer({ min: -40, max: 40 })).map(([x, step]) => {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x);
    view.setBigUint64(0, view.getBigUint64(0) + BigInt(step));
    const y = view.getFloat64(0);
    return Number.isFinite(y) && y > 0 ? y : x;
  }),
);

/** The decimal midpoint between a double and the next, cut to 15–25 digits and nudged by −1, 0 or +1 in the last. */
const midpointCell = fc
  .tuple(hardDouble, fc.integer({ min: 15, max: 25 }), fc.integer({ min: -1, max: 1 }), spelling)
  .map(([x, keep, nudge, how]) => {
    const m = midpointOf(x);
    const c = cut(m.digits, m.exponent, keep, nudge);
    return spell(c.digits, c.exponent, how);
  });

/** 1–19-digit significands (17–19 most) with exponents around the fast paths' limits (±22, ±27). */
const limitCell = fc
  .tuple(
    fc.oneof(fc.bigInt({ min: 10n ** 16n, max: 10n ** 19n - 1n }), fc.bigInt({ min: 1n, max: 10n ** 19n - 1n })),
    fc.constantFrom(-27, -22, -17, 0, 22, 27),
    fc.integer({ min: -5, max: 5 }),
    spelling,
  )
  .map(([w, limit, step, how]) => spell(w.toString(), limit + step - w.toString().length + 17, how));

/** Shortest round trips, longer digit strings than a 64-bit significand holds, and the spellings around them. */
const otherCell = fc.oneof(
  hardDouble.map(String),
  fc.tuple(digits(20, 40), fc.integer({ min: -60, max: 20 }), spelling).map(([d, e, how]) => spell(`1${d}`, e, how)),
);

const aimedCells = fc.array(fc.oneof(midpointCell, limitCell, otherCell), { minLength: 30, maxLength: 30 });

/** A padding cell long enough that each cell between two of them is read by the quick path (32 bytes before, 48 after). */
const PAD_CELL = '0.5'.padEnd(50, '0');

describe('the exact paths: cells aimed at their limits read as Number() reads them, to the last bit', () => {
  it.each(engines())('%s: midpoints, 17–19-digit significands near exponents ±22, ±27, long digit strings, the ends', (_, engine) => {
    let accepted = 0;
    fc.assert(
      fc.property(aimedCells, (cells) => {
        const inRange = cells.filter((c) => !outOfRange(c));
        for (const c of cells.filter(outOfRange)) expect(engine.csvNumbers(Buffer.from(`${PAD_CELL},${c}\n${PAD_CELL},${PAD_CELL}\n`), 2, false), c).toBeUndefined();
        if (inRange.length === 0) return;
        const body = [...inRange.map((c) => `${PAD_CELL},${c}`), `${PAD_CELL},${PAD_CELL}`].join('\n');
        const values = engine.csvNumbers(Buffer.from(body), 2, false);
        expect(values, 'declined').toBeDefined();
        const column = engineColumns(values!, 2)[1];
        inRange.forEach((c, i) => {
          if (!Object.is(column[i], Number(c))) expect.fail(`${c}: ${column[i]} !== ${Number(c)}`);
        });
        accepted += inRange.length;
      }),
      { numRuns: 300 },
    );
    expect(accepted).toBeGreaterThan(7000);
  });

  it('the generated cells reach every path: out of range, more than 19 digits, padded exponents, bare points', () => {
    const sample = fc.sample(aimedCells, { numRuns: 100, seed: 7 }).flat();
    expect(sample.filter(outOfRange).length).toBeGreaterThan(5);
    expect(sample.filter((c) => c.replace(/[eE].*/, '').replace(/\D/g, '').replace(/^0+/, '').length > 19).length).toBeGreaterThan(100);
    expect(sample.filter((c) => /[eE][+-]?0\d/.test(c)).length).toBeGreaterThan(50);
    expect(sample.filter((c) => /^[+-]?\./.test(c) || /\.($|[eE])/.test(c)).length).toBeGreaterThan(20);
  });

  it('decimal_check.cpp: millions of aimed decimals against std::from_chars, the SSE2 and the 8-byte path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oinfo-decimal-'));
    try {
      for (const variant of [[], ['-DOINFO_DECIMAL_SWAR']]) {
        const exe = join(dir, 'decimal-check');
        const engineDir = join(REPO, 'native', 'engine');
        await run('g++', ['-std=c++17', '-O3', '-ffp-contract=off', ...variant, `-I${engineDir}`, join(REPO, 'test', 'native', 'decimal_check.cpp'), join(engineDir, 'decimal.cpp'), '-o', exe]);
        const report = JSON.parse((await run(exe, [])).stdout) as { checked: number; quick: number; mismatches: number; first: string };
        expect(report.checked, variant.join(' ')).toBeGreaterThan(4_000_000);
        expect(report.quick, 'most are read by the quick path').toBeGreaterThan(report.checked / 2);
        expect(report.mismatches, report.first).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('readTable: the fast path or csv.ts, the same table or the same error', () => {
  /** The fast path was taken: its columns are views of one array (csv.ts allocates one per column). */
  const fast = (t: Table) => t.columns.length > 1 && t.columns[1].buffer === t.columns[0].buffer;

  it.each(BACKENDS)('%s: generated files', (backend) => {
    let n = 0;
    fc.assert(
      fc.property(csv, fc.boolean(), ({ fields, crlf, header, body, cells }, bom) => {
        const end = crlf ? '\r\n' : '\n';
        const text = `${bom ? '\ufeff' : ''}${header}${body}${body.endsWith(end) ? '' : end}${PADDING}`;
        const expected = outcome(() => parseCsv(text, 'x.csv'));
        const actual = outcome(() => readCsvFast(Buffer.from(text), 'x.csv', { backend }) ?? parseCsv(text, 'x.csv'));
        expect(actual.error).toBe(expected.error);
        if (expected.table) expectSameTable(actual.table!, expected.table);
        if (fields > 1 && !cells.some(outOfRange)) {
          expect(fast(actual.table!), 'the fast path was taken').toBe(true);
          n++;
        }
      }),
      { numRuns: 150 },
    );
    expect(n).toBeGreaterThan(40);
  });

  const files: [string, string][] = [
    ['plain', 'a,b\n1,2\n3,4\n'],
    ['CRLF, BOM, blanks', '\ufeff a ,\tb\r\n 1 ,\t2\r\n\r\n3,4\r\n'],
    ['NaN: the column is named', 'a,b\n1,NaN\n'],
    ['Inf', 'a,b\n1,2\n-inf,3\n'],
    ['Infinity', 'a,b\n1,Infinity\n'],
    ['1e400', 'a,b\n1,1e400\n'],
    ['1e-400 (0 in JavaScript)', 'a,b\n1e-400,2\n'],
    ['an empty cell', 'a,b\n1,2\n3,\n'],
    ['a field count', 'a,b\n1,2\n3,4,5\n'],
    ['0x1f', 'a,b\n0x1f,2\n'],
    ['quoted numbers', 'a,b\n"1.5",2\n'],
    ['a bad quote', 'a,b\n"1,2\n'],
    ['a quoted header', '"a","b"\n1,2\n'],
    ['a quoted header with a comma', '"a","b,c"\n1,2\n'],
    ['a blank first line', '\n  \na,b\n1,2\n'],
    ['a duplicate name', 'a,a\n1,2\n'],
    ['an empty name', 'a,,c\n1,2,3\n'],
    ['a forgotten header', '1.5,2\n3,4\n'],
    ['a duplicate name and a field count: the field count first', 'a,a\n1,2,3\n'],
    ['no data rows', 'a,b\n \n'],
    ['a lone CR', 'a,b\n1,2\r3,4\n'],
    ['mixed line ends', 'a,b\r\n1,2\n3,4\r\n'],
    ['a no-break space', 'a,b\n\u00a01,2\n'],
    ['a non-ASCII name', 'é,ß\n1,2\n'],
    ['a single column with semicolons', 'a\n1;2\n'],
  ];

  it.each(BACKENDS)('%s: fixed files give csv.ts’s table or its exact error', (backend) => {
    for (const [what, content] of files) {
      const padded = `${content}${PADDING}`;
      const file = write(`${backend}.csv`, padded);
      const expected = outcome(() => jsRead(padded, file));
      const actual = outcome(() => readTable(file, { backend }));
      expect(actual.error, what).toBe(expected.error);
      if (expected.table) expectSameTable(actual.table!, expected.table);
    }
  });

  it('the plain file goes through each engine, a small one through csv.ts', () => {
    for (const backend of BACKENDS) expect(fast(readTable(write('big.csv', `a,b\n1,2\n${PADDING}`), { backend }))).toBe(true);
    expect(fast(readTable(write('small.csv', 'a,b\n1,2\n'), { backend: 'native' }))).toBe(false);
  });

  it('a bad thread count is the computation’s to report: the reader uses all cores', () => {
    for (const threads of [-1, 0, 1.5, 1e9, 'two' as never]) expect(fast(readTable(write('big.csv', `a,b\n1,2\n${PADDING}`), { threads }))).toBe(true);
  });

  it('an unknown backend leaves the reading to csv.ts (the computation reports it)', () => {
    const t = readTable(write('big.csv', `a,b\n1,2\n${PADDING}`), { backend: 'gpu' });
    expect(fast(t)).toBe(false);
    expect(Array.from(t.columns[1])).toEqual([2]);
  });
});

describe('oinfo search on a 1.3 MB CSV of 17-digit numbers (the engine reads it)', () => {
  const d = syntheticData(3_000, 20, true, 5);
  const rows = Array.from({ length: d.nSamples }, (_, i) => d.names.map((_, j) => String(d.data[j * d.nSamples + i])).join(','));
  const text = `${d.names.join(',')}\n${rows.join('\n')}\n`;
  const args = ['--target', 'y', '--min-size', '2', '--max-size', '3', '--top', '5', '--format', 'json'];

  it.each(BACKENDS)('%s: the JSON of the file and of stdin equal the API’s on csv.ts’s table', async (backend) => {
    expect(text.length).toBeGreaterThan(1 << 20);
    const file = write(`search-${backend}.csv`, text);
    const api = await search(prepare(parseCsv(text, file), { backend }), { target: 'y', minSize: 2, maxSize: 3, top: 5, backend });
    for (const [input, stdin] of [[file, undefined], ['-', text]] as const) {
      const r = oinfo(['search', input, ...args, '--backend', backend], {}, { input: stdin });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const { elapsed_s: _cli, oinfo_version: _v, ...cli } = JSON.parse(r.stdout);
      const { elapsed_s: _api, ...expected } = api;
      expect(cli).toEqual(JSON.parse(JSON.stringify(expected)));
    }
  });
});
